"""The tables of the releases before migrations, exactly as their start-up created them.

`feedback`, `audit_call` and `audit_card` with their indexes and constraints, as
`Base.metadata.create_all` of those releases made them: a database they made is this revision
(`service.migrations` records it as such), and tests/service/test_migrations.py compares the
two column by column on SQLite and PostgreSQL.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_call",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("service_id", sa.String(200), nullable=False),
        sa.Column("hook", sa.String(100), nullable=True),
        sa.Column("hook_instance", sa.String(200), nullable=True),
        sa.Column("issuer", sa.String(500), nullable=True),
        sa.Column("tenant", sa.String(200), nullable=True),
        sa.Column("status", sa.Integer(), nullable=False),
        sa.Column("card_count", sa.Integer(), nullable=False),
        sa.Column("latency_ms", sa.Float(), nullable=False),
        sa.Column("rule_ids", sa.JSON(), nullable=False),
    )
    op.create_index("ix_audit_call_at", "audit_call", ["at"])
    op.create_index("ix_audit_call_hook_instance", "audit_call", ["hook_instance"])
    op.create_index("ix_audit_call_service_id", "audit_call", ["service_id"])
    op.create_table(
        "feedback",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("service_id", sa.String(200), nullable=False),
        sa.Column("card_uuid", sa.String(200), nullable=False),
        sa.Column("outcome", sa.String(20), nullable=False),
        sa.Column("accepted_suggestions", sa.JSON(), nullable=True),
        sa.Column("override_reason", sa.JSON(), nullable=True),
        sa.Column("outcome_timestamp", sa.DateTime(timezone=True), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("service_id", "card_uuid", "outcome", "outcome_timestamp"),
    )
    op.create_index("ix_feedback_service_id", "feedback", ["service_id"])
    op.create_index("ix_feedback_card_uuid", "feedback", ["card_uuid"])
    op.create_table(
        "audit_card",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("call_id", sa.Integer(), sa.ForeignKey("audit_call.id"), nullable=False),
        sa.Column("card_uuid", sa.String(200), nullable=False),
        sa.Column("rule_id", sa.String(100), nullable=True),
    )
    op.create_index("ix_audit_card_card_uuid", "audit_card", ["card_uuid"])
    op.create_index("ix_audit_card_call_id", "audit_card", ["call_id"])
    op.create_index("ix_audit_card_rule_id", "audit_card", ["rule_id"])


def downgrade() -> None:
    op.drop_table("audit_card")
    op.drop_table("feedback")
    op.drop_table("audit_call")
