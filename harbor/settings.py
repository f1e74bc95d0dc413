"""Hosts, ports and secrets, read once from the environment.

Every process (the gateway, the action server, the stack launcher and the tests) reads
its addresses here, so a port has one home. Defaults bind everything to loopback:
the gateway is the only public face, and only when HARBOR_GATEWAY_HOST says so.

Rasa has two addresses: the interface it binds (HARBOR_RASA_BIND_HOST) and the host the
gateway dials (HARBOR_RASA_HOST). In a container Rasa may bind 0.0.0.0 inside a private
network while the gateway dials it by service name; neither setting widens the other.
Rasa's HTTP API (tracker, events, model) is off unless HARBOR_RASA_API=true, and then it
needs a token: HARBOR_RASA_TOKEN, or one generated at first run into var/ (mode 0600).

Rasa replicas: `make run` starts HARBOR_RASA_REPLICAS of them on consecutive ports from
HARBOR_RASA_PORT, and the gateway dials HARBOR_RASA_URLS (comma-separated), by default
those local ones. Their tracker store and lock store (endpoints.yml reads the
HARBOR_TRACKER_* and HARBOR_LOCK_* variables) default to one machine: an SQLite file and
Rasa's in-memory lock. Several replicas need PostgreSQL and Redis; the README's "Scaling
out" section gives the recommended values and why.
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
TRACKER_DIALECTS = ("sqlite", "postgresql")
LOCK_STORES = ("in_memory", "redis")


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


def _env_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    value = os.environ.get(name, "").strip() or default
    if value not in choices:
        raise ValueError(f"{name} must be one of {', '.join(choices)}, got {value!r}")
    return value


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
    # How many Rasa processes harbor.stack starts, on consecutive ports from rasa_port;
    # and the Rasa base URLs the gateway dials (empty: those local replicas).
    rasa_replicas: int = 1
    rasa_urls_configured: tuple[str, ...] = ()
    # The tracker store (endpoints.yml). sqlite: the file tracker_db_path, one machine.
    # postgresql: the database tracker_db_name on tracker_host, for several replicas.
    tracker_dialect: str = "sqlite"
    tracker_db_path: Path = PROJECT_ROOT / "var" / "tracker.db"
    tracker_db_name: str = "harbor"
    tracker_host: str = ""
    tracker_port: int = 5432
    tracker_user: str = ""
    tracker_password: str = field(default="", repr=False)
    # Connections each Rasa replica keeps to PostgreSQL (Rasa's SQL_POOL_SIZE and
    # SQL_MAX_OVERFLOW, whose defaults of 50 + 100 would exhaust a server's 100 with one
    # replica). Rasa's SQL store is synchronous: one query at a time per process.
    tracker_pool_size: int = 5
    tracker_max_overflow: int = 5
    # The lock store (endpoints.yml): in_memory for one process, redis for several.
    lock_store: str = "in_memory"
    lock_redis_host: str = "127.0.0.1"
    lock_redis_port: int = 6379
    lock_redis_db: int = 1
    lock_redis_password: str = field(default="", repr=False)
    lock_key_prefix: str = "harbor"  # Rasa accepts letters and digits only
    # Rasa's TICKET_LOCK_LIFETIME: how long one turn may hold its conversation's lock,
    # and so how long a conversation waits when its replica died in the middle of a turn.
    lock_lifetime_seconds: int = 30

    def __post_init__(self) -> None:
        if self.tracker_dialect not in TRACKER_DIALECTS:
            raise ValueError(f"tracker_dialect must be one of {TRACKER_DIALECTS}")
        if self.lock_store not in LOCK_STORES:
            raise ValueError(f"lock_store must be one of {LOCK_STORES}")
        if not self.lock_key_prefix.isalnum():
            # Rasa would fall back to its own prefix with only a log line.
            raise ValueError("HARBOR_LOCK_KEY_PREFIX must be letters and digits only")
        if self.rasa_replicas < 1:
            raise ValueError("HARBOR_RASA_REPLICAS must be at least 1")

    @property
    def rasa_url(self) -> str:
        """Where the gateway (and the tests) reach Rasa: the first replica."""
        return self.rasa_urls[0]

    @property
    def rasa_ports(self) -> tuple[int, ...]:
        """The ports of the local replicas harbor.stack starts."""
        return tuple(self.rasa_port + index for index in range(self.rasa_replicas))

    @property
    def rasa_urls(self) -> tuple[str, ...]:
        """Every Rasa replica the gateway routes conversations to."""
        if self.rasa_urls_configured:
            return self.rasa_urls_configured
        return tuple(f"http://{self.rasa_host}:{port}" for port in self.rasa_ports)

    @property
    def tracker_db(self) -> str:
        """endpoints.yml's `db`: the SQLite file, or PostgreSQL's database name."""
        if self.tracker_dialect == "sqlite":
            return str(self.tracker_db_path)
        return self.tracker_db_name

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
            "HARBOR_RASA_REPLICAS": str(self.rasa_replicas),
            "HARBOR_RASA_URLS": ",".join(self.rasa_urls_configured),
            "HARBOR_TRACKER_DIALECT": self.tracker_dialect,
            "HARBOR_TRACKER_DB": self.tracker_db,
            "HARBOR_TRACKER_HOST": self.tracker_host,
            "HARBOR_TRACKER_PORT": str(self.tracker_port),
            "HARBOR_TRACKER_USER": self.tracker_user,
            "HARBOR_TRACKER_PASSWORD": self.tracker_password,
            "HARBOR_TRACKER_POOL_SIZE": str(self.tracker_pool_size),
            "HARBOR_TRACKER_MAX_OVERFLOW": str(self.tracker_max_overflow),
            "HARBOR_LOCK_STORE": self.lock_store,
            "HARBOR_LOCK_REDIS_HOST": self.lock_redis_host,
            "HARBOR_LOCK_REDIS_PORT": str(self.lock_redis_port),
            "HARBOR_LOCK_REDIS_DB": str(self.lock_redis_db),
            "HARBOR_LOCK_REDIS_PASSWORD": self.lock_redis_password,
            "HARBOR_LOCK_KEY_PREFIX": self.lock_key_prefix,
            "HARBOR_LOCK_LIFETIME": str(self.lock_lifetime_seconds),
        }

    def rasa_env(self) -> dict[str, str]:
        """What Rasa itself reads: endpoints.yml's variables and Rasa's own.

        Rasa refuses an endpoints.yml that names an unset variable, so a Rasa process
        gets every one of them, defaults included (harbor.rasa_server, harbor.stack).
        """
        return {
            **self.as_env(),
            "HARBOR_ACTIONS_URL": self.actions_url,
            "TICKET_LOCK_LIFETIME": str(self.lock_lifetime_seconds),
            "SQL_POOL_SIZE": str(self.tracker_pool_size),
            "SQL_MAX_OVERFLOW": str(self.tracker_max_overflow),
        }

    @classmethod
    def from_env(cls) -> Settings:
        api_enabled = _env_bool("HARBOR_RASA_API", cls.rasa_api_enabled)
        dialect = _env_choice("HARBOR_TRACKER_DIALECT", cls.tracker_dialect, TRACKER_DIALECTS)
        # HARBOR_TRACKER_DB is Rasa's `db`: a file for SQLite, a database name otherwise.
        tracker_db = os.environ.get("HARBOR_TRACKER_DB", "").strip()
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
            rasa_replicas=_env_int("HARBOR_RASA_REPLICAS", cls.rasa_replicas),
            rasa_urls_configured=tuple(
                url.rstrip("/") for url in _env_list("HARBOR_RASA_URLS")
            ),
            tracker_dialect=dialect,
            tracker_db_path=Path(tracker_db) if tracker_db and dialect == "sqlite"
            else cls.tracker_db_path,
            tracker_db_name=tracker_db if tracker_db and dialect != "sqlite"
            else cls.tracker_db_name,
            tracker_host=os.environ.get("HARBOR_TRACKER_HOST", cls.tracker_host),
            tracker_port=_env_int("HARBOR_TRACKER_PORT", cls.tracker_port),
            tracker_user=os.environ.get("HARBOR_TRACKER_USER", cls.tracker_user),
            tracker_password=os.environ.get("HARBOR_TRACKER_PASSWORD", ""),
            tracker_pool_size=_env_int("HARBOR_TRACKER_POOL_SIZE", cls.tracker_pool_size),
            tracker_max_overflow=_env_int(
                "HARBOR_TRACKER_MAX_OVERFLOW", cls.tracker_max_overflow
            ),
            lock_store=_env_choice("HARBOR_LOCK_STORE", cls.lock_store, LOCK_STORES),
            lock_redis_host=os.environ.get("HARBOR_LOCK_REDIS_HOST", cls.lock_redis_host),
            lock_redis_port=_env_int("HARBOR_LOCK_REDIS_PORT", cls.lock_redis_port),
            lock_redis_db=_env_int("HARBOR_LOCK_REDIS_DB", cls.lock_redis_db),
            lock_redis_password=os.environ.get("HARBOR_LOCK_REDIS_PASSWORD", ""),
            lock_key_prefix=os.environ.get("HARBOR_LOCK_KEY_PREFIX", "").strip()
            or cls.lock_key_prefix,
            lock_lifetime_seconds=_env_int("HARBOR_LOCK_LIFETIME", cls.lock_lifetime_seconds),
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
