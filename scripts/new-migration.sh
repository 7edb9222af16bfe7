#!/usr/bin/env bash
# Makes a new migration offline: diffs the schema as of the last migration (kept in
# prisma/migrations/schema.snapshot.prisma) against prisma/schema.prisma with Prisma's JavaScript schema
# engine, writes prisma/migrations/<timestamp>_<name>/migration.sql and updates the snapshot.
# `prisma migrate dev` cannot run here (its shadow-database step); see docs/decisions/0002.
set -euo pipefail
name="${1:?usage: npm run db:new-migration -- <name>}"
export DATABASE_URL="${DATABASE_URL:-file:./data/tindak.db}"
snapshot=prisma/migrations/schema.snapshot.prisma
mkdir -p data prisma/migrations
dir="prisma/migrations/$(date -u +%Y%m%d%H%M%S)_${name}"
tmp=$(mktemp)
if [ -f "$snapshot" ]; then
  npx prisma migrate diff --from-schema-datamodel "$snapshot" --to-schema-datamodel prisma/schema.prisma --script >"$tmp"
else
  npx prisma migrate diff --from-empty --to-schema-datamodel prisma/schema.prisma --script >"$tmp"
fi
# `prisma` prints "Loaded Prisma config" on stdout: keep only SQL.
grep -v '^Loaded Prisma config' "$tmp" >"$tmp.sql" || true
if ! grep -qE '^(CREATE|ALTER|DROP|INSERT|PRAGMA|UPDATE|DELETE)' "$tmp.sql"; then
  echo "No schema change (or the diff failed): no migration written." >&2
  rm -f "$tmp" "$tmp.sql"
  exit 1
fi
mkdir -p "$dir"
mv "$tmp.sql" "$dir/migration.sql"
rm -f "$tmp"
cp prisma/schema.prisma "$snapshot"
echo "Wrote $dir/migration.sql"
