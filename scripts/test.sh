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
echo "== failover (two-site Patroni layout, kill -9 of a whole site)"
npm run --silent test:failover
echo "== national outage (30 s, dc-a killed during it; the full drill is npm run test:outage: 10 min)"
npm run --silent test:outage -- --seconds 30
