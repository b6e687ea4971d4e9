"""`make bench`, workers: `python -m service --workers 2` against `--workers 1`, in one run.

The same order-sign call at the same connection counts, in rounds taken in turn, with
authentication off (local demo mode) and on. With authentication on every request sends its
own RS384 token (Epic's algorithm; each `jti` once, as the replay guard requires), so each call
also pays the verifier and the `jti` insert: one database write a call, in the thread pool. The
store is PostgreSQL, as for several workers in production, when Debian's PostgreSQL is
installed here (`make postgres`; one database per server), else a SQLite file per server.

wrk runs on the same two cores as the workers, so the scaling ratio (2 workers / 1) is a
lower bound of what a second core gives. Figures only: nothing here passes or fails.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey

from bench.harness import Load, Server, median_load, serve, wrk

ISSUER = "https://ehr.bench.example"
# What the tokens' aud names: the proxy's URL in front of every server (CDS_BEHIND_PROXY).
PUBLIC = "http://127.0.0.1:8765"
# Tokens made per run: the rate without authentication times the seconds, with this margin.
TOKEN_MARGIN = 1.5


@dataclass(frozen=True)
class WorkersRun:
    authenticated: bool
    connections: int
    one: Load
    two: Load

    @property
    def scaling(self) -> float:
        return self.two.requests_per_s / self.one.requests_per_s


@contextmanager
def _stores(count: int, work: Path) -> Iterator[tuple[list[str], str]]:
    """`count` empty, migrated stores and what they are; PostgreSQL when it can run here."""
    from service.migrations import migrate
    from tests.postgres_server import PostgresUnavailable, start_postgres, stop_postgres

    try:
        server = start_postgres()
    except PostgresUnavailable as exc:
        urls = [f"sqlite:///{work / f'workers-{n}.sqlite3'}" for n in range(count)]
        yield urls, f"a SQLite file per server (PostgreSQL could not start: {exc})"
        return
    try:
        urls = [server.create_database("cds_bench") for _ in range(count)]
        for url in urls:
            migrate(url)
        yield urls, f"PostgreSQL ({server.bindir.parent.name}, fsync off), a database per server"
    finally:
        stop_postgres(server)


def _tokens(key: RSAKey, service_id: str, count: int, folder: Path) -> Path:
    """`count` fresh tokens for one endpoint, one a line."""
    now = int(time.time())
    aud = f"{PUBLIC}/cds-services/{service_id}"
    header = {"alg": "RS384", "typ": "JWT", "kid": key.kid}
    path = folder / f"tokens-{uuid.uuid4().hex}.txt"
    with path.open("w", encoding="ascii") as output:
        for _ in range(count):
            claims = {
                "iss": ISSUER,
                "aud": aud,
                "iat": now,
                "exp": now + 600,
                "jti": str(uuid.uuid4()),
            }
            output.write(jwt.encode(header, claims, key, algorithms=["RS384"]) + "\n")
    return path


def measure(
    python: str,
    service_id: str,
    body: Path,
    connections: list[int],
    seconds: int,
    rounds: int,
    work: Path,
    logs: Path,
) -> tuple[list[WorkersRun], str]:
    """The four servers side by side; medians of `rounds` runs each, taken in turn."""
    key = RSAKey.generate_key(2048, parameters={"kid": "bench-workers", "alg": "RS384"})
    keys = work / "workers-jwks.json"
    keys.write_text(json.dumps(KeySet([key]).as_dict(private=False)), encoding="utf-8")
    base = {"CDS_VIEWER_ENABLED": "false", "CDS_LOG_LEVEL": "INFO"}
    authenticated = {
        "CDS_PUBLIC_BASE_URL": PUBLIC,
        "CDS_BEHIND_PROXY": "true",
        "CDS_TRUSTED_ISSUERS": json.dumps([{"iss": ISSUER, "jwks_file": str(keys)}]),
    }
    results: list[WorkersRun] = []
    with _stores(4, work) as (urls, store), ExitStack() as stack:
        servers: dict[tuple[bool, int], Server] = {}
        for n, (auth, workers) in enumerate([(False, 1), (False, 2), (True, 1), (True, 2)]):
            command = [python, "-m", "service", "--host", "127.0.0.1", "--workers", str(workers)]
            env = {**base, "CDS_DATABASE_URL": urls[n], **(authenticated if auth else {})}
            if not auth:
                command.append("--local-demo")
            name = f"{workers} worker{'s' if workers > 1 else ''}, auth {'on' if auth else 'off'}"
            log = logs / f"workers-{workers}-auth-{'on' if auth else 'off'}.log"
            servers[(auth, workers)] = stack.enter_context(serve(name, command, env, log))
        rates: dict[tuple[int, int], float] = {}
        for auth in (False, True):
            pair = [servers[(auth, 1)], servers[(auth, 2)]]

            def run(server: Server, count: int, length: int, auth: bool = auth) -> Load:
                if not auth:
                    return wrk(server, service_id, body, count, length)
                workers = 1 if server is servers[(True, 1)] else 2
                needed = int(rates[(workers, count)] * length * TOKEN_MARGIN) + 200
                tokens = _tokens(key, service_id, needed, work)
                try:
                    return wrk(server, service_id, body, count, length, tokens)
                finally:
                    tokens.unlink()

            for count in connections:
                if auth is False:
                    for server in pair:
                        wrk(server, service_id, body, count, 2)  # warm-up
                else:
                    for server in pair:
                        run(server, count, 2)
                taken: dict[int, list[Load]] = {1: [], 2: []}
                for turn in range(rounds):
                    order = pair if turn % 2 == 0 else pair[::-1]
                    for server in order:
                        workers = 1 if server is pair[0] else 2
                        taken[workers].append(run(server, count, seconds))
                one, two = median_load(taken[1]), median_load(taken[2])
                if not auth:
                    rates[(1, count)], rates[(2, count)] = one.requests_per_s, two.requests_per_s
                results.append(WorkersRun(auth, count, one, two))
    return results, store


def report(runs: list[WorkersRun], store: str, service_id: str) -> list[str]:
    lines = [
        "",
        f"## Two workers against one ({service_id}, the same load in the same run)",
        "",
        f"Store: {store}. Authentication on: an RS384 token per request, each `jti` once "
        "(verifier + one `jti` insert a call).",
        "",
        "| authentication | conn | 1 worker req/s | 1 worker p50 / p99 ms | 2 workers req/s | "
        "2 workers p50 / p99 ms | scaling 2 / 1 | errors |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for run in runs:
        lines.append(
            f"| {'on' if run.authenticated else 'off'} | {run.connections} | "
            f"{run.one.requests_per_s:,.0f} | {run.one.p50_ms:.1f} / {run.one.p99_ms:.1f} | "
            f"{run.two.requests_per_s:,.0f} | {run.two.p50_ms:.1f} / {run.two.p99_ms:.1f} | "
            f"**{run.scaling:.2f}** | {run.one.errors} / {run.two.errors} |"
        )
    lines += [
        "",
        "wrk shares the two cores with the workers: the scaling is a lower bound of what a "
        "second core gives a service that has it to itself.",
    ]
    return lines
