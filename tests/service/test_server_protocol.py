"""The server closes a connection whose request headers do not arrive in time (slowloris)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
import uvicorn

from service import __main__ as entry
from service.server_protocol import HttpToolsWithHeaderTimeout
from service.settings import Settings


class _Quick(HttpToolsWithHeaderTimeout):
    header_timeout_s = 0.3


async def _app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b"ok"})


@pytest.fixture
def port() -> Iterator[int]:
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    config = uvicorn.Config(_app, http=_Quick, log_level="warning", lifespan="off", ws="none")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.01)
    yield sock.getsockname()[1]
    server.should_exit = True
    thread.join(5)
    sock.close()


def _closed_within(conn: socket.socket, seconds: float) -> bool:
    conn.settimeout(seconds)
    try:
        return conn.recv(1024) == b""
    except TimeoutError:
        return False


def test_a_connection_that_sends_nothing_is_closed(port: int) -> None:
    with socket.create_connection(("127.0.0.1", port)) as conn:
        assert _closed_within(conn, 3)


def test_headers_that_trickle_are_cut_off(port: int) -> None:
    with socket.create_connection(("127.0.0.1", port)) as conn:
        conn.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")
        for _ in range(4):
            time.sleep(0.05)
            conn.sendall(b"X-Slow: 1\r\n")  # never the blank line that ends the headers
        assert _closed_within(conn, 3)


def test_a_prompt_request_is_answered_and_kept_alive(port: int) -> None:
    with socket.create_connection(("127.0.0.1", port)) as conn:
        for _ in range(2):
            conn.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            time.sleep(0.2)
            assert conn.recv(1024).startswith(b"HTTP/1.1 200")
        time.sleep(0.2)  # 0.4 s after the first request: its timer no longer applies
        conn.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        assert conn.recv(1024).startswith(b"HTTP/1.1 200")


def test_the_server_options_set_timeouts_and_a_connection_limit() -> None:
    options = entry.server_options(Settings(local_demo=True, max_connections=64))
    assert options["http"] == "service.server_protocol:HttpToolsWithHeaderTimeout"
    assert options["timeout_keep_alive"] == entry.KEEP_ALIVE_TIMEOUT_S
    assert options["limit_concurrency"] == 64
