import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { POSTGRES_MIGRATIONS, POSTGRES_SCHEMA, SQLITE_SCHEMA, postgresMigrationNames, postgresSchemaFrom } from "../../scripts/lib/postgres-schema";

// Issue 18, "one schema, two engines": prisma/schema.prisma is the only schema anybody edits; the
// PostgreSQL side (prisma/postgres/) is derived from it by `npm run db:pg-schema` (which
// `npm run db:new-migration` runs). These checks fail when the two drift apart. That the PostgreSQL
// migrations really build that schema on PostgreSQL is checked on a real cluster by `npm run test:pg`.

const FIX = "run `npm run db:pg-schema -- <the name of your SQLite migration folder>` (npm run db:new-migration does it)";
const sqliteSchema = fs.readFileSync(SQLITE_SCHEMA, "utf8");
const sqliteMigrations = fs.readdirSync("prisma/migrations").filter((d) => /^\d{14}_/.test(d)).sort();
const postgresMigrations = postgresMigrationNames();
const postgresSql = postgresMigrations.map((name) => fs.readFileSync(path.join(POSTGRES_MIGRATIONS, name, "migration.sql"), "utf8")).join("\n");

describe("the PostgreSQL schema follows prisma/schema.prisma", () => {
  it("prisma/postgres/schema.prisma is exactly what npm run db:pg-schema makes of the current schema", () => {
    const committed = fs.readFileSync(POSTGRES_SCHEMA, "utf8");
    expect(committed === postgresSchemaFrom(sqliteSchema), `${POSTGRES_SCHEMA} is stale: ${FIX}`).toBe(true);
    expect(committed).toContain('provider = "postgresql"');
    expect(committed).toContain('output          = "../../app/generated/prisma-pg"');
  });

  it("every model has its CREATE TABLE among the PostgreSQL migrations", () => {
    const models = [...sqliteSchema.matchAll(/^model (\w+) \{/gm)].map((m) => m[1]);
    expect(models.length).toBeGreaterThan(30);
    const missing = models.filter((m) => !postgresSql.includes(`CREATE TABLE "${m}" (`));
    expect(missing, `no PostgreSQL CREATE TABLE for these models: ${FIX}`).toEqual([]);
  });

  it("every SQLite migration made after the PostgreSQL baseline has its PostgreSQL twin of the same name", () => {
    expect(postgresMigrations.length).toBeGreaterThan(0);
    const baseline = postgresMigrations[0];
    const later = sqliteMigrations.filter((name) => name > baseline);
    expect(later.filter((name) => !postgresMigrations.includes(name)), FIX).toEqual([]);
  });

  it("refuses, with the file to change, a schema it cannot map: a native type attribute or another datasource", () => {
    expect(() => postgresSchemaFrom(sqliteSchema.replace("  slug          String   @unique", "  slug          String   @unique @db.Text"))).toThrow(
      /native type attribute "slug\s+String\s+@unique @db\.Text" has no PostgreSQL mapping yet; add one in scripts\/lib\/postgres-schema\.ts/,
    );
    expect(() => postgresSchemaFrom(sqliteSchema.replace('provider = "sqlite"', 'provider = "mysql"'))).toThrow(
      'expected exactly one datasource line `provider = "sqlite"`, found 0',
    );
  });
});
