"""The console's tables: staff, conversation index, tags, notes, reviews, audit, inbox.

Revision ID: 0001
Revises:
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "console_staff_accounts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("username", sa.String(64), nullable=False, unique=True),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("created_at", sa.Float, nullable=False),
        sa.Column("failed_logins", sa.Integer, nullable=False, server_default="0"),
        sa.Column("locked_until", sa.Float),
    )
    op.create_table(
        "console_conversations",
        sa.Column("sender_id", sa.String(255), primary_key=True),
        sa.Column("started_at", sa.Float, nullable=False, index=True),
        sa.Column("last_event_at", sa.Float, nullable=False, index=True),
        sa.Column("last_event_id", sa.Integer, nullable=False),
        sa.Column("visitor_messages", sa.Integer, nullable=False),
        sa.Column("risk_level", sa.String(16), index=True),
        sa.Column("risk_categories", sa.String(255), nullable=False, server_default=""),
        sa.Column("escalated", sa.Boolean, nullable=False),
        sa.Column("handoff_asked", sa.Boolean, nullable=False),
        sa.Column("callback_asked", sa.Boolean, nullable=False),
        sa.Column("fallback_turns", sa.Integer, nullable=False),
        sa.Column("low_confidence_turns", sa.Integer, nullable=False),
        sa.Column("topics", sa.String(1024), nullable=False, server_default=""),
        sa.Column("first_message", sa.String(255), nullable=False, server_default=""),
        sa.Column("search_text", sa.Text, nullable=False, server_default=""),
    )
    op.create_table(
        "console_index_state",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("last_event_id", sa.Integer, nullable=False),
    )
    op.create_table(
        "console_tags",
        sa.Column("sender_id", sa.String(255), primary_key=True),
        sa.Column("tag", sa.String(64), primary_key=True),
        sa.Column("added_by", sa.String(64), nullable=False),
        sa.Column("added_at", sa.Float, nullable=False),
    )
    op.create_index("ix_console_tags_tag", "console_tags", ["tag"])
    op.create_table(
        "console_notes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("sender_id", sa.String(255), nullable=False, index=True),
        sa.Column("author", sa.String(64), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("created_at", sa.Float, nullable=False),
    )
    op.create_table(
        "console_reviews",
        sa.Column("sender_id", sa.String(255), primary_key=True),
        sa.Column("reviewed_by", sa.String(64), nullable=False),
        sa.Column("reviewed_at", sa.Float, nullable=False),
    )
    op.create_table(
        "console_audit_log",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", sa.Float, nullable=False, index=True),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("target", sa.Text, nullable=False, server_default=""),
    )
    op.create_table(
        "console_inbox_picks",
        sa.Column("event_id", sa.Integer, primary_key=True),
        sa.Column("sender_id", sa.String(255), nullable=False, index=True),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("intent", sa.String(255), nullable=False),
        sa.Column("picked_by", sa.String(64), nullable=False),
        sa.Column("picked_at", sa.Float, nullable=False),
    )


def downgrade() -> None:
    for table in (
        "console_inbox_picks", "console_audit_log", "console_reviews", "console_notes",
        "console_tags", "console_index_state", "console_conversations",
        "console_staff_accounts",
    ):
        op.drop_table(table)
