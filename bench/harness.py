"""What the benchmark's parts share: a server process on a free port, and a wrk run against it."""

from __future__ import annotations

import json
import os
import socket
import statistics
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
LUA = ROOT / "bench" / "post.lua"


@dataclass(frozen=True)
class Server:
    name: str
    url: str
    process: subprocess.Popen[bytes]

    def rss_mb(self) -> float:
        """Resident memory of the worker (the uvicorn process itself: one worker, no reloader)."""
        status = Path(f"/proc/{self.process.pid}/status").read_text(encoding="ascii")
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        raise RuntimeError("no VmRSS")


@dataclass(frozen=True)
class Load:
    requests_per_s: float
    p50_ms: float
    p99_ms: float
    errors: int


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def serve(
    name: str,
    command: list[str],
    env: dict[str, str],
    log: Path,
    *,
    port: int | None = None,
    ready: str = "/healthz",
) -> Iterator[Server]:
    """`command --port N` until the block ends, once `ready` answers 200 (within 30 s).

    `port`: a fixed one (a server others must find at a known URL), else a free one.
    """
    port = port or free_port()
    url = f"http://127.0.0.1:{port}"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [*command, "--port", str(port)],
            cwd=ROOT,
            env={**os.environ, **env},
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{url}{ready}", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{name} did not start; see {log}")
            time.sleep(0.1)
        yield Server(name, url, process)
    finally:
        process.terminate()
        process.wait(timeout=30)


def wrk(
    server: Server,
    service_id: str,
    body: Path,
    connections: int,
    seconds: int,
    tokens: Path | None = None,
) -> Load:
    """One wrk run; with `tokens` (one JWT a line) each request sends the next one."""
    extra = {"BENCH_TOKENS": str(tokens)} if tokens is not None else {}
    result = subprocess.run(
        [
            "wrk",
            "-t1",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "5s",
            "-s",
            str(LUA),
            f"{server.url}/cds-services/{service_id}",
        ],
        env={**os.environ, "BENCH_BODY": str(body), **extra},
        capture_output=True,
        text=True,
        check=True,
    )
    line = next(x for x in result.stdout.splitlines() if x.startswith("BENCH "))
    figures = json.loads(line.removeprefix("BENCH "))
    errors = sum(
        figures[k] for k in ("connect_errors", "read_errors", "write_errors", "non_2xx", "timeouts")
    )
    return Load(
        requests_per_s=figures["requests"] / (figures["duration_us"] / 1e6),
        p50_ms=figures["p50_us"] / 1000,
        p99_ms=figures["p99_us"] / 1000,
        errors=errors,
    )


def median_load(taken: list[Load]) -> Load:
    """The median of each figure over the rounds; errors are summed, none may hide."""
    return Load(
        requests_per_s=statistics.median(t.requests_per_s for t in taken),
        p50_ms=statistics.median(t.p50_ms for t in taken),
        p99_ms=statistics.median(t.p99_ms for t in taken),
        errors=sum(t.errors for t in taken),
    )
