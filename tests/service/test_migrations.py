"""The schema is Alembic's: revision 0001 is the tables of the releases before migrations, the
head is exactly the models of `service/store.py`, and who migrates is decided by the database:
SQLite migrates itself when the store opens, PostgreSQL refuses to start until `migrate`."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from fastapi.testclient import TestClient
from sqlalchemy import (
    Connection,
    MetaData,
    create_engine,
    inspect,
    text,
)
from sqlalchemy.pool import NullPool

from fixtures.replay import fixture_app
from service import migrations
from service.migrations import (
    SchemaNotCurrent,
    SchemaProblem,
    current_revision,
    head_revision,
    is_up_to_date,
    migrate,
    upgrade,
)
from service.store import Base, FeedbackStore
from tests.conftest import REPO

PRE_MIGRATION = ("audit_call", "feedback", "audit_card")


@contextmanager
def _connection(url: str) -> Iterator[Connection]:
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            yield connection
    finally:
        engine.dispose()


def _differences(url: str, metadata: MetaData) -> list[Any]:
    """What Alembic's autogenerate would change to make the database match `metadata`."""
    with _connection(url) as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(context, metadata))


# Columns later revisions added to the tables of the releases before migrations.
LATER_COLUMNS = {"audit_card": {"indicator", "subject_key", "facts_hash"}}


def _pre_migration_metadata() -> MetaData:
    """The models of the releases before migrations: today's tables of then, as they were."""
    metadata = MetaData()
    for name in PRE_MIGRATION:
        copy = Base.metadata.tables[name].to_metadata(metadata)
        for column in LATER_COLUMNS.get(name, ()):
            copy._columns.remove(copy.c[column])
    return metadata


def _tables(url: str) -> set[str]:
    with _connection(url) as connection:
        return set(inspect(connection).get_table_names())


def _previous_release_database(url: str) -> None:
    """A database as the releases before migrations left it: create_all at start, one row."""
    engine = create_engine(url, poolclass=NullPool)
    try:
        _pre_migration_metadata().create_all(engine)
        with engine.begin() as connection:
            connection.execute(
                Base.metadata.tables["feedback"].insert(),
                {
                    "service_id": "svc",
                    "card_uuid": "card-1",
                    "outcome": "overridden",
                    "outcome_timestamp": datetime(2026, 11, 23, 10, tzinfo=UTC),
                    "received_at": datetime(2026, 11, 23, 10, tzinfo=UTC),
                },
            )
    finally:
        engine.dispose()


def test_the_revisions_are_one_line_from_0001_to_the_head() -> None:
    assert head_revision() == "0003"
    scripts = migrations._scripts()
    assert [(s.revision, s.down_revision) for s in scripts.walk_revisions()] == [
        ("0003", "0002"),
        ("0002", "0001"),
        ("0001", None),
    ]


def test_the_migrations_ship_inside_the_package() -> None:
    assert migrations.SCRIPTS == REPO / "service" / "migrations"
    assert (migrations.SCRIPTS / "env.py").is_file()
    assert sorted(p.name for p in (migrations.SCRIPTS / "versions").glob("0*.py")) == [
        "0001_initial.py",
        "0002_jti_seen.py",
        "0003_snooze_and_branches.py",
    ]


def test_migrate_builds_exactly_the_models_schema(database_url: str) -> None:
    assert current_revision(database_url) is None
    assert not is_up_to_date(database_url)
    migrate(database_url)
    assert current_revision(database_url) == "0003"
    assert is_up_to_date(database_url)
    assert _differences(database_url, Base.metadata) == []
    migrate(database_url)  # again: nothing to do
    assert current_revision(database_url) == "0003"


def test_revision_0001_is_the_schema_the_releases_before_migrations_created(
    database_url: str,
) -> None:
    upgrade(database_url, "0001")
    assert _tables(database_url) == {*PRE_MIGRATION, "alembic_version"}
    assert _differences(database_url, _pre_migration_metadata()) == []


def test_a_database_of_a_release_before_migrations_is_taken_over_with_its_rows(
    database_url: str,
) -> None:
    _previous_release_database(database_url)
    assert current_revision(database_url) is None
    migrate(database_url)
    assert current_revision(database_url) == head_revision()
    assert _differences(database_url, Base.metadata) == []
    store = FeedbackStore(database_url)
    try:
        assert [f.card_uuid for f in store.feedback_for("svc")] == ["card-1"]
    finally:
        store.close()


def test_a_database_with_only_some_of_the_tables_is_not_guessed_at(database_url: str) -> None:
    engine = create_engine(database_url, poolclass=NullPool)
    try:
        Base.metadata.tables["feedback"].create(engine)
    finally:
        engine.dispose()
    with pytest.raises(SchemaProblem, match="not audit_call, audit_card, and no alembic_version"):
        migrate(database_url)


def test_a_database_migrated_by_a_later_release_is_left_alone(database_url: str) -> None:
    migrate(database_url)
    with _connection(database_url) as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0099'"))
        connection.commit()
    with pytest.raises(SchemaNotCurrent, match="0099, which this release does not know"):
        migrate(database_url)
    with pytest.raises(SchemaNotCurrent, match="0099, which this release does not know"):
        FeedbackStore(database_url)
    assert current_revision(database_url) == "0099"


