import { dialect, type SqlFragment } from "../index.server";

// Rate-limit counters in the database (issue 18, docs/decisions/0028): what every app server on one
// PostgreSQL counts together. One statement per hit, atomic on both engines (an upsert with RETURNING:
// PostgreSQL, SQLite 3.35+), so two servers counting the same client at the same moment both count.

export type CounterRow = { hits: number | bigint; resetAt: number | Date };

/**
 * Counts one hit for `key`: a new window of `windowMs` when there is none or it has ended, one more hit
 * in the current window otherwise. Returns the count and the end of the window. (In an upsert's SET,
 * every column read is the row's value before the update, on both engines.)
 */
export function countRateLimitHit(key: string, now: Date, windowMs: number): SqlFragment {
  return {
    sql: `INSERT INTO "RateLimitCounter" ("key", hits, "resetAt") VALUES (@key, 1, @resetAt)
      ON CONFLICT ("key") DO UPDATE SET
        hits = CASE WHEN "RateLimitCounter"."resetAt" <= @now THEN 1 ELSE "RateLimitCounter".hits + 1 END,
        "resetAt" = CASE WHEN "RateLimitCounter"."resetAt" <= @now THEN @resetAt ELSE "RateLimitCounter"."resetAt" END
      RETURNING hits, "resetAt"`,
    params: { key, now: dialect.time(now), resetAt: dialect.time(now.getTime() + windowMs) },
  };
}

/** Takes back one hit of the current window (express-rate-limit's skipSuccessfulRequests and the like). */
export function uncountRateLimitHit(key: string, now: Date): SqlFragment {
  return {
    sql: `UPDATE "RateLimitCounter" SET hits = hits - 1 WHERE "key" = @key AND hits > 0 AND "resetAt" > @now`,
    params: { key, now: dialect.time(now) },
  };
}

export function resetRateLimitKey(key: string): SqlFragment {
  return { sql: `DELETE FROM "RateLimitCounter" WHERE "key" = @key`, params: { key } };
}

/** Windows that have ended (the hourly clean-up). */
export function deleteEndedRateLimitWindows(now: Date): SqlFragment {
  return { sql: `DELETE FROM "RateLimitCounter" WHERE "resetAt" <= @now`, params: { now: dialect.time(now) } };
}
