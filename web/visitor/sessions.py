"""Conversation ids and the tokens that prove a visitor owns one.

The gateway keeps no session table: a token is an HMAC of the conversation id under
the secret key, so any gateway replica sharing HARBOR_SECRET_KEY can check it, and a
restart loses nothing. The id doubles as Rasa's sender id; since the server issues it,
a visitor cannot pick someone else's.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

# token_urlsafe(24) gives 32 characters of this alphabet: 192 random bits.
_ID_BYTES = 24
_ID_PATTERN = re.compile(r"[A-Za-z0-9_-]{32}")
# Versioned, so a later token format (say, with an expiry) can live beside this one.
_TOKEN_CONTEXT = b"harbor-conversation-token:v1:"


@dataclass(frozen=True)
class Conversation:
    id: str
    token: str


class ConversationTokens:
    """Issues conversations and verifies their tokens."""

    def __init__(self, secret_key: str) -> None:
        if not secret_key:
            raise ValueError("a secret key is required to sign conversation tokens")
        self._key = secret_key.encode("utf-8")

    def issue(self) -> Conversation:
        conversation_id = secrets.token_urlsafe(_ID_BYTES)
        return Conversation(id=conversation_id, token=self._sign(conversation_id))

    def is_valid(self, conversation_id: str, token: str) -> bool:
        expected = self._sign(conversation_id)
        return hmac.compare_digest(expected.encode("ascii"), token.encode("utf-8", "replace"))

    @staticmethod
    def is_well_formed_id(conversation_id: str) -> bool:
        return _ID_PATTERN.fullmatch(conversation_id) is not None

    def _sign(self, conversation_id: str) -> str:
        digest = hmac.new(
            self._key, _TOKEN_CONTEXT + conversation_id.encode("ascii"), hashlib.sha256
        ).digest()
        return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")
