"""The feedback store: what clinicians did with our cards, kept in SQL through SQLAlchemy 2.

SQLite by default (one file, no server); a multi-instance deployment sets `CDS_DATABASE_URL`
to PostgreSQL. Feedback is the EHR's word, so it is stored even for a card uuid we do not
know, and stored once: a repeated delivery (same card, outcome and time) is not a new outcome.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    JSON,
    DateTime,
    Integer,
    String,
    UniqueConstraint,
    create_engine,
    func,
    select,
    text,
)
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column
from sqlalchemy.pool import StaticPool

from service.cds.models import FeedbackItem


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


class FeedbackStore:
    """Writes and reads feedback; each write is committed before the EHR gets its answer."""

    def __init__(self, database_url: str) -> None:
        url = make_url(database_url)
        options: dict[str, Any] = {}
        if url.get_backend_name() == "sqlite":
            # Requests run in a thread pool; an in-memory database must be one shared connection.
            options["connect_args"] = {"check_same_thread": False}
            if url.database in (None, "", ":memory:"):
                options["poolclass"] = StaticPool
            else:
                Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        self.engine: Engine = create_engine(url, **options)
        Base.metadata.create_all(self.engine)

    def add(self, service_id: str, items: Sequence[FeedbackItem]) -> tuple[int, int]:
        """Store the items; returns (newly stored, duplicates already stored)."""
        stored = duplicates = 0
        now = datetime.now(UTC)
        with Session(self.engine) as session:
            for item in items:
                record = FeedbackRecord(
                    service_id=service_id,
                    card_uuid=item.card,
                    outcome=item.outcome,
                    accepted_suggestions=(
                        [s.id for s in item.accepted_suggestions]
                        if item.accepted_suggestions
                        else None
                    ),
                    override_reason=(
                        item.override_reason.model_dump(by_alias=True, exclude_none=True)
                        if item.override_reason
                        else None
                    ),
                    outcome_timestamp=item.outcome_timestamp.astimezone(UTC),
                    received_at=now,
                )
                try:
                    with session.begin_nested():
                        session.add(record)
                    stored += 1
                except IntegrityError:
                    duplicates += 1
            session.commit()
        return stored, duplicates

    def feedback_for(self, service_id: str) -> list[FeedbackRecord]:
        """All feedback of one service, oldest first (for analysis and tests)."""
        with Session(self.engine) as session:
            query = (
                select(FeedbackRecord)
                .where(FeedbackRecord.service_id == service_id)
                .order_by(FeedbackRecord.id)
            )
            return list(session.scalars(query))

    def count(self) -> int:
        with Session(self.engine) as session:
            return int(session.scalar(select(func.count()).select_from(FeedbackRecord)) or 0)

    def ping(self) -> None:
        """Readiness: the database answers a query."""
        with self.engine.connect() as connection:
            connection.execute(text("SELECT 1"))

    def close(self) -> None:
        self.engine.dispose()
