"""Alembic's environment for `service.migrations`: it always runs on the connection it is
handed (`config.attributes["connection"]`), inside the caller's transaction and lock."""

from __future__ import annotations

from alembic import context

from service.store import Base

context.configure(
    connection=context.config.attributes["connection"],
    target_metadata=Base.metadata,
)
with context.begin_transaction():  # the caller's transaction: Alembic neither begins nor commits
    context.run_migrations()
