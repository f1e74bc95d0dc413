#!/usr/bin/env bash
# Installs Debian's Chromium for the Playwright browser tests. Playwright cannot
# download its own browser here, so the tests drive /usr/bin/chromium instead.
set -eu
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "note: /usr/bin/chromium is missing and apt-get as root is not available;" \
       "the browser tests will be skipped." >&2
  exit 0
fi
echo "Installing Debian's chromium for the browser tests…"
"$(dirname "$0")/install-debian-packages.sh" chromium fonts-dejavu-core
