import type Database from "better-sqlite3";
import { formatReference, type ReferenceSeries } from "~/lib/reference";
import { REFERENCE_MARKS_AHEAD, referenceMarkFile, writeReferenceMarks, type ReferenceMarks } from "~/lib/reference-marks.server";
import { sqlEngine, type SqlTx } from "~/lib/sql/index.server";
import { bumpReferenceCounter, REFERENCE_COUNTERS, referenceTaken } from "~/lib/sql/writes/complaint.server";

// Issuing complaint references (ADR "reference series"). The ReferenceCounter table holds the last
// number of each series and year and is bumped in the filing transaction, so a number is taken exactly
// once even with several worker processes (the transaction is IMMEDIATE: one writer at a time).
//
// A backup restored later knows only the numbers issued before the backup. So every issue also writes
// the counters to a small file beside the database (`<database>.refs.json`, the "high-water mark"),
// still inside the transaction (once, just before its COMMIT): the file is never behind a committed number. `npm run restore` leaves
// that file in place and sets the restored database's counters past it, so no reference acknowledged to
// anyone is issued twice (issue 23 item 8).

type CounterRow = { series: string; year: number; last: number };
// The marks file lives in its own module (no database import), so operator commands can read it alone.
export { readReferenceMarks, REFERENCE_MARKS_AHEAD, referenceMarkFile, writeReferenceMarks, type ReferenceMarks } from "~/lib/reference-marks.server";

function marksOf(rows: CounterRow[]): ReferenceMarks {
  const marks: ReferenceMarks = {};
  for (const r of rows) marks[`${r.series}-${r.year}`] = r.last;
  return marks;
}

/**
 * The next reference of `series` in `year`, taken inside the caller's write transaction. A number whose
 * reference exists already (as a reference or as a moved complaint's old one: a hand-made row, a
 * restore done without `npm run restore`) is skipped rather than issued twice.
 */
export async function issueReference(tx: SqlTx, series: ReferenceSeries, year: number): Promise<string> {
  for (;;) {
    const { last } = (await tx.get<{ last: number }>(bumpReferenceCounter(series, year)))!;
    const ref = formatReference(series, year, Number(last));
    if (await tx.get(referenceTaken(ref))) continue;
    const file = sqlEngine.databaseFile();
    if (file) {
      const writeMarks = async () => reserveReferenceMarks(referenceMarkFile(file), marksOf(await tx.all<CounterRow>(REFERENCE_COUNTERS)));
      // Once per transaction, just before its COMMIT: a batch of filings (ADR 0023) checks the marks once,
      // and the file is still written before any number past its marks is committed.
      if (tx.beforeCommit) tx.beforeCommit("reference-marks", writeMarks);
      else await writeMarks();
    }
    return ref;
  }
}

// The marks each marks file is known to hold at least: written by this process, and the file's marks
// only grow (writeReferenceMarks never lowers one). Another process may have written higher marks since;
// then this process rewrites a little early, which is harmless.
const marksHeld = new Map<string, ReferenceMarks>();

/** Makes sure the marks file holds at least `counters` (each series' last number), reserving ahead. */
function reserveReferenceMarks(markFile: string, counters: ReferenceMarks): void {
  const held = marksHeld.get(markFile) ?? {};
  if (Object.entries(counters).every(([key, last]) => last <= (held[key] ?? 0))) return;
  const ahead: ReferenceMarks = {};
  for (const [key, last] of Object.entries(counters)) ahead[key] = last + REFERENCE_MARKS_AHEAD;
  marksHeld.set(markFile, writeReferenceMarks(markFile, ahead));
}

/**
 * Sets every counter past the highest number found in the complaints (references and old references)
 * and in `marks` (the high-water-mark file): after a seed, a bulk import or a restore. These run on a
 * bare SQLite connection of their own (the scripts that call them open the file before the app runs).
 */
export function raiseReferenceCounters(sqlite: Database.Database, marks: ReferenceMarks = {}): ReferenceMarks {
  sqlite.exec(RAISE_COUNTERS_FROM_COMPLAINTS_SQL);
  const raise = sqlite.prepare(
    `INSERT INTO "ReferenceCounter" (series, year, last) VALUES (?, ?, ?)
     ON CONFLICT (series, year) DO UPDATE SET last = MAX(last, excluded.last)`,
  );
  for (const [key, last] of Object.entries(marks)) raise.run(key.slice(0, 3), Number(key.slice(4)), last);
  return marksOf(sqlite.prepare(REFERENCE_COUNTERS.sql).all() as CounterRow[]);
}

/** Raises each counter to the highest number among the complaints' references and old references. */
export const RAISE_COUNTERS_FROM_COMPLAINTS_SQL = `INSERT INTO "ReferenceCounter" (series, year, last)
  SELECT substr(r, 1, 3), CAST(substr(r, 5, 4) AS INTEGER), MAX(CAST(substr(r, 10) AS INTEGER))
  FROM (SELECT ref AS r FROM "Complaint" UNION ALL SELECT legacyRef FROM "Complaint" WHERE legacyRef IS NOT NULL)
  WHERE r GLOB '[A-Z][A-Z][A-Z]-[0-9][0-9][0-9][0-9]-[0-9]*'
  GROUP BY 1, 2
  ON CONFLICT (series, year) DO UPDATE SET last = MAX(last, excluded.last)`;

/** The same on PostgreSQL (its regular expressions for SQLite's GLOB, GREATEST for the two-argument MAX). */
export const RAISE_COUNTERS_FROM_COMPLAINTS_POSTGRES_SQL = `INSERT INTO "ReferenceCounter" (series, year, last)
  SELECT substr(r, 1, 3), CAST(substr(r, 5, 4) AS INTEGER), MAX(CAST(substr(r, 10) AS INTEGER))
  FROM (SELECT ref AS r FROM "Complaint" UNION ALL SELECT "legacyRef" FROM "Complaint" WHERE "legacyRef" IS NOT NULL) refs
  WHERE r ~ '^[A-Z]{3}-[0-9]{4}-[0-9]+$'
  GROUP BY 1, 2
  ON CONFLICT (series, year) DO UPDATE SET last = GREATEST("ReferenceCounter".last, excluded.last)`;
