"""The console's settings, from HARBOR_* environment variables beside harbor/settings.py.

The database defaults to the tracker store's SQLite file (HARBOR_TRACKER_DB), so
`make run` needs nothing more; HARBOR_TRACKER_DB_URL points the console at the same
PostgreSQL database Rasa's tracker store uses when it is configured for one.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from harbor.settings import PROJECT_ROOT, Settings, WebhookSettings
from web.conversations.database import sqlite_url

TRUE_WORDS = ("1", "true", "yes", "on")


def _env_flag(name: str, default: bool) -> bool:
    raw = os.environ.get(name, "").strip().lower()
    return raw in TRUE_WORDS if raw else default


@dataclass(frozen=True)
class ConsoleConfig:
    database_url: str
    secret_key: str
    # Behind HTTPS the session cookie must carry Secure; on plain-HTTP localhost it cannot.
    secure_cookies: bool = False
    session_hours: int = 8
    failed_login_delay_seconds: float = 1.0
    lockout_after_failures: int = 5
    lockout_minutes: int = 15
    project_root: Path = PROJECT_ROOT
    results_dir: Path = PROJECT_ROOT / "var" / "results"
    # The outgoing webhook (web/notifications/); unset: call-backs and escalations are
    # listed in the console only.
    webhook: WebhookSettings = WebhookSettings()
    # How often the gateway reads new events into the call-back list and the outbox.
    refresh_seconds: float = 3.0

    @classmethod
    def from_settings(cls, settings: Settings) -> ConsoleConfig:
        url = os.environ.get("HARBOR_TRACKER_DB_URL") or sqlite_url(settings.tracker_db_path)
        return cls(
            database_url=url,
            secret_key=settings.secret_key,
            secure_cookies=_env_flag("HARBOR_STAFF_SECURE_COOKIES", False),
            failed_login_delay_seconds=float(
                os.environ.get("HARBOR_STAFF_LOGIN_DELAY") or cls.failed_login_delay_seconds
            ),
            webhook=WebhookSettings.from_env(settings.gateway_url),
            refresh_seconds=float(
                os.environ.get("HARBOR_CONSOLE_REFRESH_SECONDS") or cls.refresh_seconds
            ),
        )
