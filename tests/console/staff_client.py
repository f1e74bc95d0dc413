"""A staff member at the console, through the real gateway app in-process."""

from __future__ import annotations

import re

import httpx
from starlette.testclient import TestClient

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


class StaffClient:
    """Logs in like a browser: reads the CSRF token from the form, posts it back."""

    def __init__(self, client: TestClient) -> None:
        self.client = client

    def csrf(self, path: str = "/staff/login") -> str:
        match = CSRF.search(self.client.get(path).text)
        assert match, f"no CSRF token on {path}"
        return match.group(1)

    def log_in(self, username: str, password: str) -> httpx.Response:
        token = self.csrf()
        return self.client.post("/staff/login", data={
            "csrf_token": token, "username": username, "password": password,
        }, follow_redirects=False)

    def get(self, path: str, **params: str) -> httpx.Response:
        return self.client.get(path, params=params, follow_redirects=False)

    def post(self, path: str, data: dict[str, str] | None = None) -> httpx.Response:
        """A form post from a console page, with that page's CSRF token."""
        token = self.csrf("/staff/")
        return self.client.post(path, data={"csrf_token": token, **(data or {})},
                                follow_redirects=False)
