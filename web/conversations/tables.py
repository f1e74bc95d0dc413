"""The tables the library touches: Rasa's `events` (read) and the console's own.

Rasa's table is declared on its own MetaData so that nothing here (migrations
included) ever creates or alters it. The console's tables are all prefixed `console_`
and only the migrations create them.
"""

from __future__ import annotations

import sqlalchemy as sa

# --- Rasa's tracker store, as rasa.core.tracker_store.SQLTrackerStore declares it ----
rasa_metadata = sa.MetaData()

events = sa.Table(
    "events",
    rasa_metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("sender_id", sa.String(255), nullable=False, index=True),
    sa.Column("type_name", sa.String(255), nullable=False),
    sa.Column("timestamp", sa.Float),
    sa.Column("intent_name", sa.String(255)),
    sa.Column("action_name", sa.String(255)),
    sa.Column("data", sa.Text),
)

# --- The console's own tables -------------------------------------------------------
metadata = sa.MetaData()

staff_accounts = sa.Table(
    "console_staff_accounts",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("username", sa.String(64), nullable=False, unique=True),
    sa.Column("password_hash", sa.String(255), nullable=False),
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("created_at", sa.Float, nullable=False),
    sa.Column("failed_logins", sa.Integer, nullable=False, server_default="0"),
    sa.Column("locked_until", sa.Float),
    # What visitors see in a live hand-off ("Jo (team member)"); none: "Team member".
    sa.Column("display_name", sa.String(64)),
)

# One row per conversation, derived from its events by index.py, so that listing and
# filtering 10,000 conversations is one indexed query, not a scan of every event.
conversations = sa.Table(
    "console_conversations",
    metadata,
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

# The highest Rasa event id the index has read: the next refresh reads only newer ones.
index_state = sa.Table(
    "console_index_state",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("last_event_id", sa.Integer, nullable=False),
)

tags = sa.Table(
    "console_tags",
    metadata,
    sa.Column("sender_id", sa.String(255), primary_key=True),
    sa.Column("tag", sa.String(64), primary_key=True),
    sa.Column("added_by", sa.String(64), nullable=False),
    sa.Column("added_at", sa.Float, nullable=False),
    sa.Index("ix_console_tags_tag", "tag"),
)

notes = sa.Table(
    "console_notes",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("sender_id", sa.String(255), nullable=False, index=True),
    sa.Column("author", sa.String(64), nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("created_at", sa.Float, nullable=False),
)

reviews = sa.Table(
    "console_reviews",
    metadata,
    sa.Column("sender_id", sa.String(255), primary_key=True),
    sa.Column("reviewed_by", sa.String(64), nullable=False),
    sa.Column("reviewed_at", sa.Float, nullable=False),
)

audit_log = sa.Table(
    "console_audit_log",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("at", sa.Float, nullable=False, index=True),
    sa.Column("actor", sa.String(64), nullable=False),
    sa.Column("action", sa.String(32), nullable=False),
    sa.Column("target", sa.Text, nullable=False, server_default=""),
)

# A trainer's verdict on one visitor message from the NLU inbox.
inbox_picks = sa.Table(
    "console_inbox_picks",
    metadata,
    sa.Column("event_id", sa.Integer, primary_key=True),
    sa.Column("sender_id", sa.String(255), nullable=False, index=True),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("intent", sa.String(255), nullable=False),
    sa.Column("picked_by", sa.String(64), nullable=False),
    sa.Column("picked_at", sa.Float, nullable=False),
)

# A visitor's request for a person (web/handoff/queue.py): waiting -> claimed -> ended,
# or waiting -> expired when nobody joins in time. Claims are one conditional UPDATE.
handoffs = sa.Table(
    "console_handoffs",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("sender_id", sa.String(255), nullable=False, index=True),
    sa.Column("status", sa.String(16), nullable=False, index=True),
    sa.Column("reason", sa.String(16), nullable=False),
    sa.Column("requested_at", sa.Float, nullable=False),
    sa.Column("claimed_by", sa.String(64)),
    sa.Column("claimed_at", sa.Float),
    sa.Column("closed_at", sa.Float),
    # A crisis message during the live chat: the console flags it to the staff member.
    sa.Column("crisis_category", sa.String(32)),
    sa.Column("crisis_at", sa.Float),
)

# What the visitor's widget polls for during a hand-off (web/handoff/feed.py): a team
# member joined, their replies, the end, or the move to the call-back path.
handoff_events = sa.Table(
    "console_handoff_events",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("sender_id", sa.String(255), nullable=False, index=True),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("author", sa.String(64)),
    sa.Column("buttons", sa.Text, nullable=False, server_default="[]"),
    sa.Column("at", sa.Float, nullable=False),
)

# One row per submitted call-back request, read once from its `callback_request` slot
# event (callbacks.py); staff move it from new to contacted to closed.
callbacks = sa.Table(
    "console_callbacks",
    metadata,
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

# Notices for the outgoing webhook, kept until delivered (web/notifications/): a restart
# loses none, and `key` makes each event enqueue once.
outbox = sa.Table(
    "console_outbox",
    metadata,
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

# Tables that hold something about a conversation; retention deletes from each.
PER_CONVERSATION = (
    conversations, tags, notes, reviews, inbox_picks, handoffs, handoff_events, callbacks, outbox
)
