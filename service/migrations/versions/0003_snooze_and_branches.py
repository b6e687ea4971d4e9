"""What a clinician chose and dismissed: suggestion → branch, and snoozes after a reasoned dismissal.

- `audit_suggestion`: every suggestion we sent with the branch (row id) it chooses, so feedback
  analytics can name the branch an accepted suggestion picked (suggestion ids stay UUIDs).
- `audit_card` gains the card's indicator and, only while snoozing is on, the keyed hash of
  issuer + patient and the fingerprint of the facts behind the card: what a feedback answer
  needs to write a snooze, never a patient id.
- `card_snooze`: one row per (keyed patient hash, rule) dismissed with a reason, with the facts
  fingerprint it was dismissed for and when it ends.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("audit_card", sa.Column("indicator", sa.String(10), nullable=True))
    op.add_column("audit_card", sa.Column("subject_key", sa.String(64), nullable=True))
    op.add_column("audit_card", sa.Column("facts_hash", sa.String(64), nullable=True))
    op.create_table(
        "audit_suggestion",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("call_id", sa.Integer(), sa.ForeignKey("audit_call.id"), nullable=False),
        sa.Column("card_uuid", sa.String(200), nullable=False),
        sa.Column("suggestion_uuid", sa.String(200), nullable=False),
        sa.Column("branch", sa.String(100), nullable=True),
    )
    op.create_index("ix_audit_suggestion_call_id", "audit_suggestion", ["call_id"])
    op.create_index("ix_audit_suggestion_suggestion_uuid", "audit_suggestion", ["suggestion_uuid"])
    op.create_table(
        "card_snooze",
        sa.Column("subject_key", sa.String(64), primary_key=True),
        sa.Column("rule_id", sa.String(100), primary_key=True),
        sa.Column("facts_hash", sa.String(64), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_card_snooze_expires_at", "card_snooze", ["expires_at"])


def downgrade() -> None:
    op.drop_table("card_snooze")
    op.drop_table("audit_suggestion")
    with op.batch_alter_table("audit_card") as batch:
        batch.drop_column("facts_hash")
        batch.drop_column("subject_key")
        batch.drop_column("indicator")
