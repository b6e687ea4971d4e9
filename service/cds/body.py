"""Read a JSON request body ourselves, so every failure is a clear 400/413 (499 when the client
hangs up), never FastAPI's 422."""

from __future__ import annotations

import logging
from typing import Any, TypeVar

import orjson
from fastapi import Request
from pydantic import BaseModel, ValidationError
from starlette.requests import ClientDisconnect

from service.errors import ClientDisconnected, InvalidRequest, PayloadTooLarge

M = TypeVar("M", bound=BaseModel)
_JSON_TYPES = ("application/json", "application/fhir+json")
log = logging.getLogger("service.body")


async def read_json(request: Request, max_bytes: int) -> Any:
    """The decoded body; rejects a wrong content type, an oversized or a malformed body."""
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type not in _JSON_TYPES:
        raise InvalidRequest("Content-Type must be application/json")
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > max_bytes:
        raise PayloadTooLarge(f"Request body exceeds the limit of {max_bytes} bytes")
    chunks: list[bytes] = []
    size = 0
    try:
        async for chunk in request.stream():
            size += len(chunk)
            if size > max_bytes:
                raise PayloadTooLarge(f"Request body exceeds the limit of {max_bytes} bytes")
            chunks.append(chunk)
    except ClientDisconnect:
        # A client that gives up mid-upload (a timeout, a closed tab) is not our error: 499.
        log.info(
            "client disconnected during its upload",
            extra={"path": request.url.path[:200], "received_bytes": size},
        )
        raise ClientDisconnected("The client disconnected before its request was read") from None
    try:
        return orjson.loads(b"".join(chunks))
    except orjson.JSONDecodeError as exc:
        raise InvalidRequest(f"Malformed JSON: {exc.msg} at position {exc.pos}") from exc


def parse(model: type[M], body: Any) -> M:
    """Validate `body`, naming the failing fields (never their values, which may be PHI)."""
    if not isinstance(body, dict):
        raise InvalidRequest("The request body must be a JSON object")
    try:
        return model.model_validate(body)
    except ValidationError as exc:
        problems = []
        for error in exc.errors()[:5]:
            where = ".".join(str(p) for p in error["loc"]) or "body"
            problems.append(f"{where}: {error['msg']}")
        raise InvalidRequest("Invalid request: " + "; ".join(problems)) from exc
