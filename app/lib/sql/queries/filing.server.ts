import { dialect, sqlEngine } from "../index.server";

// The daily allowance per address is checked on every web filing: one count on the read connection over
// the (reporterIpHash, createdAt) index, stopping at `cap` rows (past the allowance the exact number does
// not matter), instead of a Prisma count that walked every complaint of the day.
const FILED_SINCE_SQL = `
  SELECT count(*) AS n FROM (
    SELECT 1 FROM "Complaint" WHERE "reporterIpHash" = @ipHash AND "createdAt" > @since LIMIT @cap
  ) filed`;

export async function countFiledSince(ipHash: string, since: number, cap: number): Promise<number> {
  const row = await sqlEngine.read.get<{ n: number | string | bigint }>({ sql: FILED_SINCE_SQL, params: { ipHash, since: dialect.time(since), cap } });
  return Number(row?.n ?? 0);
}
