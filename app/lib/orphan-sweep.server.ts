import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { isValidStorageKey } from "./storage.server";

// Photos are written to disk before the transaction that records them (ADR 0003: no file work inside a
// transaction). A crash between the two leaves a file with no row; this sweep removes such files, and
// temporary files of interrupted writes. Files younger than `olderThanMs` are left alone, because their
// transaction may still be about to commit.

export type SweepResult = { scanned: number; removed: string[] };

function walk(root: string, dir = root, out: string[] = []): string[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(root, full, out);
    else out.push(path.relative(root, full).split(path.sep).join("/"));
  }
  return out;
}

export async function sweepOrphanUploads(options: { dbFile: string; uploadDir: string; olderThanMs?: number; now?: number }): Promise<SweepResult> {
  const olderThan = options.olderThanMs ?? 60 * 60 * 1000;
  const now = options.now ?? Date.now();
  const files = walk(options.uploadDir);
  const db = new Database(options.dbFile, { readonly: true, timeout: 10_000 });
  const removed: string[] = [];
  try {
    const known = db.prepare("SELECT 1 FROM Attachment WHERE storageKey = ?");
    for (const key of files) {
      const full = path.join(options.uploadDir, key);
      let mtime: number;
      try {
        mtime = fs.statSync(full).mtimeMs;
      } catch {
        continue;
      }
      if (now - mtime < olderThan) continue;
      const orphanTmp = key.endsWith(".tmp");
      const orphanPhoto = isValidStorageKey(key) && !known.get(key);
      if (orphanTmp || orphanPhoto) {
        fs.rmSync(full, { force: true });
        removed.push(key);
      }
    }
  } finally {
    db.close();
  }
  return { scanned: files.length, removed };
}
