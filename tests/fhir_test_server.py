"""The fixture FHIR test server (`fixtures/fhir_server.py`) as pytest fixtures, for the suite.

`fhir_test_server` is one real server on a free loopback port (uvicorn in a thread), started
once a session and reset before and after every test that uses it: loaded data again, no
faults, an empty request record. Real sockets matter: the service reads the server through
its own httpx client exactly as it reads an EHR's, and faults such as a trickled body or a
gzip bomb only exist on a real connection. `running_fhir_server()` starts another instance
for a test that needs its own settings (a page size), and `asgi_client()` / the
`fhir_test_asgi` fixture give the in-process variant for quick tests of the server itself.

Registered for the whole suite in `tests/conftest.py` (`pytest_plugins`).
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
import uvicorn
from starlette.testclient import TestClient

from fixtures.fhir_server import Faults, FhirTestServer

_START_TIMEOUT_S = 10.0


@dataclass
class RunningFhirServer:
    """A FHIR test server answering on `base_url` (no trailing slash)."""

    server: FhirTestServer
    base_url: str

    @contextmanager
    def faults(self, **settings: Any) -> Iterator[Faults]:
        """These `Faults` for the block, then the ones before: `with running.faults(status=503):`."""
        before = self.server.faults
        self.server.faults = Faults(**settings)
        try:
            yield self.server.faults
        finally:
            self.server.faults = before


@contextmanager
def running_fhir_server(server: FhirTestServer | None = None) -> Iterator[RunningFhirServer]:
    """Serve `server` (default: the fixture data as committed) on a free 127.0.0.1 port.

    The socket is bound before uvicorn starts, so the port cannot be taken in between; the
    block is entered only once `metadata` answers, and on leaving uvicorn is asked to exit
    and the thread is joined, so no server outlives its test.
    """
    server = server or FhirTestServer()
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    base_url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    config = uvicorn.Config(server.app, log_level="warning", ws="none", lifespan="off")
    uvicorn_server = uvicorn.Server(config)
    thread = threading.Thread(
        target=uvicorn_server.run, kwargs={"sockets": [sock]}, name="fhir-test-server", daemon=True
    )
    thread.start()
    try:
        _wait_for_metadata(base_url, thread)
        yield RunningFhirServer(server, base_url)
    finally:
        uvicorn_server.should_exit = True
        thread.join(_START_TIMEOUT_S)
        sock.close()


def _wait_for_metadata(base_url: str, thread: threading.Thread) -> None:
    """Until `GET metadata` answers 200: the server is then up and its data loaded."""
    deadline = time.monotonic() + _START_TIMEOUT_S
    with httpx.Client(timeout=1.0) as client:
        while time.monotonic() < deadline:
            if not thread.is_alive():
                raise RuntimeError("the FHIR test server stopped while starting")
            try:
                if client.get(f"{base_url}/metadata").status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.02)
    raise RuntimeError(f"the FHIR test server did not answer within {_START_TIMEOUT_S} s")


def asgi_client(server: FhirTestServer) -> TestClient:
    """The server in-process (no socket); bodies arrive whole, so not for streamed faults."""
    return TestClient(server.app, base_url="http://fhir.test")


@pytest.fixture(scope="session")
def fhir_test_server_session() -> Iterator[RunningFhirServer]:
    """The one server of the session; tests use `fhir_test_server`, which resets it."""
    with running_fhir_server() as running:
        yield running


@pytest.fixture
def fhir_test_server(fhir_test_server_session: RunningFhirServer) -> Iterator[RunningFhirServer]:
    """The session's FHIR test server, as loaded and without faults, for one test."""
    fhir_test_server_session.server.reset()
    yield fhir_test_server_session
    fhir_test_server_session.server.reset()


@pytest.fixture
def fhir_test_asgi() -> Iterator[tuple[FhirTestServer, TestClient]]:
    """A fresh server and an in-process client to it, for tests of the server's answers."""
    server = FhirTestServer()
    with asgi_client(server) as client:
        yield server, client
