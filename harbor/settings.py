"""Hosts, ports and secrets, read once from the environment.

Every process (the gateway, the action server, the stack launcher and the tests) reads
its addresses here, so a port has one home. Defaults bind everything to loopback:
the gateway is the only public face, and only when HARBOR_GATEWAY_HOST says so.

Rasa has two addresses: the interface it binds (HARBOR_RASA_BIND_HOST) and the host the
gateway dials (HARBOR_RASA_HOST). In a container Rasa may bind 0.0.0.0 inside a private
network while the gateway dials it by service name; neither setting widens the other.
Rasa's HTTP API (tracker, events, model) is off unless HARBOR_RASA_API=true, and then it
needs a token: HARBOR_RASA_TOKEN, or one generated at first run into var/ (mode 0600).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from harbor.private_files import private_secret

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# A development secret kept outside git so conversation tokens survive restarts.
# Production sets HARBOR_SECRET_KEY (the same value on every gateway replica).
DEV_SECRET_FILE = PROJECT_ROOT / "var" / "dev-secret-key"
# Rasa's API token when HARBOR_RASA_TOKEN is not set; made on first use, never a default.
RASA_TOKEN_FILE = PROJECT_ROOT / "var" / "rasa-api-token"


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


def _env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name, "").strip().lower()
    if raw == "":
        return default
    if raw in ("1", "true", "yes", "on"):
        return True
    if raw in ("0", "false", "no", "off"):
        return False
    raise ValueError(f"{name} must be true or false, got {raw!r}")


@dataclass(frozen=True)
class Settings:
    # The host the gateway dials, and the interface Rasa binds (see the module docstring).
    rasa_host: str = "127.0.0.1"
    rasa_bind_host: str = "127.0.0.1"
    rasa_port: int = 5005
    # Rasa's HTTP API: off by default; when on, only with `rasa_api_token`.
    rasa_api_enabled: bool = False
    rasa_api_token: str = field(default="", repr=False)
    actions_host: str = "127.0.0.1"
    actions_port: int = 5055
    gateway_host: str = "127.0.0.1"
    gateway_port: int = 8000
    rasa_timeout_seconds: float = 10.0
    # Rate limits in the `limits` library's notation ("30/minute;300/hour"): per client
    # address (conversations opened and messages), and per conversation (messages).
    rate_limit_per_address: str = "30/minute;300/hour"
    rate_limit_per_conversation: str = "20/minute;200/hour"
    # Proxies whose X-Forwarded-For names the client (IPs or CIDRs). Empty: the header is
    # ignored and the peer address is the client, so a visitor cannot pick its own.
    trusted_proxies: tuple[str, ...] = ()
    # Where every gateway replica keeps rate-limit counters and offered quick replies;
    # empty: in this process's memory (one replica only).
    redis_url: str = field(default="", repr=False)
    allowed_origins: tuple[str, ...] = ()
    secret_key: str = field(default="", repr=False)
    model_path: Path = PROJECT_ROOT / "models" / "harbor.tar.gz"
    tracker_db_path: Path = PROJECT_ROOT / "var" / "tracker.db"

    @property
    def rasa_url(self) -> str:
        """Where the gateway (and the tests) reach Rasa."""
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
            "HARBOR_RASA_BIND_HOST": self.rasa_bind_host,
            "HARBOR_RASA_PORT": str(self.rasa_port),
            "HARBOR_RASA_API": "true" if self.rasa_api_enabled else "false",
            "HARBOR_RASA_TOKEN": self.rasa_api_token,
            "HARBOR_ACTIONS_HOST": self.actions_host,
            "HARBOR_ACTIONS_PORT": str(self.actions_port),
            "HARBOR_GATEWAY_HOST": self.gateway_host,
            "HARBOR_GATEWAY_PORT": str(self.gateway_port),
            "HARBOR_RASA_TIMEOUT": str(self.rasa_timeout_seconds),
            "HARBOR_RATE_LIMIT_PER_ADDRESS": self.rate_limit_per_address,
            "HARBOR_RATE_LIMIT_PER_CONVERSATION": self.rate_limit_per_conversation,
            "HARBOR_TRUSTED_PROXIES": ",".join(self.trusted_proxies),
            "HARBOR_REDIS_URL": self.redis_url,
            "HARBOR_ALLOWED_ORIGINS": ",".join(self.allowed_origins),
            "HARBOR_SECRET_KEY": self.secret_key,
            "HARBOR_MODEL": str(self.model_path),
            "HARBOR_TRACKER_DB": str(self.tracker_db_path),
        }

    @classmethod
    def from_env(cls) -> Settings:
        api_enabled = _env_bool("HARBOR_RASA_API", cls.rasa_api_enabled)
        return cls(
            rasa_host=os.environ.get("HARBOR_RASA_HOST", cls.rasa_host),
            rasa_bind_host=os.environ.get("HARBOR_RASA_BIND_HOST", cls.rasa_bind_host),
            rasa_port=_env_int("HARBOR_RASA_PORT", cls.rasa_port),
            rasa_api_enabled=api_enabled,
            rasa_api_token=(
                (os.environ.get("HARBOR_RASA_TOKEN") or private_secret(RASA_TOKEN_FILE))
                if api_enabled
                else ""
            ),
            actions_host=os.environ.get("HARBOR_ACTIONS_HOST", cls.actions_host),
            actions_port=_env_int("HARBOR_ACTIONS_PORT", cls.actions_port),
            gateway_host=os.environ.get("HARBOR_GATEWAY_HOST", cls.gateway_host),
            gateway_port=_env_int("HARBOR_GATEWAY_PORT", cls.gateway_port),
            rasa_timeout_seconds=_env_float("HARBOR_RASA_TIMEOUT", cls.rasa_timeout_seconds),
            rate_limit_per_address=os.environ.get(
                "HARBOR_RATE_LIMIT_PER_ADDRESS", cls.rate_limit_per_address
            ),
            rate_limit_per_conversation=os.environ.get(
                "HARBOR_RATE_LIMIT_PER_CONVERSATION", cls.rate_limit_per_conversation
            ),
            trusted_proxies=_env_list("HARBOR_TRUSTED_PROXIES"),
            redis_url=os.environ.get("HARBOR_REDIS_URL", ""),
            allowed_origins=_env_list("HARBOR_ALLOWED_ORIGINS"),
            secret_key=os.environ.get("HARBOR_SECRET_KEY") or private_secret(DEV_SECRET_FILE),
            model_path=Path(os.environ.get("HARBOR_MODEL", cls.model_path)),
            tracker_db_path=Path(os.environ.get("HARBOR_TRACKER_DB", cls.tracker_db_path)),
        )


@dataclass(frozen=True)
class WebhookSettings:
    """The optional outgoing webhook that tells the center's own tool (a chat channel, a
    pager) that a visitor needs a person: web/notifications/ signs and delivers it.

    HARBOR_WEBHOOK_URL (http or https) and HARBOR_WEBHOOK_SECRET (the HMAC key, at least
    16 characters) go together; HARBOR_PUBLIC_URL is where staff reach the gateway, so
    a notice can link to the conversation in the console (default: the gateway's address).
    """

    url: str = ""
    secret: str = field(default="", repr=False)
    public_url: str = ""
    timeout_seconds: float = 5.0
    max_attempts: int = 8
    first_retry_seconds: float = 5.0
    max_retry_seconds: float = 600.0

    @property
    def configured(self) -> bool:
        return bool(self.url)

    @classmethod
    def from_env(cls, gateway_url: str = "") -> WebhookSettings:
        url = os.environ.get("HARBOR_WEBHOOK_URL", "").strip()
        secret = os.environ.get("HARBOR_WEBHOOK_SECRET", "")
        if url and not url.startswith(("http://", "https://")):
            raise ValueError(f"HARBOR_WEBHOOK_URL must start with http:// or https://, got {url!r}")
        if url and len(secret) < 16:
            raise ValueError("HARBOR_WEBHOOK_SECRET must be set (16 characters or more) "
                             "when HARBOR_WEBHOOK_URL is")
        return cls(
            url=url,
            secret=secret,
            public_url=(os.environ.get("HARBOR_PUBLIC_URL") or gateway_url).rstrip("/"),
            max_attempts=_env_int("HARBOR_WEBHOOK_MAX_ATTEMPTS", cls.max_attempts),
        )
