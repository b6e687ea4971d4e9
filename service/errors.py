"""Errors that end a request, each rendered as a FHIR OperationOutcome.

A missing clinical fact is never an error: it becomes a card that says what is missing. These
exceptions are for requests we cannot answer at all.
"""

from __future__ import annotations

import logging
from typing import Any, ClassVar

import orjson
from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import ClientDisconnect
from starlette.types import ASGIApp, Message, Receive, Scope, Send

FHIR_JSON = "application/fhir+json"
log = logging.getLogger("service.errors")


class CDSError(Exception):
    """Base class: a status code, a FHIR issue code and a message safe to show the caller."""

    status_code: ClassVar[int] = 400
    issue_code: ClassVar[str] = "invalid"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __repr__(self) -> str:
        return f"{type(self).__name__}(status_code={self.status_code}, message={self.message!r})"


class InvalidRequest(CDSError):
    """The body is not a CDS Hooks request we can read (malformed JSON, missing fields, wrong hook)."""


class Unauthorized(CDSError):
    """The caller could not be authenticated; the message never says why."""

    status_code = 401
    issue_code = "login"


class UnknownService(CDSError):
    """No CDS service (or published resource) with that id."""

    status_code = 404
    issue_code = "not-found"


class PayloadTooLarge(CDSError):
    """The body exceeds the configured limit."""

    status_code = 413
    issue_code = "too-costly"


class PrefetchUnavailable(CDSError):
    """None of the data the service needs was prefetched or could be fetched (spec: 412)."""

    status_code = 412
    issue_code = "not-found"


class ClientDisconnected(CDSError):
    """The client hung up before we had its request body: not our bug, and nobody to answer.

    499, nginx's code for it, so the audit trail and the metrics keep it apart from a 500 (a
    bug of ours, README "Status codes"); the response we render goes nowhere.
    """

    status_code = 499
    issue_code = "incomplete"


class StoreUnavailable(CDSError):
    """The feedback store did not take the write (all of it): the EHR should retry.

    503, never 500: it is not a bug of ours but a database that is down or busy, and a client
    that retries on 503 loses nothing, as we answer 200 only after the commit.
    """

    status_code = 503
    issue_code = "transient"
    retry_after_s: ClassVar[int] = 5


def operation_outcome(status: int, code: str, message: str) -> Response:
    """Render one OperationOutcome issue; `error` for 4xx/5xx as the spec's 3.0 example does."""
    body = {
        "resourceType": "OperationOutcome",
        "issue": [{"severity": "error", "code": code, "diagnostics": message}],
    }
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    if status == StoreUnavailable.status_code:
        headers = {"Retry-After": str(StoreUnavailable.retry_after_s)}
    return Response(orjson.dumps(body), status_code=status, media_type=FHIR_JSON, headers=headers)


async def handle_cds_error(_: Request, exc: Exception) -> Response:
    """Our own errors carry a safe message."""
    assert isinstance(exc, CDSError)  # noqa: S101 - registered for CDSError only
    return operation_outcome(exc.status_code, exc.issue_code, exc.message)


def _describe(errors: list[Any]) -> str:
    """Name the fields that failed, never echoing the values (they may hold patient data)."""
    parts = []
    for error in errors[:5]:
        location = ".".join(str(p) for p in error.get("loc", ()) if p != "body") or "body"
        parts.append(f"{location}: {error.get('msg', 'invalid')}")
    return "; ".join(parts)


async def handle_validation_error(_: Request, exc: Exception) -> Response:
    """FastAPI's own validation (query/path parameters) answers 400 like ours, not 422."""
    assert isinstance(exc, RequestValidationError)  # noqa: S101
    return operation_outcome(400, "invalid", f"Invalid request: {_describe(list(exc.errors()))}")


async def handle_http_error(_: Request, exc: Exception) -> Response:
    """Routing errors (404 unknown path, 405 wrong method) as OperationOutcomes too."""
    assert isinstance(exc, StarletteHTTPException)  # noqa: S101
    code = {404: "not-found", 405: "not-supported"}.get(exc.status_code, "processing")
    return operation_outcome(exc.status_code, code, str(exc.detail))


async def handle_unexpected_error(request: Request, exc: Exception) -> Response:
    """A bug of ours: 500 with no stack trace in the body.

    The log gets the exception type and path only: an exception message may quote patient data,
    whatever logging configuration the process runs with. A client that hung up while a route
    read its body is no bug: an info line and 499, as `ClientDisconnected`.
    """
    if isinstance(exc, ClientDisconnect):
        log.info(
            "client disconnected before its request was read",
            extra={"path": request.url.path[:200]},
        )
        return operation_outcome(
            ClientDisconnected.status_code, ClientDisconnected.issue_code, "Client disconnected."
        )
    log.error(
        "unhandled error",
        extra={"error_type": type(exc).__name__, "path": request.url.path[:200]},
    )
    return operation_outcome(500, "exception", "Internal error; the request was not processed.")


class UnexpectedErrorMiddleware:
    """Answer an unhandled exception with our 500 OperationOutcome inside the CORS middleware.

    Starlette runs the `Exception` handler in ServerErrorMiddleware, the outermost layer, so its
    500 leaves without the CORS headers that CORSMiddleware (further in) adds: a browser client
    such as the CDS Hooks sandbox then sees a CORS failure instead of the OperationOutcome. Added
    innermost of the app's middleware, this layer turns the exception into the response first.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception as exc:
            if started:  # too late for another response; Starlette closes the connection
                raise
            response = await handle_unexpected_error(Request(scope), exc)
            await response(scope, receive, send)
