"""`make purge DAYS=N`: the retention command on a real tracker store."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from harbor.settings import PROJECT_ROOT

pytestmark = pytest.mark.integration


def run_purge(database_url: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT), "HARBOR_TRACKER_DB_URL": database_url}
    return subprocess.run([sys.executable, "-m", "web.console.purge", *args], env=env,
                          cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120)


def test_the_command_says_how_many_it_deleted(tracker_db):
    result = run_purge(tracker_db, "30")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Deleted 0 conversations")


def test_days_zero_deletes_every_conversation_idle_since_now(tracker_db, ids):
    result = run_purge(tracker_db, "0")
    deleted = int(result.stdout.split()[1])
    assert result.returncode == 0 and deleted >= len(ids)
    assert run_purge(tracker_db, "0").stdout.startswith("Deleted 0 conversations")


def test_a_negative_number_of_days_is_refused(tracker_db):
    result = run_purge(tracker_db, "-1")
    assert result.returncode == 2 and "DAYS must be 0 or more" in result.stderr
