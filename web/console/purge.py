"""Retention from the command line: `python -m web.console.purge DAYS` (`make purge DAYS=N`).

Deletes every conversation whose last message is more than DAYS days old, from Rasa's
tracker store and the console's tables, and says how many.
"""

from __future__ import annotations

import argparse
import sys

from harbor.settings import Settings
from web.console import audit
from web.console.config import ConsoleConfig
from web.conversations.database import create_db_engine, migrate
from web.conversations.retention import purge


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m web.console.purge", description=__doc__)
    parser.add_argument("days", type=int, help="keep conversations active in the last DAYS days")
    args = parser.parse_args(argv)
    if args.days < 0:
        parser.error("DAYS must be 0 or more")
    engine = create_db_engine(ConsoleConfig.from_settings(Settings.from_env()).database_url)
    migrate(engine)
    with engine.begin() as connection:
        result = purge(connection, args.days)
        audit.record(connection, "command line", "purge",
                     f"older than {args.days} days: {result.conversations} conversations")
    print(f"Deleted {result.conversations} conversations ({result.events} events) "
          f"older than {args.days} days.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
