"""uvicorn's httptools protocol with a deadline for a request's headers (slowloris).

uvicorn closes an idle keep-alive connection (`timeout_keep_alive`) but sets no time for the
headers of a request: a client that opens a connection and sends nothing, or its headers a
byte at a time, holds the connection for as long as it likes. This protocol closes it when a
request's headers are not complete HEADER_TIMEOUT_S after the connection opened (first request)
or after its first byte (later ones). The body is not covered: the proxy in front bounds that
(README "Going live"), and `limit_concurrency` bounds how many connections wait meanwhile.
"""

from __future__ import annotations

import asyncio
from typing import ClassVar

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

# Seconds a client has for a request's headers: far more than any EHR needs on a network.
HEADER_TIMEOUT_S = 10.0


class HttpToolsWithHeaderTimeout(HttpToolsProtocol):
    """`HttpToolsProtocol` that closes a connection whose request headers do not arrive in time."""

    header_timeout_s: ClassVar[float] = HEADER_TIMEOUT_S
    _header_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm_header_timer()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm_header_timer()
        super().connection_lost(exc)

    def on_message_begin(self) -> None:
        super().on_message_begin()
        if self._header_timer is None:
            self._arm_header_timer()

    def on_headers_complete(self) -> None:
        self._disarm_header_timer()
        super().on_headers_complete()

    def _arm_header_timer(self) -> None:
        self._header_timer = self.loop.call_later(self.header_timeout_s, self._headers_too_late)

    def _disarm_header_timer(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _headers_too_late(self) -> None:
        self._header_timer = None
        if not self.transport.is_closing():
            self.transport.close()
