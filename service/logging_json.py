"""Structured logs: one JSON object per line, for the hospital's log collector.

Our own records carry only protocol facts (service id, hook, hookInstance, rule ids, timings,
outcome) in `extra=`. As a second line of defence the formatter never writes an exception's
message (it may quote data), only its type and frames, and masks anything shaped like a bearer
token or JWT. Libraries that log URLs with patient ids in the query (httpx) are held at WARNING,
and uvicorn's access lines (request line with its query string, client address) are never
written: `python -m service` turns them off, and the handler drops any that are made anyway.
A line written while a request is answered carries its `request_id` (service/request_id.py),
the same id the response's `X-Request-ID` header gives the caller.
"""

from __future__ import annotations

import logging
import re
import sys
import traceback
from datetime import UTC, datetime
from typing import IO, Any

import orjson

from service.request_id import current_request_id

# Attributes every LogRecord has; anything else on a record came in through `extra=`.
_STANDARD = frozenset(
    vars(logging.LogRecord("", 0, "", 0, "", None, None)).keys()
    | {"message", "asctime", "color_message", "taskName"}
)
_JWT = re.compile(r"eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*")
_BEARER = re.compile(r"(?i)(bearer\s+)[^\s\"',]+")
# Loggers that would write request URLs (FHIR queries name the patient) or SQL parameters.
QUIET_LOGGERS = ("httpx", "httpcore", "hpack", "sqlalchemy", "asyncio", "watchfiles")
UVICORN_LOGGERS = ("uvicorn", "uvicorn.error", "uvicorn.access")
# Loggers whose records are never written, at any level: uvicorn sets the access logger's level
# itself, so holding it at WARNING here would not last.
DROPPED_LOGGERS = frozenset({"uvicorn.access"})


def _not_dropped(record: logging.LogRecord) -> bool:
    return record.name not in DROPPED_LOGGERS


def mask_secrets(text: str) -> str:
    """`text` with JWTs and bearer credentials replaced by a marker."""
    # What either pattern needs to match at all: `eyJ` as written, or `bearer` in any case (only
    # ASCII B, E, A, R lower to those letters, so `lower()` finds what `(?i)` matches). Almost no
    # logged string holds either, and two substring tests cost a fraction of two `sub` calls: a
    # log line holds a dozen strings, and the hook-call line is written on every call.
    if "eyJ" not in text and "bearer" not in text.lower():
        return text
    return _BEARER.sub(r"\1[redacted]", _JWT.sub("[jwt]", text))


def _safe(value: Any) -> Any:
    # The scalars our own records hold first: most values are strings, numbers and None.
    if isinstance(value, str):
        return mask_secrets(value)
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, list | tuple):
        return [_safe(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _safe(v) for k, v in value.items()}
    return mask_secrets(str(value))


class JsonFormatter(logging.Formatter):
    """Format a record as one JSON line: time, level, logger, message and the `extra` fields."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": mask_secrets(record.getMessage()),
        }
        request_id = current_request_id.get()
        if request_id is not None:
            line["request_id"] = request_id
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_") and key not in line:
                line[key] = _safe(value)
        if record.exc_info and record.exc_info[0] is not None:
            exc_type, _, tb = record.exc_info
            line["exc_type"] = exc_type.__name__
            line["exc_frames"] = [
                f"{frame.filename}:{frame.lineno} in {frame.name}"
                for frame in traceback.extract_tb(tb)
            ]
        return orjson.dumps(line).decode()


def configure_logging(level: str = "INFO", stream: IO[str] | None = None) -> logging.Handler:
    """Send every log record (ours and uvicorn's) as JSON lines to `stream` (stderr).

    Records no longer look up the file, line and function that logged them (the Logging HOWTO's
    "Optimization": `logging._srcfile = None`): our lines never carry them, and the stack walk
    was a third of the cost of the line every hook call writes.
    """
    logging._srcfile = None
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(_not_dropped)
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    for name in UVICORN_LOGGERS:
        uvicorn_logger = logging.getLogger(name)
        uvicorn_logger.handlers.clear()
        uvicorn_logger.propagate = True
        uvicorn_logger.setLevel(level)
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
    return handler
