#!/usr/bin/env bash
# `npm test`: lint, typecheck and every test (unit, integration on real PostgreSQL, browser).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure-chromium.sh
bash scripts/ensure-postgres.sh
# The static checks each use one core: ESLint (the longest) runs beside Prettier, both typechecks and the
# web app's build for the browser tests, and its output is shown after theirs.
lint_log=$(mktemp)
trap 'rm -f "$lint_log"' EXIT
npx eslint . --max-warnings=0 >"$lint_log" 2>&1 &
lint_pid=$!
failed=0
echo "== format (Prettier, width 120)"
npx prettier --check . --log-level warn || failed=1
echo "== typecheck"
npx tsc -p tsconfig.json --noEmit || failed=1
npx tsc -p web/tsconfig.json --noEmit || failed=1
echo "== web app build (served by the browser tests and the failover drill)"
node scripts/build-web.ts || failed=1
echo "== lint"
wait "$lint_pid" || failed=1
cat "$lint_log"
if [ "$failed" -ne 0 ]; then exit 1; fi
echo "== unit and integration tests (real PostgreSQL)"
npx vitest run
echo "== the opening-day smoke test, alone (it needs both cores: vitest.config.ts)"
SALUS_VITEST_OPENING_DAY=1 npx vitest run
# The browser tests (two files at a time, under one core in all) and the HA drills mostly wait (elections, paced
# load: ~110 s of CPU in ~300 s): on 2 cores they run side by side, the drills' output shown after the browser
# tests'. Their layout's ports (21500-21570) are below the range test platforms pick from (freePort: the 10,000
# ports under the kernel's ephemeral range, 22768-32767 on Linux), so a platform never takes a killed site's port.
drills_log=$(mktemp)
trap 'rm -f "$lint_log" "$drills_log"' EXIT
SALUS_FAILOVER_BASE_PORT=21500 npm run --silent test:failover -- --outage-seconds 30 >"$drills_log" 2>&1 &
drills_pid=$!
echo "== browser tests (Debian Chromium)"
SALUS_E2E_SKIP_BUILD=1 npx vitest run --config e2e/vitest.config.ts || failed=1
# One bring-up of the two-site layout for both drills: the outage runs on the layout the failover drill leaves.
echo "== failover (two-site Patroni layout, kill -9 of a whole site), then the national outage on that layout"
echo "   (30 s, dc-a killed during it; the full drill on a layout of its own is npm run test:outage: 10 min)"
wait "$drills_pid" || failed=1
cat "$drills_log"
exit "$failed"
