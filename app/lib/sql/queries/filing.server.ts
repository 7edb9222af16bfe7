import type { SqlTx } from "../engine";
import { dialect, sqlEngine } from "../index.server";

// The daily allowance per address is checked on every web filing: one count over the (reporterIpHash,
// createdAt) index, stopping at `cap` rows (past the allowance the exact number does not matter). It runs
// in the filing's write transaction, so two posts from one address at once cannot both pass the
// allowance. (On the read connection, the first read after each commit, it cost 90–140 µs while
// residents filed; in the transaction about 40 µs: docs/benchmarks.md, 2026-12-02 afternoon.)
const FILED_SINCE_SQL = `
  SELECT count(*) AS n FROM (
    SELECT 1 FROM "Complaint" WHERE "reporterIpHash" = @ipHash AND "createdAt" > @since LIMIT @cap
  ) filed`;

export async function countFiledSince(tx: SqlTx, ipHash: string, since: number, cap: number): Promise<number> {
  const row = await tx.get<{ n: number | string | bigint }>({ sql: FILED_SINCE_SQL, params: { ipHash, since: dialect.time(since), cap } });
  return Number(row?.n ?? 0);
}

// The unit a complaint is filed against, active ones only: on the read connection like the count above
// (a Prisma findFirst cost most of a millisecond per filing in its query compiler). A unit made inactive
// a moment ago may still be read as active here; the write that follows stores the id it was given.
const ACTIVE_UNIT_SQL = `SELECT id, name FROM "Unit" WHERE id = @id AND active = TRUE`;

export async function activeUnit(id: number): Promise<{ id: number; name: string } | null> {
  const row = await sqlEngine.read.get<{ id: number | string; name: string }>({ sql: ACTIVE_UNIT_SQL, params: { id } });
  return row ? { id: Number(row.id), name: row.name } : null;
}
