"""Hosts, ports and secrets, read once from the environment.

Every process (the gateway, the action server, the stack launcher and the tests) reads
its addresses here, so a port has one home. Defaults bind everything to loopback:
the gateway is the only public face, and only when HARBOR_GATEWAY_HOST says so.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# A development secret kept outside git so conversation tokens survive restarts.
# Production sets HARBOR_SECRET_KEY (the same value on every gateway replica).
DEV_SECRET_FILE = PROJECT_ROOT / "var" / "dev-secret-key"


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ValueError(f"{name} must be a whole number, got {raw!r}") from None


def _env_float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return float(raw)
    except ValueError:
        raise ValueError(f"{name} must be a number, got {raw!r}") from None


def _env_list(name: str) -> tuple[str, ...]:
    raw = os.environ.get(name, "")
    return tuple(item.strip() for item in raw.split(",") if item.strip())


def _dev_secret_key() -> str:
    """Return a per-checkout secret, creating it on first use."""
    if DEV_SECRET_FILE.exists():
        return DEV_SECRET_FILE.read_text().strip()
    DEV_SECRET_FILE.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    DEV_SECRET_FILE.write_text(key)
    DEV_SECRET_FILE.chmod(0o600)
    return key


@dataclass(frozen=True)
class Settings:
    rasa_host: str = "127.0.0.1"
    rasa_port: int = 5005
    actions_host: str = "127.0.0.1"
    actions_port: int = 5055
    gateway_host: str = "127.0.0.1"
    gateway_port: int = 8000
    rasa_timeout_seconds: float = 10.0
    # Per visitor address: a burst of messages, refilled at a steady rate.
    rate_limit_burst: int = 20
    rate_limit_per_minute: int = 30
    allowed_origins: tuple[str, ...] = ()
    secret_key: str = field(default="", repr=False)
    model_path: Path = PROJECT_ROOT / "models" / "harbor.tar.gz"
    tracker_db_path: Path = PROJECT_ROOT / "var" / "tracker.db"

    @property
    def rasa_url(self) -> str:
        return f"http://{self.rasa_host}:{self.rasa_port}"

    @property
    def actions_url(self) -> str:
        return f"http://{self.actions_host}:{self.actions_port}/webhook"

    @property
    def gateway_url(self) -> str:
        return f"http://{self.gateway_host}:{self.gateway_port}"

    def as_env(self) -> dict[str, str]:
        """The variables that make `from_env` give these settings in another process."""
        return {
            "HARBOR_RASA_HOST": self.rasa_host,
            "HARBOR_RASA_PORT": str(self.rasa_port),
            "HARBOR_ACTIONS_HOST": self.actions_host,
            "HARBOR_ACTIONS_PORT": str(self.actions_port),
            "HARBOR_GATEWAY_HOST": self.gateway_host,
            "HARBOR_GATEWAY_PORT": str(self.gateway_port),
            "HARBOR_RASA_TIMEOUT": str(self.rasa_timeout_seconds),
            "HARBOR_RATE_LIMIT_BURST": str(self.rate_limit_burst),
            "HARBOR_RATE_LIMIT_PER_MINUTE": str(self.rate_limit_per_minute),
            "HARBOR_ALLOWED_ORIGINS": ",".join(self.allowed_origins),
            "HARBOR_SECRET_KEY": self.secret_key,
            "HARBOR_MODEL": str(self.model_path),
            "HARBOR_TRACKER_DB": str(self.tracker_db_path),
        }

    @classmethod
    def from_env(cls) -> Settings:
        return cls(
            rasa_host=os.environ.get("HARBOR_RASA_HOST", cls.rasa_host),
            rasa_port=_env_int("HARBOR_RASA_PORT", cls.rasa_port),
            actions_host=os.environ.get("HARBOR_ACTIONS_HOST", cls.actions_host),
            actions_port=_env_int("HARBOR_ACTIONS_PORT", cls.actions_port),
            gateway_host=os.environ.get("HARBOR_GATEWAY_HOST", cls.gateway_host),
            gateway_port=_env_int("HARBOR_GATEWAY_PORT", cls.gateway_port),
            rasa_timeout_seconds=_env_float("HARBOR_RASA_TIMEOUT", cls.rasa_timeout_seconds),
            rate_limit_burst=_env_int("HARBOR_RATE_LIMIT_BURST", cls.rate_limit_burst),
            rate_limit_per_minute=_env_int(
                "HARBOR_RATE_LIMIT_PER_MINUTE", cls.rate_limit_per_minute
            ),
            allowed_origins=_env_list("HARBOR_ALLOWED_ORIGINS"),
            secret_key=os.environ.get("HARBOR_SECRET_KEY") or _dev_secret_key(),
            model_path=Path(os.environ.get("HARBOR_MODEL", cls.model_path)),
            tracker_db_path=Path(os.environ.get("HARBOR_TRACKER_DB", cls.tracker_db_path)),
        )
