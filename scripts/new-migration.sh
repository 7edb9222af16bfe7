#!/usr/bin/env bash
# `npm run db:new-migration -- <name>`: makes a new migration offline. Diffs the schema as of the last
# migration (kept in prisma/migrations/schema.snapshot.prisma) against prisma/schema.prisma with Prisma's
# JavaScript schema engine, writes prisma/migrations/<timestamp>_<name>/migration.sql, updates the
# snapshot, writes the PostgreSQL side (npm run db:pg-schema, docs/decisions/0022) and regenerates the
# Prisma client (app/generated). `prisma migrate dev` cannot run here (its shadow-database step); see
# docs/decisions/0002.
set -euo pipefail
usage="usage: npm run db:new-migration -- <name>   (letters, digits and _ only, e.g. add_unit_phone)"
name="${1:-}"
if [ -z "$name" ]; then echo "$usage" >&2; exit 1; fi
if ! [[ "$name" =~ ^[A-Za-z0-9_]+$ ]]; then echo "bad name \"$name\": $usage" >&2; exit 1; fi
# prisma.config.ts opens DATABASE_URL even for an offline diff, and SQLite creates a missing file: point
# it at a scratch folder so no empty database is left behind (in data/ or elsewhere).
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
export DATABASE_URL="file:$scratch/diff.db"
snapshot=prisma/migrations/schema.snapshot.prisma
mkdir -p prisma/migrations
dir="prisma/migrations/$(date -u +%Y%m%d%H%M%S)_${name}"
if [ -f "$snapshot" ]; then
  npx prisma migrate diff --from-schema-datamodel "$snapshot" --to-schema-datamodel prisma/schema.prisma --script >"$scratch/diff.out"
else
  npx prisma migrate diff --from-empty --to-schema-datamodel prisma/schema.prisma --script >"$scratch/diff.out"
fi
# `prisma` prints "Loaded Prisma config" on stdout: keep only SQL.
grep -v '^Loaded Prisma config' "$scratch/diff.out" >"$scratch/migration.sql" || true
if ! grep -qE '^(CREATE|ALTER|DROP|INSERT|PRAGMA|UPDATE|DELETE)' "$scratch/migration.sql"; then
  echo "No schema change (or the diff failed): no migration written." >&2
  exit 1
fi
# The client follows prisma/schema.prisma whatever happens next: regenerate it meanwhile (each Prisma
# command spends seconds starting, and this script runs two of them).
npx prisma generate >"$scratch/generate.out" 2>&1 &
generating=$!
# The PostgreSQL twin before any SQLite file (docs/decisions/0022): prisma/postgres/schema.prisma and a
# PostgreSQL migration of the same name. It writes nothing when it fails, and then neither does this script.
# TMPDIR: tsx keeps a cache folder there; inside the scratch folder it goes with it.
if ! TMPDIR="$scratch" npx tsx scripts/pg-schema.ts "$(basename "$dir")"; then
  wait "$generating" || true
  exit 1
fi
mkdir -p "$dir"
mv "$scratch/migration.sql" "$dir/migration.sql"
cp prisma/schema.prisma "$snapshot"
echo "Wrote $dir/migration.sql"
if ! wait "$generating"; then cat "$scratch/generate.out" >&2; exit 1; fi
echo "Regenerated the Prisma client (app/generated/prisma)"
