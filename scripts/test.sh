#!/usr/bin/env bash
# `npm test`: lint, typecheck and every test (unit, integration on real PostgreSQL, browser).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure-chromium.sh
bash scripts/ensure-postgres.sh
echo "== lint"
npx eslint . --max-warnings=0
echo "== typecheck"
npx tsc -p tsconfig.json --noEmit
if [ -f web/tsconfig.json ]; then npx tsc -p web/tsconfig.json --noEmit; fi
echo "== build web app (served by the e2e tests)"
npm run --silent web:build
echo "== tests"
npx vitest run
