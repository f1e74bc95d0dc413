"""Alembic's entry point: runs on the connection `database.migrate` hands over."""

from alembic import context

from web.conversations.database import VERSION_TABLE
from web.conversations.tables import metadata

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    version_table=VERSION_TABLE,
    render_as_batch=True,  # SQLite alters tables only by copying them
)
with context.begin_transaction():
    context.run_migrations()