def test_downgrade_to_0001_and_back_again(database_url: str) -> None:
    migrate(database_url)
    with _connection(database_url) as connection:
        command.downgrade(migrations._config(connection), "0001")
        connection.commit()
    assert "jti_seen" not in _tables(database_url)
    assert current_revision(database_url) == "0001"
    migrate(database_url)
    assert _differences(database_url, Base.metadata) == []


# --- SQLite: the store migrates itself ----------------------------------------------------


def test_a_sqlite_store_migrates_its_database_when_it_opens(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'var' / 'cds.sqlite3'}"
    store = FeedbackStore(url)
    store.close()
    assert current_revision(url) == head_revision()
    assert _differences(url, Base.metadata) == []


def test_migrate_makes_the_folder_of_a_sqlite_file(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'new' / 'var' / 'cds.sqlite3'}"
    migrate(url)
    assert current_revision(url) == head_revision()
    assert _differences(url, Base.metadata) == []


def test_a_sqlite_file_of_a_release_before_migrations_is_taken_over_when_it_opens(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 'cds.sqlite3'}"
    _previous_release_database(url)
    store = FeedbackStore(url)
    try:
        assert store.count() == 1
        assert store.first_use("iss", "jti", 2.0, 1.0)
    finally:
        store.close()
    assert current_revision(url) == head_revision()


def test_the_in_memory_store_is_migrated_on_its_own_connection() -> None:
    store = FeedbackStore("sqlite://")
    try:
        assert current_revision(store.engine) == head_revision()
        assert is_up_to_date(store.engine)
    finally:
        store.close()


def test_sqlite_migration_waits_for_another_writer_and_then_finds_nothing_to_do(
    tmp_path: Path,
) -> None:
    """Two processes opening one file at once: the second waits on SQLite's write lock."""
    url = f"sqlite:///{tmp_path / 'cds.sqlite3'}"
    script = (
        "import sys\n"
        "from service.store import FeedbackStore\n"
        "print('opening', flush=True)\n"
        "FeedbackStore(sys.argv[1]).close()\n"
    )
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as holder:
            holder.exec_driver_sql("BEGIN IMMEDIATE")  # another process's write, in progress
            opener = subprocess.Popen(  # noqa: S603
                [sys.executable, "-c", script, url], cwd=REPO, stdout=subprocess.PIPE, text=True
            )
            assert opener.stdout is not None
            assert opener.stdout.readline() == "opening\n"
            with pytest.raises(subprocess.TimeoutExpired):
                opener.wait(timeout=1.5)  # waiting for the lock, as it should
            holder.rollback()
        assert opener.wait(timeout=60) == 0
        opener.stdout.close()
    finally:
        engine.dispose()
    assert current_revision(url) == head_revision()


# --- PostgreSQL: migrated once by `migrate`, never at start -------------------------------


def test_a_postgres_store_refuses_a_database_that_was_not_migrated(postgres_url: str) -> None:
    with pytest.raises(SchemaNotCurrent) as refused:
        FeedbackStore(postgres_url)
    assert str(refused.value) == (
        "CDS_DATABASE_URL: the database schema is at revision none (an empty database), this "
        "release needs 0003: run `python -m service migrate`"
    )
    assert _tables(postgres_url) == set()  # nothing was created


def test_a_postgres_store_names_the_revision_it_found_and_the_one_it_needs(
    postgres_url: str,
) -> None:
    upgrade(postgres_url, "0001")
    with pytest.raises(SchemaNotCurrent) as refused:
        FeedbackStore(postgres_url)
    assert str(refused.value) == (
        "CDS_DATABASE_URL: the database schema is at revision 0001, this release needs 0003: "
        "run `python -m service migrate`"
    )
    assert (refused.value.current, refused.value.head) == ("0001", head_revision())
    migrate(postgres_url)
    FeedbackStore(postgres_url).close()


def test_a_postgres_store_of_a_release_before_migrations_is_told_to_migrate(
    postgres_url: str,
) -> None:
    _previous_release_database(postgres_url)
    with pytest.raises(SchemaNotCurrent, match=r"at revision none \(tables of a release before"):
        FeedbackStore(postgres_url)


def test_the_app_does_not_start_on_an_unmigrated_postgres_database(postgres_url: str) -> None:
    with pytest.raises(SchemaNotCurrent):
        fixture_app(database_url=postgres_url)
    migrate(postgres_url)
    with TestClient(fixture_app(database_url=postgres_url)) as client:
        assert client.get("/readyz").json() == {"status": "ok", "store": "ok"}


def test_four_migrate_runs_at_once_on_a_new_postgres_database_all_succeed(
    postgres_url: str,
) -> None:
    """The advisory lock: three of them wait for the first and find nothing left to do."""
    script = "import sys\nfrom service.migrations import migrate\nmigrate(sys.argv[1])\n"
    runs = [
        subprocess.Popen(  # noqa: S603
            [sys.executable, "-c", script, postgres_url],
            cwd=REPO,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    outcomes = [(run.communicate(timeout=120)[1], run.returncode) for run in runs]
    assert [code for _, code in outcomes] == [0] * 4, outcomes
    assert current_revision(postgres_url) == head_revision()
    assert _differences(postgres_url, Base.metadata) == []
