"""Files only their owner may read: secrets and the conversation database.

Conversations are health data (treat them as 42 CFR Part 2 / HIPAA-sensitive), and the
secrets sign visitors' tokens and open Rasa's API. Each file is created with mode 0600
in a folder of mode 0700, from its first byte, not chmod-ed after being written.
"""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path

FILE_MODE = 0o600
FOLDER_MODE = 0o700


def private_folder(folder: Path) -> None:
    """Create `folder` 0700, or tighten it to 0700 if it is ours alone to tighten.

    A shared folder (sticky, like /tmp) or someone else's is left as it is: a setting
    that points the database there must not lock other people out of it.
    """
    folder.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
    status = folder.stat()
    if status.st_uid == os.getuid() and not status.st_mode & stat.S_ISVTX:
        folder.chmod(FOLDER_MODE)


def private_file(path: Path) -> None:
    """Create `path` empty if missing, and make it (and its folder) the owner's only.

    An existing file keeps its content; a world-readable one from an older run is
    tightened. SQLite keeps an existing database's mode and gives its journals the same.
    """
    private_folder(path.parent)
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT, FILE_MODE))
    path.chmod(FILE_MODE)


def private_secret(path: Path) -> str:
    """Return the secret kept in `path`, creating a random one on first use."""
    if path.exists():
        path.chmod(FILE_MODE)
        return path.read_text().strip()
    private_folder(path.parent)
    key = secrets.token_urlsafe(48)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    with os.fdopen(descriptor, "w") as secret_file:
        secret_file.write(key)
    return key
