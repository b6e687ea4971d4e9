"""What the request id and the metrics add to each call, measured on their own.

The load runs show the service's time per call (about 1.4 ms); a few microseconds more are
below their noise, so the two are timed directly, many times, in this process: the
`RequestIdMiddleware` around a bare ASGI app against the bare app (with and without an
incoming `X-Request-ID`), and one call's metrics (`CallMetrics.record`: the call counter,
the latency histogram, one card), once in a single process and once in prometheus_client's
multi-process mode (`--workers N`: each value is a write to a memory-mapped file), which is
decided at import, so that one runs in a child interpreter.

`python -m bench.overhead` prints the figures as JSON.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass

import uvloop
from starlette.types import Message, Receive, Scope, Send

from service.metrics import MULTIPROC_DIR_ENV, for_call
from service.request_id import RequestIdMiddleware

_ROUNDS = 5


@dataclass(frozen=True)
class Overhead:
    request_id_us: float  # median per request, a UUID4 made
    request_id_given_us: float  # median per request, the caller's id kept
    metrics_us: float  # one call's metrics, one process
    metrics_workers_us: float  # the same with --workers N (multi-process mode)


async def _bare(scope: Scope, receive: Receive, send: Send) -> None:
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b"{}"})


async def _receive() -> Message:
    return {"type": "http.request", "body": b"", "more_body": False}


async def _send(message: Message) -> None:
    return None


def _scope(headers: list[tuple[bytes, bytes]]) -> Scope:
    return {
        "type": "http",
        "method": "POST",
        "path": "/cds-services/x",
        "headers": [(b"content-type", b"application/json"), *headers],
    }


async def _per_request_us(app: object, scope: Scope, calls: int) -> float:
    run = app  # an ASGI callable
    started = time.perf_counter()
    for _ in range(calls):
        await run(scope, _receive, _send)  # type: ignore[operator]
    return (time.perf_counter() - started) / calls * 1e6


def _request_id_us(calls: int, given: bool) -> float:
    headers = [(b"x-request-id", b"0f6c1c1e-8f5e-4c5e-9d1c-3a1f0e2b7c44")] if given else []
    scope = _scope(headers)
    wrapped = RequestIdMiddleware(_bare)

    async def rounds() -> float:
        differences = []
        for _ in range(_ROUNDS):
            bare = await _per_request_us(_bare, scope, calls)
            with_id = await _per_request_us(wrapped, scope, calls)
            differences.append(with_id - bare)
        return statistics.median(differences)

    return uvloop.run(rounds())


def metrics_us(calls: int) -> float:
    """Median µs of one call's metrics in this process (its multi-process mode as imported)."""
    metrics = for_call("bench-service", "order-sign")
    cards = (("critical", "SM-MRI-12h"),)
    samples = []
    for _ in range(_ROUNDS):
        started = time.perf_counter()
        for _ in range(calls):
            metrics.record(200, 0.0014, cards)
        samples.append((time.perf_counter() - started) / calls * 1e6)
    return statistics.median(samples)


def _metrics_workers_us(calls: int) -> float:
    with tempfile.TemporaryDirectory(prefix="bench-metrics-") as folder:
        result = subprocess.run(
            [sys.executable, "-m", "bench.overhead", "--metrics-only", str(calls)],
            env={**os.environ, MULTIPROC_DIR_ENV: folder},
            capture_output=True,
            text=True,
            check=True,
        )
    return float(result.stdout.strip())


def measure(calls: int = 100_000) -> Overhead:
    return Overhead(
        request_id_us=_request_id_us(calls, given=False),
        request_id_given_us=_request_id_us(calls, given=True),
        metrics_us=metrics_us(calls),
        metrics_workers_us=_metrics_workers_us(calls),
    )


def main(argv: list[str]) -> int:
    if argv[:1] == ["--metrics-only"]:
        print(f"{metrics_us(int(argv[1])):.3f}")
        return 0
    print(json.dumps(asdict(measure()), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
