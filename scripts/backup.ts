// `npm run backup [-- <destination file>]`: a consistent copy of the live database with SQLite's online
// backup API, taken while the server keeps writing. The copy is checked with `PRAGMA integrity_check`.
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { existingDatabaseFile } from "./lib/cli";

export async function backupDatabase(source: string, destination: string) {
  fs.mkdirSync(path.dirname(destination), { recursive: true });
  const started = Date.now();
  const db = new Database(source, { readonly: true, fileMustExist: true, timeout: 10_000 });
  try {
    // Copies in steps of 1,000 pages; writers go on between steps and the backup restarts only the
    // pages they changed, so the copy is one consistent state of the database.
    await db.backup(destination, { progress: () => 1000 });
  } finally {
    db.close();
  }
  const copy = new Database(destination);
  try {
    // The copy inherits WAL mode, and opening it would leave -wal and -shm files beside it: a backup is
    // one self-contained file, so it is switched to the rollback journal (the server sets WAL again on
    // whatever database it opens, a restored one too).
    copy.pragma("journal_mode = DELETE");
    const result = copy.pragma("integrity_check", { simple: true });
    if (result !== "ok") throw new Error(`integrity_check of the copy: ${String(result)}`);
    const complaints = (copy.prepare("SELECT count(*) AS n FROM Complaint").get() as { n: number }).n;
    return { destination, ms: Date.now() - started, bytes: fs.statSync(destination).size, complaints };
  } finally {
    copy.close();
  }
}

async function main() {
  const source = existingDatabaseFile();
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const destination = path.resolve(process.argv[2] ?? path.join("data", "backups", `tindak-${stamp}.db`));
  const result = await backupDatabase(source, destination);
  console.log(
    `backup ok: ${result.destination} (${(result.bytes / 1e6).toFixed(1)} MB, ${result.complaints} complaints, ${result.ms} ms, integrity_check ok)`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error) => {
    console.error(`backup failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
