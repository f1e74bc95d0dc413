#!/usr/bin/env bash
# Runs a command with a PostgreSQL for the console's tests, named by
# HARBOR_TEST_POSTGRES_URL:
#   scripts/with-postgres.sh .venv/bin/python -m pytest tests/console
# - HARBOR_TEST_POSTGRES_URL already set: used as it is.
# - a server answers on 127.0.0.1:5432 (the project's machines): that one, as postgres.
# - otherwise: Debian's postgresql is installed with apt if missing (like Chromium in
#   install-chromium.sh) and a THROWAWAY cluster is started in a temporary directory
#   on a free port with trust auth; it is stopped and deleted when the command ends.
# The tests create their own database in it and drop it; they fail, never skip, when
# no PostgreSQL can be reached.
set -eu

if [ "$#" -eq 0 ]; then
  echo "usage: $0 COMMAND [ARGS...]" >&2
  exit 2
fi

port_answers() {  # host port
  (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null
}

find_pg_bin() {  # initdb, pg_ctl: PATH first, then Debian's versioned directory
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    dirname "$(command -v initdb)"
    return
  fi
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$dir/initdb" ]; then echo "$dir"; return; fi
  done
}

if [ -n "${HARBOR_TEST_POSTGRES_URL:-}" ]; then
  exec "$@"
fi

if port_answers 127.0.0.1 5432; then
  export HARBOR_TEST_POSTGRES_URL="postgresql://postgres@127.0.0.1:5432/test"
  exec "$@"
fi

bin="$(find_pg_bin)"
if [ -z "$bin" ]; then
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "error: no PostgreSQL on 127.0.0.1:5432 and none can be installed (needs apt-get" \
         "as root); set HARBOR_TEST_POSTGRES_URL to a server the tests may use." >&2
    exit 1
  fi
  echo "Installing Debian's postgresql for the console's tests…"
  "$(dirname "$0")/install-debian-packages.sh" postgresql
  bin="$(find_pg_bin)"
fi

work="$(mktemp -d /tmp/harbor-pg.XXXXXX)"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
as_owner=()
if [ "$(id -u)" = 0 ]; then
  # initdb refuses to run as root; Debian's package made a postgres user.
  id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
  chown postgres "$work"
  as_owner=(runuser -u postgres --)
fi

stop_cluster() {
  "${as_owner[@]}" "$bin/pg_ctl" -D "$work/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap stop_cluster EXIT

"${as_owner[@]}" "$bin/initdb" -D "$work/data" -U postgres --auth=trust -E UTF8 >"$work/initdb.log"
"${as_owner[@]}" "$bin/pg_ctl" -D "$work/data" -l "$work/server.log" -w \
  -o "-p $port -k $work -c listen_addresses=127.0.0.1" start >/dev/null
echo "Started a throwaway PostgreSQL on 127.0.0.1:$port ($work)."
export HARBOR_TEST_POSTGRES_URL="postgresql://postgres@127.0.0.1:$port/postgres"
"$@"
