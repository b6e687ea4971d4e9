"""The framework ceiling: a bare FastAPI endpoint that does what any CDS service must do and
nothing more.

It reads the request body with the service's own reader (content type, size limit, orjson:
`service.cds.body.read_json`) and answers
with a pre-serialised cards response of the same size as ours, on the same uvicorn settings.
Everything our service costs beyond this is FHIR reading, guideline logic, card building,
audit and logging: the ratio ours / ceiling is the share of the framework's speed we keep.

`python -m bench.ceiling --port P --answers FILE`, FILE a JSON object of service id → the
response body text to answer with.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import Response

from service.__main__ import SERVER_HTTP, SERVER_LOOP, prepare_process
from service.cds.body import read_json
from service.logging_json import configure_logging

MAX_BODY_BYTES = 8 * 1024 * 1024  # the service's default limit


def create_ceiling_app(answers: dict[str, bytes], burn_ms: float = 0.0) -> FastAPI:
    """A POST /cds-services/{id} that decodes the body and returns the stored answer.

    `burn_ms` keeps the CPU busy that long per call, in the event loop as our code does:
    a bare endpoint as slow as ours, to tell our code's tail latency from the server's.
    """
    app = FastAPI()

    @app.get("/healthz")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.post("/cds-services/{service_id}")
    async def call(service_id: str, request: Request) -> Response:
        body = await read_json(request, MAX_BODY_BYTES)
        if not isinstance(body, dict):
            return Response(status_code=400)
        if burn_ms:
            until = time.perf_counter() + burn_ms / 1000
            while time.perf_counter() < until:
                pass
        return Response(answers[service_id], media_type="application/json")

    return app


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.ceiling")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--answers", type=Path, required=True)
    parser.add_argument("--burn-ms", type=float, default=0.0)
    args = parser.parse_args()
    answers = {
        key: value.encode()
        for key, value in json.loads(args.answers.read_text(encoding="utf-8")).items()
    }
    # The same log set-up as the service (JSON lines; uvicorn's access log off, as there),
    # so the ratio counts our own log line per call against us, and nothing else.
    configure_logging("INFO")
    app = create_ceiling_app(answers, args.burn_ms)
    prepare_process()  # the service's garbage-collector and lock settings, as for it
    uvicorn.run(
        app,
        host="127.0.0.1",
        port=args.port,
        loop=SERVER_LOOP,
        http=SERVER_HTTP,
        log_config=None,
        log_level="info",
        access_log=False,
    )


if __name__ == "__main__":
    main()
