"""The store's schema, managed by Alembic: each change is a numbered revision in `versions/`.

Who changes the schema, and when:

- PostgreSQL (several workers or replicas): `migrate(url)`, i.e. `python -m service migrate`,
  once before the replicas start. A process whose database is not at this release's revision
  refuses to start (`SchemaNotCurrent`): the service never creates tables itself, so replicas
  starting together cannot race each other's `CREATE TABLE`. Two `migrate` runs at once are
  safe too: each takes a transaction-scoped advisory lock first, and PostgreSQL's DDL is
  transactional, so the second one finds the schema at head and does nothing.
- SQLite (`make serve`, the in-memory store of the tests, one instance on a file): the store
  migrates itself when it opens, inside one `BEGIN IMMEDIATE` transaction. SQLite lets one
  writer in at a time, so a second process opening the same file waits for the first one's
  migration (up to the busy timeout) and then finds nothing to do.

A database made by a release before migrations (tables created at start, no `alembic_version`)
holds exactly revision 0001's tables: it is recorded as 0001 and upgraded from there.

Alembic is configured here, without an alembic.ini; `env.py` and `versions/` ship in the wheel.
A new revision: `versions/NNNN_what.py` with `revision = "NNNN"` and `down_revision` the one
before (`script.py.mako` is the template), and the models of `service/store.py` changed to
match: tests/service/test_migrations.py fails while the two differ.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, inspect, make_url, text
from sqlalchemy.engine import Connection
from sqlalchemy.pool import NullPool

SCRIPTS = Path(__file__).resolve().parent
# The revision whose tables the releases before migrations created at start.
BASELINE = "0001"
PRE_MIGRATION_TABLES = frozenset({"feedback", "audit_call", "audit_card"})
# pg_advisory_xact_lock key of `migrate`: any constant; this one is "cds-mig" in ASCII.
_ADVISORY_LOCK_KEY = 0x6364732D6D6967
MIGRATE_COMMAND = "python -m service migrate"
# Alembic's `context` and `op` are module globals while a migration runs: one at a time here.
_ONE_MIGRATION_AT_A_TIME = threading.Lock()


class SchemaProblem(Exception):
    """The database's schema cannot be used by this release; the message is the line to read."""


class SchemaNotCurrent(SchemaProblem):
    """The database is not at this release's revision (PostgreSQL is never migrated at start)."""

    def __init__(self, current: str | None, head: str, *, pre_migration: bool = False) -> None:
        self.current = current
        self.head = head
        if current is None:
            at = (
                "none (tables of a release before migrations)"
                if pre_migration
                else "none (an empty database)"
            )
        else:
            at = current
        if current is not None and current not in _known_revisions():
            message = (
                f"CDS_DATABASE_URL: the database schema is at revision {current}, which this "
                f"release does not know (a later release migrated it); this release needs {head}: "
                "run the release that migrated it"
            )
        else:
            message = (
                f"CDS_DATABASE_URL: the database schema is at revision {at}, this release needs "
                f"{head}: run `{MIGRATE_COMMAND}`"
            )
        super().__init__(message)


def _config(connection: Connection | None = None) -> Config:
    """Alembic's configuration, programmatic: the scripts beside this file, our connection."""
    config = Config()
    config.set_main_option("script_location", str(SCRIPTS))
    config.set_main_option("path_separator", "os")
    if connection is not None:
        config.attributes["connection"] = connection
    return config


@cache
def _scripts() -> ScriptDirectory:
    return ScriptDirectory.from_config(_config())


@cache
def _known_revisions() -> frozenset[str]:
    return frozenset(script.revision for script in _scripts().walk_revisions())


def head_revision() -> str:
    """The revision this release needs: the newest in `versions/`."""
    head = _scripts().get_current_head()
    if head is None:  # pragma: no cover - versions/ ships with the package
        raise SchemaProblem("service/migrations/versions/ holds no revision")
    return head


def _engine(database: str | Engine) -> tuple[Engine, bool]:
    """An engine for `database` and whether it is ours to dispose of. An engine passed in stays
    as it is: for `sqlite://` it is the only one that holds that database."""
    if isinstance(database, Engine):
        return database, False
    options: dict[str, object] = {"poolclass": NullPool}
    url = make_url(database)
    if url.get_backend_name() == "sqlite":
        options["connect_args"] = {"timeout": 15}  # seconds to wait for another writer
        if url.database not in (None, "", ":memory:"):
            Path(url.database).parent.mkdir(parents=True, exist_ok=True)  # as the store does
    return create_engine(url, **options), True


@contextmanager
def _connected(database: str | Engine) -> Iterator[Connection]:
    engine, own = _engine(database)
    try:
        with engine.connect() as connection:
            yield connection
    finally:
        if own:
            engine.dispose()


def _revision_on(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def _pre_migration(connection: Connection) -> bool:
    """True for a database made by a release before migrations: its tables, no alembic_version."""
    tables = set(inspect(connection).get_table_names())
    if "alembic_version" in tables or not tables & PRE_MIGRATION_TABLES:
        return False
    if not tables >= PRE_MIGRATION_TABLES:
        missing = ", ".join(sorted(PRE_MIGRATION_TABLES - tables))
        raise SchemaProblem(
            "CDS_DATABASE_URL: the database has some of the store's tables but not "
            f"{missing}, and no alembic_version: it was not made by this service's start-up "
            "or migrations; restore it, or use an empty database"
        )
    return True


def current_revision(database: str | Engine) -> str | None:
    """The revision the database is at; None for an empty one or one made before migrations."""
    with _connected(database) as connection:
        return _revision_on(connection)


def is_up_to_date(database: str | Engine) -> bool:
    """True when the database is at this release's revision."""
    return current_revision(database) == head_revision()


def check_schema(database: str | Engine) -> None:
    """Nothing when the database is at this release's revision, else `SchemaNotCurrent`."""
    head = head_revision()
    with _connected(database) as connection:
        current = _revision_on(connection)
        if current != head:
            raise SchemaNotCurrent(
                current, head, pre_migration=current is None and _pre_migration(connection)
            )


@contextmanager
def _locked(connection: Connection) -> Iterator[None]:
    """One transaction that no other `migrate` (or self-migrating SQLite store) runs beside."""
    dialect = connection.dialect.name
    if dialect == "sqlite":
        # pysqlite begins its own transactions only before DML, so DDL would run outside one:
        # begun here, the whole migration holds SQLite's one write lock and is atomic.
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        connection.begin()
        if dialect == "postgresql":
            connection.execute(
                text("SELECT pg_advisory_xact_lock(:key)"), {"key": _ADVISORY_LOCK_KEY}
            )
    yield
    connection.commit()


def upgrade(database: str | Engine, revision: str = "head") -> None:
    """Bring the database to `revision` (default: this release's) under the migration lock.

    A database of a release before migrations is first recorded as revision 0001. Used by
    `migrate` and by the SQLite store when it opens (on its own engine: an in-memory database
    exists only on that engine's one connection).
    """
    with _ONE_MIGRATION_AT_A_TIME, _connected(database) as connection, _locked(connection):
        config = _config(connection)
        current = _revision_on(connection)
        if current is not None and current not in _known_revisions():
            raise SchemaNotCurrent(current, head_revision())
        if current is None and _pre_migration(connection):
            command.stamp(config, BASELINE)
        command.upgrade(config, revision)


def migrate(database_url: str) -> None:
    """`python -m service migrate`: bring the database of `database_url` to this release."""
    upgrade(database_url)
