"""Call-back requests and the webhook's outbox.

Revision ID: 0003
Revises: 0001 (the lead re-chains it after 0002 at merge)
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "console_callbacks",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("request_id", sa.String(64), nullable=False, unique=True),
        sa.Column("sender_id", sa.String(255), nullable=False, index=True),
        sa.Column("event_id", sa.Integer, nullable=False),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("contact", sa.String(255), nullable=False),
        sa.Column("contact_kind", sa.String(16), nullable=False),
        sa.Column("best_time", sa.String(255), nullable=False, server_default=""),
        sa.Column("requested_at", sa.Float, nullable=False, index=True),
        sa.Column("status", sa.String(16), nullable=False, server_default="new", index=True),
        sa.Column("status_changed_by", sa.String(64)),
        sa.Column("status_changed_at", sa.Float),
    )
    op.create_table(
        "console_outbox",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("key", sa.String(255), nullable=False, unique=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("sender_id", sa.String(255), nullable=False, index=True),
        sa.Column("details", sa.Text, nullable=False, server_default="{}"),
        sa.Column("created_at", sa.Float, nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("next_attempt_at", sa.Float, nullable=False, index=True),
        sa.Column("delivered_at", sa.Float),
        sa.Column("gave_up_at", sa.Float),
        sa.Column("last_error", sa.String(500)),
    )


def downgrade() -> None:
    op.drop_table("console_outbox")
    op.drop_table("console_callbacks")
