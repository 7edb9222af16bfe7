import fs from "node:fs";
import path from "node:path";

// One Tindak server per database file on this machine. A second server on the same SQLite file would
// serve stale cached figures (its caches never see the first one's writes), and `npm run restore` must
// not swap a file under a running server. The lock is a small file beside the database holding the
// owner's pid; a lock whose process is gone (a crash, SIGKILL) is taken over.

export type LockHolder = { pid: number; startedAt: string };

export function lockPath(dbFile: string): string {
  return `${dbFile}.lock`;
}

function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (e) {
    // EPERM: the process exists but belongs to someone else: still a live owner.
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
  // A zombie (exited, not yet reaped by its parent) serves nothing.
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return true;
  }
}

/** The live server holding the database's lock, or null (no lock, or the lock of a dead process). */
export function lockHolder(dbFile: string): LockHolder | null {
  let raw: string;
  try {
    raw = fs.readFileSync(lockPath(dbFile), "utf8");
  } catch {
    return null;
  }
  try {
    const holder = JSON.parse(raw) as LockHolder;
    return alive(holder.pid) && holder.pid !== process.pid ? holder : null;
  } catch {
    return null; // half-written by a process killed mid-write
  }
}

export class DatabaseInUseError extends Error {
  constructor(
    readonly dbFile: string,
    readonly holder: LockHolder,
  ) {
    super(
      `${dbFile} is already served by another Tindak process (pid ${holder.pid}, since ${holder.startedAt}); ` +
        `stop it first (lock file ${lockPath(dbFile)}).`,
    );
  }
}

/** Takes the lock for this process or throws DatabaseInUseError; returns the release function. */
export function acquireInstanceLock(dbFile: string): () => void {
  const file = lockPath(dbFile);
  const mine = JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString() } satisfies LockHolder);
  // A fresh install has no data folder yet: the lock is taken before the migrations create the database.
  fs.mkdirSync(path.dirname(file), { recursive: true });
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(file, mine + "\n", { flag: "wx" }); // atomic: fails when the file exists
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try {
          if (fs.readFileSync(file, "utf8").trim() === mine) fs.unlinkSync(file);
        } catch {
          /* already gone */
        }
      };
      process.once("exit", release);
      return release;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      const holder = lockHolder(dbFile);
      if (holder) throw new DatabaseInUseError(dbFile, holder);
      fs.rmSync(file, { force: true }); // stale: its process is gone
    }
  }
  throw new Error(`Could not take the lock ${file}.`);
}

/** For commands that must not run under a live server (restore, upgrade). */
export function assertNoServerRunning(dbFile: string) {
  const holder = lockHolder(dbFile);
  if (holder) throw new DatabaseInUseError(dbFile, holder);
}
