"""Read a FHIR server's response body as a stream, inflated by us, and never beyond a byte limit.

An allowed FHIR server can still be hostile or broken: a 510 KB gzip body that inflates to
512 MiB was decompressed whole (RSS near 1 GB, the event loop blocked for seconds), and a fast
600 MiB body was read whole. So we take the raw bytes as they arrive, inflate them ourselves
with an output bound (`zlib`'s `max_length`), and stop the moment either the body or the
call's allowance (`ByteAllowance`, shared by every response of one hook call) would be passed.
Between chunks we yield to the event loop, so other requests are served while a body arrives.
The time budget is the caller's (service/fhir_client.py wraps the whole read in it).
"""

from __future__ import annotations

import asyncio
import zlib
from dataclasses import dataclass
from typing import Protocol

import httpx

# What we ask servers for: the encodings this module can inflate with a bound.
ACCEPT_ENCODING = "gzip, deflate"


class BodyRefused(Exception):
    """The body cannot be read within the limits; the message names the limit, never data."""


@dataclass
class ByteAllowance:
    """Bytes of FHIR answers one hook call may still read, over all its responses."""

    left: int

    def take(self, size: int) -> None:
        if size > self.left:
            self.left = 0
            raise BodyRefused("the FHIR answers of this call passed the byte limit per call")
        self.left -= size


class _Decoder(Protocol):
    def feed(self, data: bytes, room: int) -> bytes:
        """The next inflated bytes: at most `room + 1`, so one more means over a limit."""
        ...

    def finish(self) -> bytes: ...


class _Identity:
    def feed(self, data: bytes, room: int) -> bytes:
        return data

    def finish(self) -> bytes:
        return b""


class _Inflater:
    """gzip or deflate (zlib-wrapped, or raw as some servers send it), bounded per chunk."""

    def __init__(self, encoding: str) -> None:
        self._raw_fallback = encoding == "deflate"
        self._inflate = zlib.decompressobj(16 + zlib.MAX_WBITS if encoding != "deflate" else 15)
        self._started = False

    def feed(self, data: bytes, room: int) -> bytes:
        # `room + 1` bytes at most: getting that many means the body is over its limit, and
        # never more than one limit's worth is inflated into memory, whatever the ratio.
        try:
            out = self._inflate.decompress(data, room + 1)
        except zlib.error as exc:
            if self._raw_fallback and not self._started:
                self._raw_fallback = False
                self._inflate = zlib.decompressobj(-zlib.MAX_WBITS)
                return self.feed(data, room)
            raise BodyRefused("the FHIR server sent a body that does not inflate") from exc
        self._started = True
        return out

    def finish(self) -> bytes:
        if not self._inflate.eof:
            raise BodyRefused("the FHIR server sent a truncated compressed body")
        return b""


def _decoder(content_encoding: str) -> _Decoder:
    encoding = content_encoding.strip().lower()
    if encoding in ("", "identity"):
        return _Identity()
    if encoding in ("gzip", "x-gzip", "deflate"):
        return _Inflater(encoding)
    raise BodyRefused("the FHIR server sent a Content-Encoding we do not read")


async def read_body(response: httpx.Response, limit: int, allowance: ByteAllowance) -> bytearray:
    """The inflated body of a streamed `response`: at most `limit` bytes, taken from `allowance`.

    Raises BodyRefused as soon as a limit would be passed (the rest is never read) or the body
    is not what its Content-Encoding says. Inflated bytes count against both limits, and so do
    raw bytes, so neither a bomb nor a flood gets past them.
    """
    decoder = _decoder(response.headers.get("content-encoding", ""))
    body = bytearray()
    raw = 0
    async for chunk in response.aiter_raw():
        raw += len(chunk)
        if raw > limit:
            raise BodyRefused("the FHIR answer passed the byte limit per response")
        out = decoder.feed(chunk, min(limit - len(body), allowance.left))
        if len(body) + len(out) > limit:
            raise BodyRefused("the FHIR answer passed the byte limit per response")
        allowance.take(len(out))
        body += out
        # Data already buffered is handed over without a pause; this lets others run.
        await asyncio.sleep(0)
    body += decoder.finish()
    return body
