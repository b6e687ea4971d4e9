"""A real PostgreSQL server for the store tests, which the suite starts and stops itself.

`postgres_server` (once a session) runs Debian's PostgreSQL (`make postgres` installs it; its
programs are in /usr/lib/postgresql/<version>/bin, not on PATH) from a temporary directory: one
`initdb`, then `pg_ctl start` on a free port of 127.0.0.1 with trust authentication for that
address only, and `pg_ctl stop` and the directory removed at the end of the session.
PostgreSQL refuses to run as root, so under root (CI) both run as the `postgres` user that
Debian's package creates. Durability is off (`fsync=off`): the data lives for one session.
`postgres_url` gives a test a new, empty database on it; `database_url` runs a test on a
SQLite file and on PostgreSQL.

Where the server cannot start (PostgreSQL or psycopg not installed, no `postgres` user), those
tests skip, all with one reason; `.ci/run` sets CDS_TESTS_REQUIRE_POSTGRES=1, which turns each
of those skips into a failure, so CI proves every one of them.

Registered for the whole suite in `tests/conftest.py` (`pytest_plugins`).
"""

from __future__ import annotations

import importlib.util
import itertools
import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

# `.ci/run` sets this, so that a test which needs PostgreSQL fails there instead of skipping.
REQUIRE_POSTGRES = "CDS_TESTS_REQUIRE_POSTGRES"
POSTGRES_SKIP_REASON = (
    "needs a PostgreSQL server, which the suite starts itself from Debian's postgresql "
    "(`make postgres`) and reaches with psycopg (the `postgres` extra); CI runs it "
    "({REQUIRE_POSTGRES}=1): {cause}"
)
DEBIAN_BINARIES = Path("/usr/lib/postgresql")
SUPERUSER = "postgres"
_START_TIMEOUT_S = 60
_COMMAND_TIMEOUT_S = 120


class PostgresUnavailable(Exception):
    """The server cannot be started here; the message says why."""


def requires_postgres(cause: str) -> None:
    """Skip the test (or fail it under `.ci/run`) because PostgreSQL cannot run: `cause`."""
    if os.environ.get(REQUIRE_POSTGRES) == "1":
        pytest.fail(f"{REQUIRE_POSTGRES}=1 but PostgreSQL could not be started: {cause}")
    pytest.skip(POSTGRES_SKIP_REASON.format(REQUIRE_POSTGRES=REQUIRE_POSTGRES, cause=cause))


def _version_key(path: Path) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", path.parent.parent.name))


def find_binaries(root: Path = DEBIAN_BINARIES) -> Path:
    """The folder of `initdb` and `pg_ctl`: Debian's newest, else the ones on PATH."""
    found = sorted(root.glob("*/bin/initdb"), key=_version_key)
    if found:
        return found[-1].parent
    on_path = shutil.which("initdb")
    if on_path and shutil.which("pg_ctl"):
        return Path(on_path).resolve().parent
    raise PostgresUnavailable(f"no initdb under {root}/*/bin or on PATH")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class PostgresServer:
    """A running server: `url(name)` names one of its databases, `create_database()` makes one."""

    bindir: Path
    directory: Path
    port: int
    run_as: str | None
    _names: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    @property
    def data(self) -> Path:
        return self.directory / "data"

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def _libpq_url(self, database: str) -> str:
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def create_database(self, prefix: str = "cds_test") -> str:
        """A new, empty database; returns its SQLAlchemy URL."""
        import psycopg
        from psycopg import sql

        name = f"{prefix}_{next(self._names)}"
        with psycopg.connect(self._libpq_url("postgres"), autocommit=True) as connection:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return self.url(name)

    def pg_ctl(self, *args: str) -> subprocess.CompletedProcess[str]:
        return _run([str(self.bindir / "pg_ctl"), "-D", str(self.data), *args], self.run_as)


def _run(command: Sequence[str], run_as: str | None) -> subprocess.CompletedProcess[str]:
    """`command`, as `run_as` when given; PostgresUnavailable with its output if it fails."""
    options: dict[str, Any] = {}
    if run_as is not None:
        options.update(user=run_as, group=pwd.getpwnam(run_as).pw_gid, extra_groups=[])
    try:
        done = subprocess.run(  # noqa: S603 - our own arguments
            list(command),
            capture_output=True,
            text=True,
            timeout=_COMMAND_TIMEOUT_S,
            check=False,
            cwd="/",
            **options,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        raise PostgresUnavailable(f"{Path(command[0]).name}: {exc}") from None
    if done.returncode != 0:
        output = (done.stderr or done.stdout).strip().splitlines()[-3:]
        raise PostgresUnavailable(f"{Path(command[0]).name} failed: {' / '.join(output)}")
    return done


def _run_as() -> str | None:
    """Who runs the server: `postgres` under root (PostgreSQL refuses root), else ourselves."""
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam(SUPERUSER)
    except KeyError:
        raise PostgresUnavailable(
            "running as root and there is no `postgres` user to run the server as"
        ) from None
    return SUPERUSER


def start_postgres() -> PostgresServer:
    """initdb in a new temporary directory and start the server on a free loopback port."""
    if importlib.util.find_spec("psycopg") is None:
        raise PostgresUnavailable("psycopg is not installed (pip install -e '.[dev,postgres]')")
    bindir = find_binaries()
    run_as = _run_as()
    directory = Path(tempfile.mkdtemp(prefix="cds-postgres-"))
    try:
        if run_as is not None:
            entry = pwd.getpwnam(run_as)
            os.chown(directory, entry.pw_uid, entry.pw_gid)
        _run(
            [
                str(bindir / "initdb"),
                "-D",
                str(directory / "data"),
                "-U",
                SUPERUSER,
                "--auth=trust",
                "--encoding=UTF8",
                "--no-locale",
                "--no-sync",
                "--no-instructions",
            ],
            run_as,
        )
        last: PostgresUnavailable | None = None
        for _ in range(3):  # a port taken between our probe and the server's bind: another
            server = PostgresServer(bindir, directory, _free_port(), run_as)
            settings = (
                f"-c port={server.port} -c listen_addresses=127.0.0.1 "
                f"-c unix_socket_directories={directory} "
                "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
            )
            try:
                server.pg_ctl(
                    "-l",
                    str(directory / "server.log"),
                    "-o",
                    settings,
                    "-w",
                    "-t",
                    str(_START_TIMEOUT_S),
                    "start",
                )
            except PostgresUnavailable as exc:
                last = exc
                continue
            return server
        raise last or PostgresUnavailable("the server did not start")
    except BaseException:
        shutil.rmtree(directory, ignore_errors=True)
        raise


def stop_postgres(server: PostgresServer) -> None:
    try:
        server.pg_ctl("-m", "fast", "-w", "stop")
    finally:
        shutil.rmtree(server.directory, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """The session's PostgreSQL server (skips, or fails under `.ci/run`, where none can run)."""
    try:
        server = start_postgres()
    except PostgresUnavailable as exc:
        requires_postgres(str(exc))
        raise  # pragma: no cover - requires_postgres always raises
    try:
        yield server
    finally:
        stop_postgres(server)


@pytest.fixture
def postgres_url(postgres_server: PostgresServer) -> str:
    """The SQLAlchemy URL of a new, empty database on the session's server."""
    return postgres_server.create_database()


@pytest.fixture(params=["sqlite-file", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A new, empty database that outlives its connections: a SQLite file, then PostgreSQL."""
    if request.param == "postgresql":
        url: str = request.getfixturevalue("postgres_url")
        return url
    return f"sqlite:///{tmp_path / 'store.sqlite3'}"
