"""The suite's own PostgreSQL server (tests/postgres_server.py): found, skipped with one reason
where it cannot run, and required by CI (`.ci/run`), which `make test` installs it for."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from tests.conftest import REPO
from tests.postgres_server import (
    REQUIRE_POSTGRES,
    PostgresServer,
    PostgresUnavailable,
    find_binaries,
    requires_postgres,
)


def test_where_postgres_cannot_run_its_tests_skip_with_the_one_reason(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(REQUIRE_POSTGRES, raising=False)
    with pytest.raises(pytest.skip.Exception, match=r"needs a PostgreSQL server.*: no initdb"):
        requires_postgres("no initdb")


def test_under_ci_postgres_that_cannot_run_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(REQUIRE_POSTGRES, "1")
    with pytest.raises(pytest.fail.Exception, match="could not be started: no initdb"):
        requires_postgres("no initdb")


def test_ci_requires_it_and_make_test_installs_it() -> None:
    assert f"{REQUIRE_POSTGRES}=1" in (REPO / ".ci" / "run").read_text(encoding="utf-8")
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    (test_line,) = [line for line in makefile.splitlines() if line.startswith("test:")]
    assert " postgres " in test_line
    assert "apt-get install -y postgresql" in makefile
    assert ".[dev,postgres]" in makefile


def test_the_newest_debian_postgres_is_chosen(tmp_path: Path) -> None:
    for version in ("9.6", "15", "13"):
        bindir = tmp_path / version / "bin"
        bindir.mkdir(parents=True)
        (bindir / "initdb").touch()
    assert find_binaries(tmp_path) == tmp_path / "15" / "bin"


def test_without_postgres_installed_the_reason_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(PostgresUnavailable, match="no initdb under"):
        find_binaries(tmp_path / "none")


def test_each_test_gets_its_own_empty_database(
    postgres_server: PostgresServer, postgres_url: str
) -> None:
    other = postgres_server.create_database()
    assert other != postgres_url
    engine = create_engine(postgres_url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            assert (
                connection.execute(
                    text("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
                ).scalar()
                == 0
            )
            # The server listens on the loopback address only.
            assert connection.execute(text("SHOW listen_addresses")).scalar() == "127.0.0.1"
    finally:
        engine.dispose()
