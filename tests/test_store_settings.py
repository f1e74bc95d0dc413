"""The stores Rasa gets from endpoints.yml and the settings: SQLite and an in-memory lock
on one machine, PostgreSQL and Redis for several replicas, by environment variables only.

Rasa's own readers build the stores, against this machine's PostgreSQL and Redis
(HARBOR_TEST_POSTGRES_URL, as `make test` sets it; a Redis that answers, or a throwaway).
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from rasa.core.lock_store import InMemoryLockStore, LockStore, RedisLockStore
from rasa.core.tracker_store import TrackerStore
from rasa.core.utils import read_endpoints_from_path
from rasa.shared.core.domain import Domain
from sqlalchemy.engine import URL

from harbor.settings import PROJECT_ROOT, Settings
from harbor.stack import StackError, rasa_servers
from harbor.tracker_store import PrivateSQLTrackerStore
from tests.postgres import throwaway_database, tracker_store_settings
from tests.web.conftest import redis_url  # noqa: F401  (Redis: local, or a throwaway one)

ENDPOINTS = PROJECT_ROOT / "endpoints.yml"


@pytest.fixture
def postgres_database() -> Iterator[URL]:
    with throwaway_database("harbor_test") as url:
        yield url


@pytest.fixture
def replicated(postgres_database: URL, redis_url: str) -> Settings:  # noqa: F811
    redis_address = urlsplit(redis_url)
    return Settings(
        rasa_replicas=2,
        **tracker_store_settings(postgres_database),
        tracker_pool_size=3,
        tracker_max_overflow=2,
        lock_store="redis",
        lock_redis_host=redis_address.hostname or "127.0.0.1",
        lock_redis_port=redis_address.port or 6379,
        lock_key_prefix=f"harbortest{uuid.uuid4().hex[:8]}",
    )


def rasa_stores(settings: Settings, monkeypatch) -> tuple[TrackerStore, LockStore]:
    """The tracker and lock store a Rasa started with these settings would use."""
    for name, value in settings.rasa_env().items():
        monkeypatch.setenv(name, value)
    endpoints = read_endpoints_from_path(ENDPOINTS)
    tracker_store = TrackerStore.create(endpoints.tracker_store, Domain.empty())
    return tracker_store, LockStore.create(endpoints.lock_store)


def test_by_default_rasa_gets_an_sqlite_file_and_an_in_memory_lock(monkeypatch, tmp_path):
    database = tmp_path / "private" / "tracker.db"
    tracker_store, lock_store = rasa_stores(Settings(tracker_db_path=database), monkeypatch)
    assert isinstance(tracker_store, PrivateSQLTrackerStore)
    assert tracker_store.engine.url.drivername == "sqlite"
    assert Path(tracker_store.engine.url.database) == database
    assert isinstance(lock_store, InMemoryLockStore)


def test_replicas_get_postgresql_and_a_redis_lock_with_their_prefix(replicated, monkeypatch):
    tracker_store, lock_store = rasa_stores(replicated, monkeypatch)
    assert isinstance(tracker_store, PrivateSQLTrackerStore)
    assert tracker_store.engine.url.drivername == "postgresql"
    assert tracker_store.engine.url.database == replicated.tracker_db_name
    assert isinstance(lock_store, RedisLockStore)
    assert lock_store.key_prefix == f"{replicated.lock_key_prefix}:lock:"
    tracker_store.engine.dispose()


def test_each_replica_keeps_the_pool_the_settings_give(replicated, monkeypatch):
    tracker_store, _ = rasa_stores(replicated, monkeypatch)
    assert tracker_store.engine.pool.size() == 3
    assert tracker_store.engine.pool._max_overflow == 2
    tracker_store.engine.dispose()


def test_the_lock_lifetime_reaches_rasa_as_its_own_variable():
    assert Settings(lock_lifetime_seconds=45).rasa_env()["TICKET_LOCK_LIFETIME"] == "45"


def test_store_settings_survive_the_trip_through_the_environment(replicated, monkeypatch):
    settings = replace(replicated, secret_key="k", tracker_password="s3cret")
    for name, value in settings.as_env().items():
        monkeypatch.setenv(name, value)
    assert Settings.from_env() == settings


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("HARBOR_TRACKER_DIALECT", "mysql", "sqlite, postgresql"),
        ("HARBOR_LOCK_STORE", "memcached", "in_memory, redis"),
        ("HARBOR_LOCK_KEY_PREFIX", "harbor-prod", "letters and digits"),
        ("HARBOR_RASA_REPLICAS", "0", "at least 1"),
    ],
)
def test_a_setting_rasa_would_misread_is_refused_by_name(monkeypatch, variable, value, message):
    monkeypatch.setenv(variable, value)
    with pytest.raises(ValueError, match=message):
        Settings.from_env()


def test_the_gateway_dials_the_local_replicas_on_consecutive_ports():
    settings = Settings(rasa_port=6000, rasa_replicas=3)
    assert settings.rasa_urls == (
        "http://127.0.0.1:6000", "http://127.0.0.1:6001", "http://127.0.0.1:6002"
    )


def test_configured_replica_urls_replace_the_local_ones(monkeypatch):
    monkeypatch.setenv("HARBOR_RASA_URLS", "http://rasa-a:5005/, http://rasa-b:5005")
    assert Settings.from_env().rasa_urls == ("http://rasa-a:5005", "http://rasa-b:5005")


def test_the_launcher_starts_each_replica_on_its_own_port(replicated):
    replicas = rasa_servers(replace(replicated, rasa_port=6000))
    assert [(p.name, p.env["HARBOR_RASA_PORT"]) for p in replicas] == [
        ("rasa-1", "6000"), ("rasa-2", "6001")
    ]


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        (Settings(rasa_replicas=2), "needs PostgreSQL"),
        (Settings(rasa_replicas=2, tracker_dialect="postgresql"), "HARBOR_LOCK_STORE=redis"),
    ],
    ids=["sqlite", "in-memory lock"],
)
def test_several_replicas_on_one_process_stores_are_refused(settings, message):
    with pytest.raises(StackError, match=message):
        rasa_servers(settings)


@pytest.mark.parametrize("module", ["harbor.stack", "harbor.rasa_server"])
def test_a_bad_setting_stops_the_launcher_with_one_line_not_a_traceback(module):
    environment = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT),
                   "HARBOR_LOCK_KEY_PREFIX": "harbor-prod"}
    finished = subprocess.run([sys.executable, "-m", module], env=environment, cwd=PROJECT_ROOT,
                              capture_output=True, text=True, timeout=60)
    assert finished.returncode != 0
    [line] = finished.stderr.strip().splitlines()
    assert line.endswith(": HARBOR_LOCK_KEY_PREFIX must be letters and digits only")
