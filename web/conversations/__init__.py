"""Reading Harbor's conversations from Rasa's tracker store: a library, no HTTP.

The console, the export and the purge command share it. Rasa's `events` table is read
(and, for retention only, deleted from); everything the console adds (staff accounts,
tags, notes, reviews, audit log, the conversation index) lives in its own tables,
created by the Alembic migrations in `migrations/`.
"""
