import type { TestProject } from "vitest/node";
import { runScript } from "../support/cli";
import { createDatabase } from "../support/postgres";
import { startSharedPostgres } from "./pg-setup";

// The integration suite on PostgreSQL (issue 18, `npm run test:pg`): one database migrated and seeded
// with the Palembang demo, once per run; each test file then works on its own copy of it
// (CREATE DATABASE … TEMPLATE, tests/setup/pg-integration-db.ts), as on SQLite each file copies the
// seeded base file (tests/setup/db-setup.ts).
export const PG_BASE_DATABASE = "tindak_base";

export default async function setup(project: TestProject) {
  const adminUrl = await startSharedPostgres(project);
  const shared = globalThis as { __tindakPgBase?: Promise<void> };
  shared.__tindakPgBase ??= (async () => {
    const url = await createDatabase(adminUrl, PG_BASE_DATABASE);
    // `npm run seed` (migrations, then the demo), in its own process: this runner's app modules are bound
    // to the SQLite base database of tests/setup/global-setup.ts.
    const seeded = await runScript("scripts/seed.ts", [], { env: { DATABASE_URL: url } });
    if (seeded.code !== 0) throw new Error(`seeding the PostgreSQL base database failed:\n${seeded.out}`);
  })();
  await shared.__tindakPgBase;
  project.provide("pgBaseDatabase", PG_BASE_DATABASE);
}

declare module "vitest" {
  export interface ProvidedContext {
    pgBaseDatabase: string;
  }
}
