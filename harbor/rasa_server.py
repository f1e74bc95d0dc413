"""`python -m harbor.rasa_server`: `rasa run` with Harbor's settings, started by harbor.stack.

Rasa binds HARBOR_RASA_BIND_HOST and serves only the REST channel unless HARBOR_RASA_API
is true; then the API requires the token. The token reaches Rasa through the environment
and is added to the arguments in this process, never on a command line, where any local
user could read it in the process list. Every variable endpoints.yml names is set here
from the settings, defaults included, so a container needs only the HARBOR_* it changes.
Rasa's per-message hot spots are relieved before
it starts (harbor/rasa_patches.py; HARBOR_RASA_PATCHES=false leaves Rasa as released).
"""

from __future__ import annotations

import os
import sys

from harbor.settings import Settings


class MissingApiToken(RuntimeError):
    """The API was asked for without a token: Rasa would serve it to anyone."""


def rasa_arguments(settings: Settings) -> list[str]:
    """The arguments of `rasa run` for these settings."""
    arguments = [
        "run",
        "--model", str(settings.model_path),
        "--interface", settings.rasa_bind_host,
        "--port", str(settings.rasa_port),
        "--endpoints", "endpoints.yml",
        "--credentials", "credentials.yml",
    ]  # fmt: skip
    if settings.rasa_api_enabled:
        if not settings.rasa_api_token:
            raise MissingApiToken("HARBOR_RASA_API is on but no token is set")
        arguments += ["--enable-api", "--auth-token", settings.rasa_api_token]
    return arguments


def main() -> None:
    try:
        settings = Settings.from_env()
        arguments = rasa_arguments(settings)
    except (ValueError, MissingApiToken) as error:
        sys.exit(f"harbor.rasa_server: {error}")
    # Before Rasa is imported: it reads TICKET_LOCK_LIFETIME when its lock module loads.
    os.environ.update(settings.rasa_env())
    from rasa.__main__ import main as rasa_main  # heavy: TensorFlow and friends

    from harbor import rasa_patches

    # HARBOR_RASA_PATCHES=false serves Rasa as released, to measure what the patches give.
    if os.environ.get("HARBOR_RASA_PATCHES", "true").strip().lower() != "false":
        rasa_patches.apply()
    sys.argv = ["rasa", *arguments]
    rasa_main()


if __name__ == "__main__":
    main()
