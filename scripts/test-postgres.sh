#!/usr/bin/env bash
# Sourced by scripts/test.sh: exports TEST_POSTGRES_URL for the integration suite.
# Uses TEST_POSTGRES_URL if given, else the server on 127.0.0.1:5432, else starts a private
# throwaway cluster (stopped and removed when the test run exits).
if [ -z "${TEST_POSTGRES_URL:-}" ]; then
  if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
    export TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:5432/postgres"
  else
    PG_BIN="$(dirname "$(command -v initdb 2>/dev/null || ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -1)")"
    PG_TMP="$(mktemp -d /tmp/mealsnap-pg.XXXXXX)"
    PG_PORT="${TEST_POSTGRES_PORT:-55432}"
    RUN_AS=()
    if [ "$(id -u)" -eq 0 ]; then chown postgres "$PG_TMP"; RUN_AS=(runuser -u postgres --); fi
    echo "No Postgres on 127.0.0.1:5432: starting a private cluster on port $PG_PORT"
    "${RUN_AS[@]}" "$PG_BIN/initdb" -D "$PG_TMP/data" --auth=trust -U postgres >/dev/null
    "${RUN_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -l "$PG_TMP/log" -w \
      -o "-p $PG_PORT -k $PG_TMP -c listen_addresses=127.0.0.1 -c max_connections=300" start >/dev/null
    stop_private_postgres() {
      "${RUN_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -m immediate stop >/dev/null 2>&1 || true
      rm -rf "$PG_TMP"
    }
    trap stop_private_postgres EXIT
    export TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$PG_PORT/postgres"
  fi
fi
