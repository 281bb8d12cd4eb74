#!/usr/bin/env bash
# `npm test`: every check the project has, on a clean checkout. Installs what it needs.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
export LOG_LEVEL="${LOG_LEVEL:-silent}"

[ -x node_modules/.bin/next ] || npm ci
bash scripts/ensure-chromium.sh
# shellcheck source=scripts/test-postgres.sh
source scripts/test-postgres.sh

REPORTS="$(mktemp -d /tmp/mealsnap-test-reports.XXXXXX)"
started=$SECONDS

echo "== Lint and types"
npx biome ci .
npx tsc --noEmit -p .

echo "== Unit and integration tests on embedded PGlite"
# TEST_POSTGRES_URL is exported above; emptied here, or this run would be on Postgres too.
TEST_POSTGRES_URL="" npx vitest run --reporter=default --reporter=json --outputFile.json="$REPORTS/pglite.json"

echo "== Unit and integration tests on PostgreSQL ($TEST_POSTGRES_URL)"
TEST_POSTGRES_URL="$TEST_POSTGRES_URL" npx vitest run --reporter=default --reporter=json --outputFile.json="$REPORTS/postgres.json"

echo "== Browser tests (production build, Chromium)"
npx next build >"$REPORTS/build.log" 2>&1 || { cat "$REPORTS/build.log"; exit 1; }
e2e_started=$SECONDS
E2E_JSON_REPORT="$REPORTS/e2e.json" npx playwright test
echo "Browser tests took $((SECONDS - e2e_started)) s"

node scripts/test-summary.mjs "$REPORTS" "$((SECONDS - started))"
