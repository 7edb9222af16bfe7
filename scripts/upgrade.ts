// `npm run upgrade`: after new code arrived (`git pull`, `npm ci`), with the server stopped:
// 1. an online backup of the database (checked with integrity_check) to <its folder>/backups/;
// 2. the pending migrations;
// 3. the production build (scripts/build.mjs), unless the build in place was made from these very sources
//    (build/build-info.json), so a migration-only upgrade, or a second run, does not rebuild for nothing.
// Then `npm start` serves the new version. Refuses while a server serves the database.
import fs from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { applyMigrations, pendingMigrations } from "../app/lib/migrate.server";
import { assertNoServerRunning } from "../app/lib/instance-lock.server";
import { backupDatabase } from "./backup";
import { CliError, databaseFile, runCli } from "./lib/cli";
import { staleReason } from "./build.mjs";

runCli("upgrade", async () => {
  const file = databaseFile();
  assertNoServerRunning(file);
  if (fs.existsSync(file)) {
    const stamp = new Date().toISOString().replace(/[:.]/g, "-");
    const backup = await backupDatabase(file, path.join(path.dirname(file), "backups", `pre-upgrade-${stamp}.db`));
    console.log(`[upgrade] 1/3 backup: ${backup.destination} (${backup.complaints} complaints, integrity_check ok)`);
  } else {
    console.log(`[upgrade] 1/3 backup: no database at ${file} yet, nothing to back up`);
  }
  const pending = pendingMigrations(file);
  const result = applyMigrations(file);
  console.log(`[upgrade] 2/3 migrations: ${result.applied.length ? result.applied.join(", ") : "none pending"}${pending.names.length !== result.applied.length ? " (another process applied some)" : ""}`);
  const stale = staleReason();
  if (!stale) {
    console.log("[upgrade] 3/3 build: already made from these sources, not rebuilt. Start the server: npm start");
    return;
  }
  console.log(`[upgrade] 3/3 build: ${stale}, building…`);
  const build = spawnSync(process.execPath, [path.resolve("scripts/build.mjs")], { stdio: "inherit", env: process.env });
  if (build.status !== 0) throw new CliError("3/3 build failed: the database is backed up and migrated; fix the build, then run `npm run build`.");
  console.log("[upgrade] 3/3 build done. Start the server: npm start");
});
