"""Reading and checking what a visitor sends, so bad input gets a clear 4xx, never a 500."""

from __future__ import annotations

import json
import unicodedata

from starlette.requests import Request

from web.errors import ApiError

MAX_TEXT_CHARS = 1000
# Room for MAX_TEXT_CHARS even if every character arrives as a 12-byte JSON escape
# pair (a surrogate pair, "\\ud83d\\ude00"), plus the envelope.
MAX_BODY_BYTES = 16 * 1024

# Bidirectional overrides and isolates can make a message display differently from
# what it says; nobody types them on purpose.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


async def read_body(request: Request, max_bytes: int = MAX_BODY_BYTES) -> bytes:
    """Read the body, stopping at `max_bytes`.

    Content-Length is checked first for a quick answer, but it can be absent (chunked
    encoding) or lie, so the stream itself is counted too.
    """
    too_large = ApiError(
        413, "body_too_large", f"The request body must be at most {max_bytes} bytes."
    )
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise too_large
    body = bytearray()
    async for chunk in request.stream():
        body.extend(chunk)
        if len(body) > max_bytes:
            raise too_large
    return bytes(body)


def require_json(request: Request) -> None:
    media_type = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if media_type != "application/json":
        raise ApiError(415, "unsupported_media_type", "Send the message as application/json.")


def parse_message_text(body: bytes) -> str:
    """Return the cleaned text of a {"text": ...} body, or raise ApiError."""
    try:
        decoded = body.decode("utf-8")
    except UnicodeDecodeError:
        raise ApiError(400, "invalid_encoding", "The request body must be UTF-8.") from None
    try:
        payload = json.loads(decoded)
    except (ValueError, RecursionError):
        # ValueError covers malformed JSON and over-long integers; RecursionError,
        # thousands of nested brackets.
        raise ApiError(400, "invalid_json", "The request body is not valid JSON.") from None
    if not isinstance(payload, dict) or not isinstance(payload.get("text"), str):
        raise ApiError(422, "invalid_message", 'Send an object like {"text": "your message"}.')
    text = clean_text(payload["text"])
    if not text:
        raise ApiError(422, "empty_text", "Please type a message before sending.")
    if len(text) > MAX_TEXT_CHARS:
        raise ApiError(
            422, "text_too_long", f"Messages can be at most {MAX_TEXT_CHARS} characters."
        )
    return text


def clean_text(text: str) -> str:
    """Strip control characters (keeping newlines and tabs) and surrounding whitespace.

    Lone surrogates go too: JSON can carry them ("\\ud800") but they cannot be
    encoded to send on to Rasa.
    """
    kept = (
        char
        for char in text
        if char in "\n\t"
        or (unicodedata.category(char) not in ("Cc", "Cs") and char not in _BIDI_CONTROLS)
    )
    return "".join(kept).strip()
