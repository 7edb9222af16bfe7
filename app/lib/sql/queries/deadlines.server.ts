import { deadlineAheadSql } from "~/models/policy.server";
import { dateOf, sqlEngine } from "../index.server";

/**
 * The first deadline at or after `now` whose passing changes a figure (policy: deadlineAheadSql), in
 * unix milliseconds; null when there is none. One step down the (state, dueAt) index per state.
 */
export async function nextDeadlineAt(now: number): Promise<number | null> {
  const ahead = deadlineAheadSql(new Date(now), "f");
  const row = await sqlEngine.read.get<{ at: number | bigint | Date | null }>({ sql: `SELECT MIN(f."dueAt") AS at FROM "FollowUp" f WHERE ${ahead.sql}`, params: ahead.params });
  return dateOf(row?.at)?.getTime() ?? null;
}
