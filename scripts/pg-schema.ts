// `npm run db:pg-schema [-- <migration_name>]`: derives the PostgreSQL side from prisma/schema.prisma
// (docs/decisions/0022). Writes prisma/postgres/schema.prisma and, when the PostgreSQL schema changed, a
// PostgreSQL migration prisma/postgres/migrations/<name>/migration.sql: the whole schema the first time
// (the baseline), then the difference from the previous PostgreSQL schema. `npm run db:new-migration`
// calls it with the name of the SQLite migration it just wrote, so both engines get the same step.
// `--check` writes nothing and exits 1 when the committed PostgreSQL schema is stale.
// Prisma's JavaScript schema engine diffs two schema files offline: no PostgreSQL server is needed.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { POSTGRES_MIGRATIONS, POSTGRES_SCHEMA, SQLITE_SCHEMA, postgresMigrationNames, postgresSchemaFrom } from "./lib/postgres-schema";

const usage = "usage: npm run db:pg-schema [-- <migration_name> | --check]   (name: letters, digits and _, e.g. 20261130120000_add_unit_phone)";

function utcStamp(): string {
  return new Date().toISOString().replace(/\D/g, "").slice(0, 14);
}

/** `prisma migrate diff … --script`, SQL only ("Loaded Prisma config" goes to stdout too). */
function migrateDiff(scratch: string, from: string[], toSchema: string): string {
  const prisma = path.resolve("node_modules/.bin/prisma");
  const run = spawnSync(prisma, ["migrate", "diff", ...from, "--to-schema-datamodel", toSchema, "--script"], {
    encoding: "utf8",
    // prisma.config.ts opens DATABASE_URL (SQLite) even for an offline diff: give it a scratch file.
    env: { ...process.env, DATABASE_URL: `file:${path.join(scratch, "diff.db")}`, CHECKPOINT_DISABLE: "1", PRISMA_HIDE_UPDATE_MESSAGE: "1" },
  });
  if (run.status !== 0) throw new Error(`prisma migrate diff failed:\n${run.stderr || run.stdout}`);
  const sql = run.stdout
    .split("\n")
    .filter((line) => !line.startsWith("Loaded Prisma config"))
    .join("\n");
  return sql.trimStart();
}

function main(args: string[]): number {
  const check = args.includes("--check");
  const name = args.find((a) => !a.startsWith("--"));
  if (args.some((a) => a.startsWith("--") && a !== "--check") || (name && !/^[A-Za-z0-9_]+$/.test(name))) {
    console.error(usage);
    return 1;
  }
  const wanted = postgresSchemaFrom(fs.readFileSync(SQLITE_SCHEMA, "utf8"));
  const current = fs.existsSync(POSTGRES_SCHEMA) ? fs.readFileSync(POSTGRES_SCHEMA, "utf8") : undefined;
  const migrations = postgresMigrationNames();
  if (current === wanted && migrations.length > 0) {
    console.log(`${POSTGRES_SCHEMA} is up to date with ${SQLITE_SCHEMA}.`);
    return 0;
  }
  if (check) {
    console.error(`${POSTGRES_SCHEMA} is stale: ${SQLITE_SCHEMA} changed without \`npm run db:pg-schema\` (npm run db:new-migration runs it).`);
    return 1;
  }

  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "tindak-pg-schema-"));
  try {
    const toSchema = path.join(scratch, "to.prisma");
    fs.writeFileSync(toSchema, wanted);
    let from = ["--from-empty"];
    if (current !== undefined && migrations.length > 0) {
      const fromSchema = path.join(scratch, "from.prisma");
      fs.writeFileSync(fromSchema, current);
      from = ["--from-schema-datamodel", fromSchema];
    }
    const sql = migrateDiff(scratch, from, toSchema);
    const folder = name ?? `${utcStamp()}_${migrations.length ? "schema_change" : "baseline"}`;
    if (/^(CREATE|ALTER|DROP)/m.test(sql)) {
      const dir = path.join(POSTGRES_MIGRATIONS, folder);
      if (fs.existsSync(dir)) throw new Error(`${dir} already exists: choose another name.`);
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, "migration.sql"), sql);
      console.log(`Wrote ${dir}/migration.sql`);
    } else if (migrations.length === 0) {
      throw new Error("The PostgreSQL baseline came out empty (the diff failed?): nothing written.");
    } else {
      // A change that means nothing on PostgreSQL (a comment): the schema file still follows it.
      console.log("No PostgreSQL schema change: no PostgreSQL migration written.");
    }
    // The schema last: after a failure above, the next run still sees the old one and diffs from it.
    fs.mkdirSync(path.dirname(POSTGRES_SCHEMA), { recursive: true });
    fs.writeFileSync(POSTGRES_SCHEMA, wanted);
    console.log(`Wrote ${POSTGRES_SCHEMA}`);
    return 0;
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (e) {
  console.error((e as Error).message);
  process.exitCode = 1;
}
