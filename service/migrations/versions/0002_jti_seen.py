"""The `jti` replay guard shared by every process on the database: one row per accepted token.

The primary key (issuer, jti) is what refuses a replay, on any worker or replica: the first
insert wins, every other one conflicts. `expires_at` (Unix seconds: the token's `exp` plus the
clock skew) says when the row may be deleted or reused.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "jti_seen",
        sa.Column("issuer", sa.String(500), primary_key=True),
        sa.Column("jti", sa.String(200), primary_key=True),
        sa.Column("expires_at", sa.Float(), nullable=False),
    )
    op.create_index("ix_jti_seen_expires_at", "jti_seen", ["expires_at"])


def downgrade() -> None:
    op.drop_table("jti_seen")
