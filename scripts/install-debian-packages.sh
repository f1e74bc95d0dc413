#!/usr/bin/env bash
# Installs Debian packages with apt-get (as root), one caller at a time: `make -j` runs
# browser-deps and redis-deps together, and apt refuses a second process while one runs.
#   scripts/install-debian-packages.sh chromium fonts-dejavu-core
set -eu
if [ "$#" -eq 0 ]; then
  echo "usage: $0 PACKAGE..." >&2
  exit 2
fi
# -o: the lock stays with flock, not with a server a package's install script starts.
exec flock -o /tmp/harbor-apt.lock sh -c \
  'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null' \
  install-debian-packages "$@"
