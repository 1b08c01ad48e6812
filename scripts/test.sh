#!/usr/bin/env bash
# `npm test`: lint, typecheck and every test (unit, integration on real PostgreSQL, browser).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure-chromium.sh
bash scripts/ensure-postgres.sh
echo "== format (Prettier, width 120)"
npx prettier --check . --log-level warn
echo "== lint"
npx eslint . --max-warnings=0
echo "== typecheck"
npx tsc -p tsconfig.json --noEmit
npx tsc -p web/tsconfig.json --noEmit
echo "== unit and integration tests (real PostgreSQL)"
npx vitest run
echo "== browser tests (Debian Chromium)"
npx vitest run --config e2e/vitest.config.ts
# One bring-up of the two-site layout for both drills: the outage runs on the layout the failover drill leaves.
echo "== failover (two-site Patroni layout, kill -9 of a whole site), then the national outage on that layout"
echo "   (30 s, dc-a killed during it; the full drill on a layout of its own is npm run test:outage: 10 min)"
npm run --silent test:failover -- --outage-seconds 30
