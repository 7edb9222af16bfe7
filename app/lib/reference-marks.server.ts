import fs from "node:fs";

// The reference high-water marks (`<database>.refs.json`, app/models/reference.server.ts): the last
// number of each series and year ever issued from a SQLite database, written at every issue. Kept apart
// from the model so operator commands (restore, db:copy) read it without loading any database module.

export type ReferenceMarks = Record<string, number>; // "ADU-2026" → last number issued

/** The high-water-mark file of a database file. */
export function referenceMarkFile(databaseFile: string): string {
  return `${databaseFile}.refs.json`;
}

export function readReferenceMarks(file: string): ReferenceMarks {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw e;
  }
  const parsed = JSON.parse(text) as unknown;
  const marks: ReferenceMarks = {};
  if (parsed && typeof parsed === "object") {
    for (const [key, value] of Object.entries(parsed as Record<string, unknown>)) {
      if (/^[A-Z]{3}-\d{4}$/.test(key) && Number.isSafeInteger(value)) marks[key] = value as number;
    }
  }
  return marks;
}

/** Writes the marks (never lowering one already in the file) atomically: temp file, fsync, rename. */
export function writeReferenceMarks(file: string, marks: ReferenceMarks): void {
  const merged = { ...readReferenceMarks(file) };
  for (const [key, last] of Object.entries(marks)) merged[key] = Math.max(merged[key] ?? 0, last);
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = fs.openSync(tmp, "w");
  try {
    fs.writeSync(fd, JSON.stringify(merged, Object.keys(merged).sort(), 1) + "\n");
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
}
