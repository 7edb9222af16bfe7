#!/usr/bin/env bash
# `npm test`: every test — unit, integration (a real SQLite file per test file) and browser end-to-end
# tests in Chromium — in one Vitest run. Extra arguments go to Vitest (e.g. `npm test -- tests/unit`).
# The long reliability checks run separately: `npm run test:reliability`.
set -euo pipefail
export DATABASE_URL="${DATABASE_URL:-file:./data/tindak.db}"
exec npx vitest run --project unit --project integration --project e2e "$@"
