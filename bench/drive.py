"""Drive a running server with the scripted visitors, e.g. while a profiler watches it.

    python -m bench.drive http://127.0.0.1:5005 --concurrency 32 --conversations 64
    python -m bench.drive http://127.0.0.1:8000 --gateway --concurrency 8

Prints the figures of that one load level as JSON.
"""

from __future__ import annotations

import argparse
import json
import sys

from bench.figures import load_figures
from bench.load_client import GatewayChannel, RasaChannel, run_load


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.drive", description=__doc__)
    parser.add_argument("urls", nargs="+", help="Rasa base URL(s), or the gateway's")
    parser.add_argument("--gateway", action="store_true", help="the URL is the gateway's")
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--conversations", type=int, default=64)
    args = parser.parse_args(argv)
    channel = GatewayChannel(args.urls[0]) if args.gateway else RasaChannel(args.urls)
    result = run_load(channel, args.concurrency, args.conversations)
    print(json.dumps(load_figures(result), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
