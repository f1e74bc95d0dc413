#!/usr/bin/env bash
# Installs Debian's redis-server for the tests of the shared rate-limit counters and
# quick replies. Those tests use a Redis that answers on 127.0.0.1:6379, or start a
# throwaway redis-server of their own; with neither they fail (they never skip).
set -eu
if command -v redis-server >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "note: redis-server is missing and apt-get as root is not available;" \
       "the Redis tests will fail unless a Redis answers on 127.0.0.1:6379." >&2
  exit 0
fi
echo "Installing Debian's redis-server for the tests…"
"$(dirname "$0")/install-debian-packages.sh" redis-server
