"""Exporting conversations as CSV or JSON, redacted unless asked otherwise."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from datetime import datetime, timezone

from web.conversations.redaction import given_names, redact
from web.conversations.transcripts import Message, Transcript

CSV_COLUMNS = (
    "conversation", "time", "speaker", "text", "intent", "topic", "confidence",
    "risk_level", "risk_categories",
)
EXPORT_LIMIT = 5000  # conversations per export; narrow the filter for more


def iso_time(timestamp: float) -> str:
    return datetime.fromtimestamp(timestamp, tz=timezone.utc).isoformat(timespec="seconds")


def _message_record(message: Message, names: list[str], redacted: bool) -> dict[str, object]:
    return {
        "time": iso_time(message.timestamp),
        "speaker": message.speaker,
        "text": redact(message.text, names) if redacted else message.text,
        "intent": message.intent,
        "topic": message.topic,
        "confidence": round(message.confidence, 4) if message.confidence is not None else None,
        "risk_level": message.risk_level,
        "risk_categories": list(message.risk_categories),
    }


def conversation_record(transcript: Transcript, redacted: bool = True) -> dict[str, object]:
    names = given_names(transcript.slots) if redacted else []
    return {
        "conversation": transcript.sender_id,
        "started": iso_time(transcript.started_at),
        "escalations": [{"level": lvl, "category": cat} for lvl, cat in transcript.escalations],
        # Scores and cut-offs only: nothing the visitor wrote.
        "screener_results": transcript.screener_results,
        "messages": [_message_record(m, names, redacted) for m in transcript.messages],
    }


def export_json(transcripts: Iterable[Transcript], redacted: bool = True) -> str:
    records = [conversation_record(t, redacted) for t in transcripts]
    return json.dumps({"redacted": redacted, "conversations": records}, indent=2)


def export_csv(transcripts: Iterable[Transcript], redacted: bool = True) -> Iterator[str]:
    """CSV text in chunks, one row per message."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    for transcript in transcripts:
        for message in conversation_record(transcript, redacted)["messages"]:
            row = dict(message, conversation=transcript.sender_id)
            row["risk_categories"] = ";".join(row["risk_categories"])
            writer.writerow(row)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()
