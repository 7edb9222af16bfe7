// `npm run demo:remove [-- --yes] [--keep-units]`: takes the Palembang demo data out of the DATABASE_URL
// database and leaves the city's own records (app/lib/demo-removal.server.ts says what is demo). Without
// --yes it only says what it would remove. With --yes: refuses while a server serves the database, takes
// a checked backup (<database folder>/backups/pre-demo-remove-….db), removes everything in one
// transaction with one `demo.remove` audit event, then deletes the removed records' photo files.
import path from "node:path";
import { parseArgs } from "node:util";
import Database from "better-sqlite3";
import { assertNoServerRunning } from "../app/lib/instance-lock.server";
import { pendingMigrations } from "../app/lib/migrate.server";
import { removeDemoData, type DemoRemoval } from "../app/lib/demo-removal.server";
import { storageFor } from "../app/lib/storage.server";
import { backupDatabase } from "./backup";
import { CliError, existingDatabaseFile, runCli } from "./lib/cli";

const USAGE = "usage: npm run demo:remove [-- --yes] [--keep-units]";

function describe(result: DemoRemoval, verb: string): string[] {
  const c = result.counts;
  const lines = [
    `${verb}: ${c.complaints} complaints (${c.complaintEvents} events), ${c.inspections} inspections (${c.checklistAnswers} answers, ${c.findings} findings), ` +
      `${c.followUps} follow-ups (${c.responses} answers, ${c.extensionRequests} extension requests, ${c.escalations} escalations), ${c.photos} photos, ` +
      `${c.accounts} demo accounts, ${c.units} units, ${c.apiKeys} API key(s)`,
  ];
  if (c.accountsDisabled || result.keptAccounts.length) {
    lines.push(`kept, disabled and without password because the city's own records name them: ${result.keptAccounts.join(", ")}`);
  }
  if (c.apiKeysRevoked) lines.push("the demo Open311 key is revoked, not removed: complaints of the city came through it");
  if (c.duplicateLinksCleared) lines.push(`${c.duplicateLinksCleared} complaint(s) of the city lose their 'duplicate of' link to a demo complaint`);
  if (result.keptUnits) lines.push(`${result.keptUnits} of the demo's units stay (used by the city's records${c.units === 0 ? ", or --keep-units" : ""})`);
  lines.push(`demo rows told apart by the ${result.boundary.source}: complaints up to id ${result.boundary.complaint}, inspections up to id ${result.boundary.inspection}, units up to id ${result.boundary.unit}`);
  return lines.map((l) => `[demo:remove] ${l}`);
}

runCli("demo:remove", async () => {
  let args;
  try {
    args = parseArgs({ options: { yes: { type: "boolean" }, "keep-units": { type: "boolean" } } }).values;
  } catch {
    throw new CliError(USAGE);
  }
  const file = existingDatabaseFile();
  if (pendingMigrations(file).names.length) throw new CliError(`${file} has pending migrations: run \`npm run db:migrate\` first.`);
  const keepUnits = Boolean(args["keep-units"]);

  const open = () => new Database(file, { timeout: 10_000 });
  let sqlite = open();
  const planned = (() => {
    try {
      return removeDemoData(sqlite, { dryRun: true, keepUnits });
    } finally {
      sqlite.close();
    }
  })();
  if (planned.total === 0) {
    console.log("[demo:remove] nothing to remove: no demo data in this database");
    return 0;
  }
  if (!args.yes) {
    for (const line of describe(planned, "would remove")) console.log(line);
    console.log("[demo:remove] nothing changed. Run `npm run demo:remove -- --yes` (server stopped) to remove it.");
    return 0;
  }

  assertNoServerRunning(file);
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const backup = await backupDatabase(file, path.join(path.dirname(file), "backups", `pre-demo-remove-${stamp}.db`));
  console.log(`[demo:remove] backup: ${backup.destination} (integrity_check ok)`);
  sqlite = open();
  let done: DemoRemoval;
  try {
    sqlite.pragma("journal_mode = WAL");
    done = removeDemoData(sqlite, { dryRun: false, keepUnits });
  } finally {
    sqlite.close();
  }
  for (const line of describe(done, "removed")) console.log(line);
  // Files go after the commit (ADR 0003: no file work inside a transaction). One that cannot be deleted
  // is left for `npm run sweep:orphans`, which removes files no record refers to.
  let failed = 0;
  for (const photo of done.photos) {
    try {
      await storageFor(photo.backend).delete(photo.storageKey);
    } catch {
      failed++;
    }
  }
  if (failed) console.log(`[demo:remove] ${failed} photo file(s) could not be deleted: run \`npm run sweep:orphans\` later`);
  console.log("[demo:remove] done; the audit trail records it (action demo.remove)");
  return 0;
});
