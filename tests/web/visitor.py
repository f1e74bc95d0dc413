"""A visitor of the JSON API: opens a conversation and posts to it with its token."""

from __future__ import annotations

import httpx
from starlette.testclient import TestClient


class Visitor:
    """A conversation opened through the API, with helpers to post to it."""

    def __init__(self, client: TestClient) -> None:
        body = client.post("/api/conversations").json()
        self.client = client
        self.id: str = body["conversation_id"]
        self.token: str = body["token"]
        self.url = f"/api/conversations/{self.id}/messages"
        self.auth = {"Authorization": f"Bearer {self.token}"}

    def say(self, text: str) -> httpx.Response:
        return self.client.post(self.url, json={"text": text}, headers=self.auth)

    def post_raw(
        self, content: object, content_type: str | None = "application/json"
    ) -> httpx.Response:
        headers = dict(self.auth)
        if content_type is not None:
            headers["Content-Type"] = content_type
        return self.client.post(self.url, content=content, headers=headers)
