"""Real server processes (`python -m service`) on one database, as replicas behind a load
balancer run: a token accepted by one is refused by every other, replicas starting at once on
a new database all come up, and what they stored outlives a restart of all of them."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from joserfc import jwt

from service.migrations import migrate
from service.store import FeedbackStore
from tests.payloads import feedback_overridden
from tests.service.test_auth import hook_request
from tests.service.tokens import es384_key, jwks

ISSUER = "https://ehr.replicas.example"
KEY = es384_key("replicas-key-1")
# What the EHR calls: the load balancer's URL, the same for every replica behind it.
PUBLIC = "http://127.0.0.1:8765"
SIGN = "/cds-services/spinal-metastases-order-sign"
FEEDBACK = SIGN + "/feedback"
_START_TIMEOUT_S = 60.0


@dataclass
class Server:
    """One `python -m service` process on `port`; its JSON log lines go to `log`."""

    process: subprocess.Popen[bytes]
    port: int
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def log_lines(self) -> list[dict[str, Any]]:
        lines = []
        for line in self.log.read_text(encoding="utf-8").splitlines():
            try:
                lines.append(json.loads(line))
            except ValueError:
                continue
        return lines

    def auth_failures(self) -> list[str]:
        return [
            str(line.get("reason"))
            for line in self.log_lines()
            if line.get("message") == "authentication failed"
        ]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _environment(tmp_path: Path, database_url: str) -> dict[str, str]:
    keys = tmp_path / "ehr-jwks.json"
    keys.write_text(json.dumps(jwks(KEY)), encoding="utf-8")
    environment = {k: v for k, v in os.environ.items() if not k.startswith("CDS_")}
    environment.update(
        CDS_DATABASE_URL=database_url,
        CDS_PUBLIC_BASE_URL=PUBLIC,
        CDS_BEHIND_PROXY="true",
        CDS_TRUSTED_ISSUERS=json.dumps([{"iss": ISSUER, "jwks_file": str(keys)}]),
        CDS_LOG_LEVEL="INFO",
    )
    return environment


def _start(tmp_path: Path, environment: dict[str, str], name: str) -> Server:
    port = _free_port()
    log = tmp_path / f"{name}.log"
    with log.open("ab") as stderr:
        process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
            [sys.executable, "-m", "service", "--host", "127.0.0.1", "--port", str(port)],
            cwd=tmp_path,  # no developer `.env`
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
    return Server(process, port, log)


def _wait_until_ready(servers: Sequence[Server]) -> None:
    deadline = time.monotonic() + _START_TIMEOUT_S
    with httpx.Client(timeout=1.0) as client:
        for server in servers:
            while True:
                if server.process.poll() is not None:
                    pytest.fail(
                        f"server exited ({server.process.returncode}): {server.log_lines()}"
                    )
                try:
                    if client.get(server.url + "/readyz").status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if time.monotonic() > deadline:
                    pytest.fail(f"server on {server.port} not ready in {_START_TIMEOUT_S} s")
                time.sleep(0.05)


def _stop(servers: Sequence[Server]) -> None:
    """SIGTERM, as an orchestrator stops a replica: uvicorn drains and the lifespan closes."""
    for server in servers:
        if server.process.poll() is None:
            server.process.send_signal(signal.SIGTERM)
    for server in servers:
        try:
            server.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait()


@contextmanager
def _replicas(tmp_path: Path, database_url: str, count: int, round_: str) -> Iterator[list[Server]]:
    """`count` servers started at once on `database_url`, ready; stopped on leaving."""
    environment = _environment(tmp_path, database_url)
    with ExitStack() as stack:
        servers = [_start(tmp_path, environment, f"{round_}-{n}") for n in range(count)]
        stack.callback(_stop, servers)
        _wait_until_ready(servers)
        yield servers


def _token(path: str) -> str:
    now = int(time.time())
    claims = {
        "iss": ISSUER,
        "aud": PUBLIC + path,
        "iat": now,
        "exp": now + 300,
        "jti": str(uuid.uuid4()),
    }
    header = {"alg": "ES384", "typ": "JWT", "kid": KEY.kid}
    return jwt.encode(header, claims, KEY, algorithms=["ES384"])


def _post(server: Server, path: str, body: Any, token: str) -> httpx.Response:
    return httpx.post(
        server.url + path,
        json=body,
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    )


def test_a_token_accepted_by_one_server_process_is_refused_by_another(tmp_path: Path) -> None:
    """Two processes on one SQLite file, started at once on a new file (each migrates it)."""
    url = f"sqlite:///{tmp_path / 'var' / 'cds.sqlite3'}"
    with _replicas(tmp_path, url, 2, "sqlite") as (first, second):
        token = _token(SIGN)
        assert _post(first, SIGN, hook_request(), token).status_code == 200
        assert _post(second, SIGN, hook_request(), token).status_code == 401
        assert _post(first, SIGN, hook_request(), token).status_code == 401
        assert _post(second, SIGN, hook_request(), _token(SIGN)).status_code == 200
    assert first.auth_failures() == ["replayed-jti"]
    assert second.auth_failures() == ["replayed-jti"]


def test_four_replicas_on_a_new_postgres_database_share_feedback_and_the_replay_guard(
    tmp_path: Path, postgres_url: str
) -> None:
    migrate(postgres_url)  # `python -m service migrate`, once, before the replicas start
    used = _token(SIGN)
    with _replicas(tmp_path, postgres_url, 4, "first") as servers:
        for server in servers:
            assert _post(server, SIGN, hook_request(), _token(SIGN)).status_code == 200
        assert _post(servers[0], SIGN, hook_request(), used).status_code == 200
        for server in servers[1:]:
            assert _post(server, SIGN, hook_request(), used).status_code == 401
            assert server.auth_failures() == ["replayed-jti"]
        stored = _post(servers[2], FEEDBACK, feedback_overridden(), _token(FEEDBACK))
        assert stored.json() == {"stored": 1, "duplicates": 0}

    with _replicas(tmp_path, postgres_url, 4, "again") as servers:
        again = _post(servers[3], FEEDBACK, feedback_overridden(), _token(FEEDBACK))
        assert again.json() == {"stored": 0, "duplicates": 1}  # the row outlived the restart
        assert _post(servers[1], SIGN, hook_request(), used).status_code == 401  # so did the jti
    store = FeedbackStore(postgres_url)
    try:
        assert store.count() == 1
        assert len(store.calls()) == 5  # every answered call's audit record was written
    finally:
        store.close()
