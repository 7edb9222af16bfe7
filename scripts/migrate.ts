// `npm run db:migrate`: applies pending migrations to the DATABASE_URL database (created when missing).
// A database that already holds data is first copied to <its folder>/backups/pre-migrate-<time>.db.
// Refuses while a server serves the database: stop it, migrate, start the new version.
import { migrateDatabase } from "../app/lib/boot.server";
import { assertNoServerRunning } from "../app/lib/instance-lock.server";
import { databaseFile, runCli } from "./lib/cli";

runCli("migrate", async () => {
  const file = databaseFile();
  assertNoServerRunning(file);
  const result = migrateDatabase((line) => console.log(line.replace("[boot]", "[migrate]")));
  console.log(`[migrate] ${file}: ${result.applied.length} migration(s) applied, ${result.total} in all, up to date`);
});
