#!/usr/bin/env bash
# Run a command with a throwaway PostgreSQL server.
#
#   scripts/with-postgres.sh CMD [ARGS...]
#
# Starts a private PostgreSQL cluster (trust auth, role `parley`) in a temp dir
# on a free 127.0.0.1 port, exports PARLEY_TEST_POSTGRES_URL, runs CMD, and
# ALWAYS stops the server and deletes the dir afterwards (normal exit, failure,
# Ctrl-C, SIGTERM). Exits with CMD's exit status.
# Needs the Debian package `postgresql` (server binaries are found via dpkg).
# As root the server runs as the `postgres` user (initdb refuses root).
set -euo pipefail

if [[ $# -eq 0 ]]; then
  echo "usage: $0 COMMAND [ARGS...]" >&2
  exit 2
fi

initdb_path=$(dpkg -S 'bin/initdb' 2>/dev/null | grep -v postgresql-common | cut -d' ' -f2 | sort -V | tail -1 || true)
if [[ -z "$initdb_path" || ! -x "$initdb_path" ]]; then
  echo "with-postgres: PostgreSQL server binaries not found (install the Debian package 'postgresql')" >&2
  exit 1
fi
PGBIN=$(dirname "$initdb_path")

if [[ $EUID -eq 0 ]]; then
  as_pg() { runuser -u postgres -- "$@"; }
else
  as_pg() { "$@"; }
fi

PGTMP=$(mktemp -d "${TMPDIR:-/tmp}/parley-pg.XXXXXX")
started=0

cleanup() {
  local rc=$?
  trap - EXIT INT TERM HUP
  if [[ $started -eq 1 ]]; then
    as_pg "$PGBIN/pg_ctl" -D "$PGTMP/data" -m fast -w -t 30 stop >/dev/null 2>&1 \
      || as_pg "$PGBIN/pg_ctl" -D "$PGTMP/data" -m immediate -w stop >/dev/null 2>&1 \
      || true
  fi
  rm -rf "$PGTMP"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

[[ $EUID -eq 0 ]] && chown postgres:postgres "$PGTMP"

PORT=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')

if ! as_pg "$PGBIN/initdb" -D "$PGTMP/data" -U parley --auth=trust -E UTF8 >"$PGTMP/initdb.log" 2>&1; then
  echo "with-postgres: initdb failed:" >&2
  cat "$PGTMP/initdb.log" >&2
  exit 1
fi

started=1
if ! as_pg "$PGBIN/pg_ctl" -D "$PGTMP/data" -l "$PGTMP/log" -w -t 60 start \
    -o "-p $PORT -k $PGTMP -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" >/dev/null; then
  echo "with-postgres: PostgreSQL failed to start; server log:" >&2
  cat "$PGTMP/log" >&2 || true
  exit 1
fi

export PARLEY_TEST_POSTGRES_URL="postgres://parley@127.0.0.1:$PORT/postgres"
# libpq defaults too, so `scripts/with-postgres.sh psql -c 'select 1'` just works.
export PGHOST=127.0.0.1 PGPORT="$PORT" PGUSER=parley PGDATABASE=postgres
echo "with-postgres: PARLEY_TEST_POSTGRES_URL=$PARLEY_TEST_POSTGRES_URL" >&2

# Not `exec`: the EXIT trap must run after the command to stop the server.
set +e
"$@"
rc=$?
set -e
exit "$rc"
