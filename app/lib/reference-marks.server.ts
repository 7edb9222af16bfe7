import fs from "node:fs";

// The reference high-water marks (`<database>.refs.json`, app/models/reference.server.ts): the last
// number of each series and year ever issued from a SQLite database, or more (the server reserves ahead).
// Never behind a committed number: written before the COMMIT that would pass it. Kept apart
// from the model so operator commands (restore, db:copy) read it without loading any database module.

export type ReferenceMarks = Record<string, number>; // "ADU-2026" → last number issued

/**
 * How many numbers of a series the server's marks hold past the last one issued. The file is rewritten
 * (temporary file, fsync, rename) only when a counter passes the mark it holds, about once in this many
 * filings instead of once in every transaction; the price is that a restore skips up to this many
 * numbers more than were issued (ADR 0016).
 */
export const REFERENCE_MARKS_AHEAD = 1000;

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

/**
 * Writes the marks (never lowering one already in the file) atomically: temp file, fsync, rename.
 * Returns what the file now holds.
 */
export function writeReferenceMarks(file: string, marks: ReferenceMarks): ReferenceMarks {
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
  return merged;
}
