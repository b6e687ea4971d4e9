"""A real server process for a test: started on a free loopback port, bounded, always stopped.

The processes tests start `python -m service` (or the Dockerfile's command, or `uvicorn
--factory`) as an operator would, read its JSON log lines, and stop it with SIGTERM as an
orchestrator does; a process still running at the end of its test is killed.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

REPO = Path(__file__).resolve().parents[2]
START_TIMEOUT_S = 90.0
STOP_TIMEOUT_S = 30.0


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def clean_environment(**variables: str) -> dict[str, str]:
    """This process' environment without any CDS_* or prometheus variable, plus `variables`;
    `python` on PATH is this interpreter (the Dockerfile's commands call `python`)."""
    environment = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("CDS_") and k != "PROMETHEUS_MULTIPROC_DIR"
    }
    environment["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{environment.get('PATH', '')}"
    # The repository on the path: the processes run from a temporary folder (no developer .env).
    environment["PYTHONPATH"] = str(REPO)
    environment.update(variables)
    return environment


@dataclass
class ServerProcess:
    process: subprocess.Popen[bytes]
    url: str
    log: Path

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def log_lines(self) -> list[dict[str, Any]]:
        """The JSON lines of stderr (every line, when the log configuration holds)."""
        return [json.loads(line) for line in self.log_text().splitlines() if line.startswith("{")]

    def stop(self) -> int:
        """SIGTERM, then wait; SIGKILL only when it does not stop in time (the test then fails)."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            pytest.fail(f"server did not stop within {STOP_TIMEOUT_S} s of SIGTERM")


def wait_ready(server: ServerProcess, path: str = "/readyz") -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    with httpx.Client(timeout=2.0) as client:
        while True:
            if server.process.poll() is not None:
                pytest.fail(f"server exited ({server.process.returncode}):\n{server.log_text()}")
            try:
                if client.get(server.url + path).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"server not ready in {START_TIMEOUT_S} s:\n{server.log_text()}")
            time.sleep(0.1)


def start(
    argv: Sequence[str], environment: Mapping[str, str], cwd: Path, port: int
) -> ServerProcess:
    log = cwd / f"server-{port}.log"
    with log.open("wb") as stderr:
        process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
            list(argv), cwd=cwd, env=dict(environment), stdout=subprocess.DEVNULL, stderr=stderr
        )
    return ServerProcess(process, f"http://127.0.0.1:{port}", log)


@contextmanager
def serving(
    argv: Sequence[str], environment: Mapping[str, str], cwd: Path, port: int
) -> Iterator[ServerProcess]:
    """The server, ready; stopped (SIGTERM) on leaving, killed if it will not stop."""
    server = start(argv, environment, cwd, port)
    try:
        wait_ready(server)
        yield server
    finally:
        if server.process.poll() is None:
            server.process.send_signal(signal.SIGTERM)
            try:
                server.process.wait(timeout=STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                server.process.kill()
                server.process.wait()
