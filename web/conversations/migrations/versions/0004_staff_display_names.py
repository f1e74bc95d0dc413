"""Staff display names: what visitors see beside a team member's replies.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("console_staff_accounts", sa.Column("display_name", sa.String(64)))


def downgrade() -> None:
    # SQLite drops a column only by copying the table, which batch mode does.
    with op.batch_alter_table("console_staff_accounts") as batch:
        batch.drop_column("display_name")
