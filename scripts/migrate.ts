// `npm run db:migrate`: applies pending migrations to the DATABASE_URL database (created when missing).
// SQLite: a database that already holds data is first copied to <its folder>/backups/pre-migrate-<time>.db,
// and it refuses while a server serves the file: stop it, migrate, start the new version.
// PostgreSQL: each migration in its own transaction under an advisory lock (servers may keep running;
// take a pg_dump first, docs/deploy.md).
import { migrateDatabase } from "../app/lib/boot.server";
import { databaseEngineOf, getEnv, redactDatabaseUrl } from "../app/lib/env.server";
import { assertNoServerRunning } from "../app/lib/instance-lock.server";
import { databaseFile, runCli } from "./lib/cli";

runCli("migrate", async () => {
  const url = getEnv().DATABASE_URL;
  const where = databaseEngineOf(url) === "sqlite" ? databaseFile() : redactDatabaseUrl(url);
  if (databaseEngineOf(url) === "sqlite") assertNoServerRunning(where);
  const result = await migrateDatabase((line) => console.log(line.replace("[boot]", "[migrate]")));
  console.log(`[migrate] ${where}: ${result.applied.length} migration(s) applied, ${result.total} in all, up to date`);
});
