// `npm run restore -- <backup file>`: puts a backup in place of the database DATABASE_URL names.
// 1. Refuses while a Tindak server serves that database (its instance lock), and holds the lock itself
//    until done, so no server starts half-way.
// 2. Checks the backup (integrity_check, a Tindak database) and prepares a copy of it beside the database,
//    with the pending migrations applied; the backup file itself is never changed.
// 3. Sets the copy's reference counters past every number ever issued: those in the backup, those in the
//    database being replaced (when it can still be read) and the high-water mark `<database>.refs.json`
//    written at every issue. A reference acknowledged after the backup is never issued again.
// 4. Moves the old files (database, -wal, -shm: whichever exist) into `<folder>/replaced-<time>/`, then
//    moves the copy into place.
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { acquireInstanceLock } from "../app/lib/instance-lock.server";
import { applyMigrations } from "../app/lib/migrate.server";
import { raiseReferenceCounters, readReferenceMarks, referenceMarkFile, writeReferenceMarks, type ReferenceMarks } from "../app/models/reference.server";
import { CliError, databaseFile, runCli } from "./lib/cli";

const SUFFIXES = ["", "-wal", "-shm"] as const;

/** The counters and highest references of the database being replaced, if it can still be read. */
function marksOfOldDatabase(file: string): { marks: ReferenceMarks; note: string } {
  if (!fs.existsSync(file)) return { marks: {}, note: "no database to replace" };
  try {
    const sqlite = new Database(file, { readonly: true, fileMustExist: true });
    try {
      const marks: ReferenceMarks = {};
      const hasCounters = sqlite.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'ReferenceCounter'`).get();
      if (hasCounters) {
        for (const r of sqlite.prepare(`SELECT series, year, last FROM "ReferenceCounter"`).all() as { series: string; year: number; last: number }[]) {
          marks[`${r.series}-${r.year}`] = r.last;
        }
      }
      for (const r of sqlite.prepare(`SELECT ref FROM "Complaint" WHERE ref GLOB '[A-Z][A-Z][A-Z]-[0-9][0-9][0-9][0-9]-[0-9]*'`).iterate() as Iterable<{ ref: string }>) {
        const key = r.ref.slice(0, 8);
        marks[key] = Math.max(marks[key] ?? 0, Number(r.ref.slice(9)));
      }
      return { marks, note: "read the old database's numbers" };
    } finally {
      sqlite.close();
    }
  } catch (e) {
    return { marks: {}, note: `the old database cannot be read (${(e as Error).message}); the high-water mark file alone counts` };
  }
}

function checkBackup(backup: string) {
  if (!fs.existsSync(backup)) throw new CliError(`no backup at ${backup}.`);
  let sqlite: Database.Database;
  try {
    sqlite = new Database(backup, { readonly: true, fileMustExist: true });
  } catch (e) {
    throw new CliError(`${backup} cannot be opened as a database: ${(e as Error).message}`);
  }
  try {
    const result = sqlite.pragma("integrity_check", { simple: true });
    if (result !== "ok") throw new CliError(`${backup} fails integrity_check: ${String(result)}`);
    const isTindak = sqlite.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'Complaint'`).get();
    if (!isTindak) throw new CliError(`${backup} is not a Tindak database (no Complaint table).`);
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(`${backup} cannot be read as a database: ${(e as Error).message}`);
  } finally {
    sqlite.close();
  }
}

runCli("restore", async () => {
  const arg = process.argv[2];
  if (!arg || arg.startsWith("-")) throw new CliError("usage: npm run restore -- <backup file>   (restores into the database DATABASE_URL names)");
  const backup = path.resolve(arg);
  const file = path.resolve(databaseFile());
  if (backup === file) throw new CliError(`${backup} is the database itself: give a backup file.`);
  const release = acquireInstanceLock(file); // throws "already served by another Tindak process" while a server runs
  try {
    checkBackup(backup);
    const markFile = referenceMarkFile(file);
    // Reading the old database opens it read-only, and SQLite then creates an empty -wal and -shm
    // beside a database a clean shutdown had left without them. Those are ours, not the city's: remove
    // them again so what is moved aside is exactly what was there (a reader writes no WAL frames).
    const existedBefore = new Set(SUFFIXES.filter((s) => fs.existsSync(file + s)));
    const old = marksOfOldDatabase(file);
    for (const s of SUFFIXES.slice(1)) {
      if (!existedBefore.has(s) && fs.existsSync(file + s) && (s === "-shm" || fs.statSync(file + s).size === 0)) fs.rmSync(file + s);
    }
    const marks: ReferenceMarks = { ...readReferenceMarks(markFile) };
    for (const [k, v] of Object.entries(old.marks)) marks[k] = Math.max(marks[k] ?? 0, v);

    // The copy is prepared beside the database (same file system: the final move is a rename).
    const staging = `${file}.restoring`;
    for (const s of SUFFIXES) fs.rmSync(staging + s, { force: true });
    // Through SQLite's backup API, so a backup with a -wal of its own is copied whole and consistent.
    const source = new Database(backup, { readonly: true, fileMustExist: true });
    try {
      await source.backup(staging);
    } finally {
      source.close();
    }
    const migrated = applyMigrations(staging);
    const sqlite = new Database(staging);
    let counters: ReferenceMarks;
    let complaints: number;
    try {
      counters = sqlite.transaction(() => raiseReferenceCounters(sqlite, marks))();
      complaints = (sqlite.prepare(`SELECT COUNT(*) AS n FROM "Complaint"`).get() as { n: number }).n;
      sqlite.pragma("wal_checkpoint(TRUNCATE)");
    } finally {
      sqlite.close();
    }
    writeReferenceMarks(markFile, counters);

    const present = SUFFIXES.map((s) => file + s).filter((f) => fs.existsSync(f));
    let asideDir: string | null = null;
    if (present.length) {
      asideDir = path.join(path.dirname(file), `replaced-${new Date().toISOString().replace(/[:.]/g, "-")}`);
      fs.mkdirSync(asideDir, { recursive: true });
      for (const f of present) fs.renameSync(f, path.join(asideDir, path.basename(f)));
    }
    for (const s of SUFFIXES.slice(1)) fs.rmSync(staging + s, { force: true });
    fs.renameSync(staging, file);

    console.log(`[restore] ${file} restored from ${backup} (${complaints} complaints${migrated.applied.length ? `, migrations applied: ${migrated.applied.join(", ")}` : ""})`);
    console.log(asideDir ? `[restore] the replaced files (${present.map((f) => path.basename(f)).join(", ")}) are in ${asideDir}` : "[restore] there was no database to replace");
    console.log(`[restore] reference counters (${old.note}): ${Object.entries(counters).sort().map(([k, v]) => `${k} last ${v}`).join(", ") || "none yet"}`);
    console.log("[restore] done. Start the server: npm start");
  } finally {
    release();
  }
});
