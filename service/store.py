"""The feedback and audit store: what we advised and what clinicians did with it, in SQL.

SQLite by default (one file, no server); a multi-instance deployment sets `CDS_DATABASE_URL`
to PostgreSQL. Feedback is the EHR's word, so it is stored even for a card uuid we do not
know, and stored once: a repeated delivery (same card, outcome and time) is not a new outcome.
Each hook call leaves an audit record, and each card we sent its (card uuid, rule id) pair,
so that feedback joins to the rule that fired: acceptance and overrides per rule. The `jti` of
every accepted token is kept too, so that a token is accepted once by all processes on the
database together (`service/auth/replay.py`).

The schema is Alembic's (`service/migrations/`): a SQLite store migrates itself when it opens;
a PostgreSQL store only checks that `python -m service migrate` brought it to this release.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    JSON,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
    bindparam,
    case,
    create_engine,
    delete,
    distinct,
    func,
    insert,
    select,
    text,
    tuple_,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column
from sqlalchemy.pool import StaticPool

from service import migrations
from service.audit import CallRecord, CardDetail
from service.cds.models import FeedbackItem

# Longest issuer and jti kept as they are (UTF-8 bytes); a longer one is kept as its SHA-256, so
# that any value fits its column and the primary key stays within PostgreSQL's index row limit.
_ISSUER_BYTES = 500
_JTI_BYTES = 200


class Base(DeclarativeBase):
    pass


class FeedbackRecord(Base):
    """One feedback item as received, with the service it was sent to."""

    __tablename__ = "feedback"
    __table_args__ = (UniqueConstraint("service_id", "card_uuid", "outcome", "outcome_timestamp"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    service_id: Mapped[str] = mapped_column(String(200), index=True)
    card_uuid: Mapped[str] = mapped_column(String(200), index=True)
    outcome: Mapped[str] = mapped_column(String(20))
    accepted_suggestions: Mapped[list[str] | None] = mapped_column(JSON, nullable=True)
    override_reason: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    outcome_timestamp: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class CallAuditRecord(Base):
    """One hook call: who asked, what came back and how fast; never patient data."""

    __tablename__ = "audit_call"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    service_id: Mapped[str] = mapped_column(String(200), index=True)
    hook: Mapped[str | None] = mapped_column(String(100), nullable=True)
    hook_instance: Mapped[str | None] = mapped_column(String(200), nullable=True, index=True)
    issuer: Mapped[str | None] = mapped_column(String(500), nullable=True)
    tenant: Mapped[str | None] = mapped_column(String(200), nullable=True)
    status: Mapped[int] = mapped_column(Integer)
    card_count: Mapped[int] = mapped_column(Integer)
    latency_ms: Mapped[float] = mapped_column(Float)
    rule_ids: Mapped[list[str]] = mapped_column(JSON)


class CardAuditRecord(Base):
    """One card we sent and the rule that fired it: the key that joins feedback to rules."""

    __tablename__ = "audit_card"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("audit_call.id"), index=True)
    card_uuid: Mapped[str] = mapped_column(String(200), index=True)
    rule_id: Mapped[str | None] = mapped_column(String(100), nullable=True, index=True)
    indicator: Mapped[str | None] = mapped_column(String(10), nullable=True)
    # Only while snoozing is on (service/snooze.py): the keyed hash of issuer + patient and the
    # fingerprint of the card's facts, which a reasoned dismissal turns into a snooze.
    subject_key: Mapped[str | None] = mapped_column(String(64), nullable=True)
    facts_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)


class SuggestionAuditRecord(Base):
    """One suggestion we sent and the branch (row id) it chooses: feedback names the branch."""

    __tablename__ = "audit_suggestion"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("audit_call.id"), index=True)
    card_uuid: Mapped[str] = mapped_column(String(200))
    suggestion_uuid: Mapped[str] = mapped_column(String(200), index=True)
    branch: Mapped[str | None] = mapped_column(String(100), nullable=True)


class SnoozeRecord(Base):
    """A rule not shown again for one (keyed) patient while its facts are as they were dismissed."""

    __tablename__ = "card_snooze"

    subject_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    rule_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    facts_hash: Mapped[str] = mapped_column(String(64))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


class SeenTokenRecord(Base):
    """A token id (`jti`) accepted from an issuer, until its token has expired: the replay guard."""

    __tablename__ = "jti_seen"

    issuer: Mapped[str] = mapped_column(String(500), primary_key=True)
    jti: Mapped[str] = mapped_column(String(200), primary_key=True)
    # Unix seconds: the token's `exp` plus the clock skew; after it the row may go.
    expires_at: Mapped[float] = mapped_column(Float, index=True)


def _snooze_keys(subject_key: str | None, card: CardDetail | None) -> dict[str, str | None]:
    if subject_key is None or card is None or card.facts_hash is None:
        return {"subject_key": None, "facts_hash": None}
    return {"subject_key": subject_key, "facts_hash": card.facts_hash}


def _key_part(value: str, limit: int) -> str:
    """`value`, or `sha256:<hex>` of it when its UTF-8 form is longer than `limit` bytes."""
    encoded = value.encode("utf-8", "surrogatepass")
    if len(encoded) <= limit:
        return value
    return "sha256:" + hashlib.sha256(encoded).hexdigest()


def _first_use_statement(postgres: bool) -> Any:
    """INSERT … ON CONFLICT (issuer, jti) DO UPDATE … WHERE expired … RETURNING, built once
    (on the table, not the ORM class: the ORM's insert path cost more than the database).

    ON CONFLICT as both of our databases write it (SQLite ≥ 3.35 for RETURNING); a row comes
    back only when this call inserted it or took over an expired one.
    """
    table = Base.metadata.tables[SeenTokenRecord.__tablename__]
    upsert = (postgresql.insert if postgres else sqlite.insert)(table)
    return (
        upsert.values(
            issuer=bindparam("issuer"),
            jti=bindparam("jti"),
            expires_at=bindparam("expires_at"),
        )
        .on_conflict_do_update(
            index_elements=[table.c.issuer, table.c.jti],
            set_={"expires_at": upsert.excluded.expires_at},
            where=table.c.expires_at < bindparam("now"),
        )
        .returning(table.c.expires_at)
    )


# Feedback items written per transaction: a chunk takes milliseconds, so no other writer
# waits long for SQLite's one write lock, however many items one delivery brings.
FEEDBACK_CHUNK = 200


def _add_feedback_statement(postgres: bool) -> Any:
    """INSERT … ON CONFLICT DO NOTHING … RETURNING id: a row back for each item stored.

    An item that the unique constraint (service, card, outcome, time) refuses, also a repeat
    within the same delivery, is a duplicate and comes back as no row.
    """
    table = Base.metadata.tables[FeedbackRecord.__tablename__]
    upsert = (postgresql.insert if postgres else sqlite.insert)(table)
    return upsert.on_conflict_do_nothing().returning(table.c.id)


def _feedback_row(service_id: str, item: FeedbackItem, now: datetime) -> dict[str, Any]:
    """One feedback item as the row the store keeps."""
    return {
        "service_id": service_id,
        "card_uuid": item.card,
        "outcome": item.outcome,
        "accepted_suggestions": (
            [s.id for s in item.accepted_suggestions] if item.accepted_suggestions else None
        ),
        "override_reason": (
            item.override_reason.model_dump(by_alias=True, exclude_none=True)
            if item.override_reason
            else None
        ),
        "outcome_timestamp": item.outcome_timestamp.astimezone(UTC),
        "received_at": now,
    }


_ASYNCHRONOUS_COMMIT = text("SET LOCAL synchronous_commit TO OFF")


class FeedbackStore:
    """Writes and reads feedback; each write is committed before the EHR gets its answer."""

    def __init__(self, database_url: str) -> None:
        url = make_url(database_url)
        options: dict[str, Any] = {}
        # SQLite has one writer at a time. Two of our threads (a feedback request and the
        # audit writer) that both upgrade a transaction to a write get "database is locked" at
        # once, without waiting, and one shared in-memory connection used from two threads
        # crashes the process: so this process takes its SQLite operations one at a time, and
        # waits up to 15 s for another process (a second worker) to finish its write.
        self._one_at_a_time: threading.Lock | None = None
        if url.get_backend_name() == "sqlite":
            options["connect_args"] = {"check_same_thread": False, "timeout": 15}
            self._one_at_a_time = threading.Lock()
            if url.database in (None, "", ":memory:"):
                options["poolclass"] = StaticPool  # the in-memory database is one connection
            else:
                Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        self.engine: Engine = create_engine(url, **options)
        self._postgres = self.engine.dialect.name == "postgresql"
        self._first_use = _first_use_statement(self._postgres)
        self._add_feedback = _add_feedback_statement(self._postgres)
        try:
            if self._one_at_a_time is not None:
                # One process, SQLite's own write lock around the migration: see migrations.
                migrations.upgrade(self.engine)
            else:
                # Several replicas may open it at once: never migrated here, only checked.
                migrations.check_schema(self.engine)
        except BaseException:
            self.engine.dispose()
            raise

    def _turn(self) -> AbstractContextManager[object]:
        """This process's turn at the database: one thread at a time on SQLite, else no wait."""
        return self._one_at_a_time or nullcontext()

    def transaction(self) -> AbstractContextManager[Connection]:
        """A connection in a transaction, for the stores that share this database (snoozes)."""
        return self._transaction()

    @contextmanager
    def _transaction(self) -> Iterator[Connection]:
        """A connection in a transaction (committed on success), taken in turn."""
        with self._turn(), self.engine.begin() as connection:
            yield connection

    @contextmanager
    def _session(self) -> Iterator[Session]:
        """A session, taken in turn with this process's other threads on SQLite."""
        with self._turn(), Session(self.engine) as session:
            yield session

    def add(self, service_id: str, items: Sequence[FeedbackItem]) -> tuple[int, int]:
        """Store the items; returns (newly stored, duplicates already stored).

        In transactions of FEEDBACK_CHUNK items, each one bulk INSERT … ON CONFLICT DO NOTHING:
        a row per item through the ORM with a savepoint each took about 2 ms an item, so a
        10,000-item delivery held SQLite's write lock for over 20 s while other feedback and
        the audit writer waited. Between chunks the lock is free. When a later chunk fails,
        the chunks before it stay committed; the EHR, told 503, sends the delivery again, and
        those items then count as duplicates: nothing is lost, nothing is stored twice.
        """
        stored = 0
        now = datetime.now(UTC)
        rows = [_feedback_row(service_id, item, now) for item in items]
        for start in range(0, len(rows), FEEDBACK_CHUNK):
            chunk = rows[start : start + FEEDBACK_CHUNK]
            with self._transaction() as connection:
                stored += len(connection.execute(self._add_feedback, chunk).all())
        return stored, len(rows) - stored

    def feedback_for(self, service_id: str) -> list[FeedbackRecord]:
        """All feedback of one service, oldest first (for analysis and tests)."""
        with self._session() as session:
            query = (
                select(FeedbackRecord)
                .where(FeedbackRecord.service_id == service_id)
                .order_by(FeedbackRecord.id)
            )
            return list(session.scalars(query))

    def add_calls(self, records: Sequence[CallRecord]) -> None:
        """Store a batch of audit records with their cards in one transaction.

        Two bulk INSERTs (the calls, returning their ids in order, then their cards), not an
        ORM object and a flush per call: the writer shares the interpreter with the request
        path, and per-object inserts cost about 0.4 ms of it for every call answered. On a
        plain connection, not an ORM session, which cost another quarter of the write.
        """
        if not records:
            return
        rows = [
            {
                "at": record.at,
                "service_id": record.service_id[:200],
                "hook": record.hook[:100] if record.hook else None,
                "hook_instance": record.hook_instance[:200] if record.hook_instance else None,
                # Both come from the EHR's token: PostgreSQL refuses a value longer than its
                # column, which would fail the whole batch.
                "issuer": record.issuer[:500] if record.issuer else None,
                "tenant": record.tenant[:200] if record.tenant else None,
                "status": record.status,
                "card_count": len(record.cards),
                "latency_ms": record.latency_ms,
                "rule_ids": list(record.rule_ids),
            }
            for record in records
        ]
        with self._transaction() as connection:
            ids = (
                connection.execute(
                    insert(CallAuditRecord).returning(
                        CallAuditRecord.id, sort_by_parameter_order=True
                    ),
                    rows,
                )
                .scalars()
                .all()
            )
            cards, suggestions = [], []
            for call_id, record in zip(ids, records, strict=True):
                details = {card.uuid: card for card in record.card_details}
                for uuid, rule_id in record.cards:
                    detail = details.get(uuid)
                    cards.append(
                        {
                            "call_id": call_id,
                            "card_uuid": uuid[:200],
                            "rule_id": rule_id[:100] if rule_id else None,
                            "indicator": detail.indicator if detail else None,
                            # Both or neither: a snooze needs the patient and the facts.
                            **_snooze_keys(record.subject_key, detail),
                        }
                    )
                suggestions += [
                    {
                        "call_id": call_id,
                        "card_uuid": card.uuid[:200],
                        "suggestion_uuid": suggestion[:200],
                        "branch": branch[:100] if branch else None,
                    }
                    for card in record.card_details
                    for suggestion, branch in card.suggestions
                ]
            if cards:
                connection.execute(insert(CardAuditRecord), cards)
            if suggestions:
                connection.execute(insert(SuggestionAuditRecord), suggestions)

    def calls(self) -> list[CallAuditRecord]:
        """Every audit record, oldest first (for analysis and tests)."""
        with self._session() as session:
            return list(session.scalars(select(CallAuditRecord).order_by(CallAuditRecord.id)))

    def rule_outcomes(self) -> dict[str, dict[str, int]]:
        """Per rule id: cards sent, and how many of them were accepted or overridden."""

        def cards_with(outcome: str) -> Any:
            return func.count(
                distinct(case((FeedbackRecord.outcome == outcome, FeedbackRecord.card_uuid)))
            )

        query = (
            select(
                CardAuditRecord.rule_id,
                func.count(distinct(CardAuditRecord.card_uuid)),
                cards_with("accepted"),
                cards_with("overridden"),
            )
            .outerjoin(FeedbackRecord, FeedbackRecord.card_uuid == CardAuditRecord.card_uuid)
            .where(CardAuditRecord.rule_id.is_not(None))
            .group_by(CardAuditRecord.rule_id)
        )
        with self._session() as session:
            return {
                str(rule): {"cards": cards, "accepted": accepted, "overridden": overridden}
                for rule, cards, accepted, overridden in session.execute(query)
            }

    def branch_outcomes(self) -> dict[str, dict[str, int]]:
        """Per branch (row id) a suggestion chose: suggestions sent, and how many were accepted.

        Accepted suggestions are the feedback's `acceptedSuggestions` ids; the audit names the
        branch of each, so analytics can say which complaint a clinician picked on a question.
        """
        with self._session() as session:
            branch_of = {
                uuid: branch
                for uuid, branch in session.execute(
                    select(SuggestionAuditRecord.suggestion_uuid, SuggestionAuditRecord.branch)
                )
                if branch is not None
            }
            accepted_lists = session.scalars(
                select(FeedbackRecord.accepted_suggestions).where(
                    FeedbackRecord.accepted_suggestions.is_not(None)
                )
            )
            accepted = {uuid for ids in accepted_lists if ids for uuid in ids}
        outcomes: dict[str, dict[str, int]] = {}
        for uuid, branch in branch_of.items():
            counts = outcomes.setdefault(branch, {"suggestions": 0, "accepted": 0})
            counts["suggestions"] += 1
            counts["accepted"] += uuid in accepted
        return outcomes

    def first_use(self, issuer: str, jti: str, forget_after: float, now: float) -> bool:
        """True the first time (issuer, jti) is presented to any process on this database.

        One statement decides: an INSERT whose primary key refuses a second row, committed
        before the answer, so of two processes (or threads) presenting the same token at once
        exactly one gets True. A row whose `expires_at` has passed is taken over (its token can
        no longer be valid), as the in-memory cache forgets it. Unix seconds, like `exp`.
        """
        row = {
            "issuer": _key_part(issuer, _ISSUER_BYTES),
            "jti": _key_part(jti, _JTI_BYTES),
            "expires_at": forget_after,
            "now": now,
        }
        with self._transaction() as connection:
            if self._postgres:
                # Not waiting for the WAL flush: the row is visible to every other session at
                # commit either way, so first use is still decided once; only a crash of the
                # database server within the flush delay (at most 3 × wal_writer_delay, 600 ms
                # by default) could forget a token accepted just before it. The flush is the
                # slowest part of the check wherever fsync is slow.
                connection.execute(_ASYNCHRONOUS_COMMIT)
            return connection.execute(self._first_use, row).first() is not None

    def forget_expired_tokens(self, now: float, limit: int = 1000) -> int:
        """Delete up to `limit` seen-token rows whose token has expired; returns how many went."""
        expired = (
            select(SeenTokenRecord.issuer, SeenTokenRecord.jti)
            .where(SeenTokenRecord.expires_at < now)
            .limit(limit)
        )
        statement = delete(SeenTokenRecord).where(
            tuple_(SeenTokenRecord.issuer, SeenTokenRecord.jti).in_(expired)
        )
        with self._transaction() as connection:
            return connection.execute(statement).rowcount

    def seen_tokens(self) -> int:
        """How many token ids are remembered (for tests and operators)."""
        with self._session() as session:
            return int(session.scalar(select(func.count()).select_from(SeenTokenRecord)) or 0)

    def count(self) -> int:
        with self._session() as session:
            return int(session.scalar(select(func.count()).select_from(FeedbackRecord)) or 0)

    def ping(self) -> None:
        """Readiness: the database answers a query."""
        with self._session() as session:
            session.execute(text("SELECT 1"))

    def close(self) -> None:
        self.engine.dispose()
