import { dialect, type SqlFragment } from "../index.server";

// An Open311 client's submissions (issue 8): the record of each created complaint with the request's
// fingerprint, read back for idempotent repeats and per-key quotas inside the filing transaction.

/** The first complaint this key created from the same request (fingerprint) since `since`. */
export function open311Replay(apiKeyId: number, fingerprint: string, since: number): SqlFragment {
  return {
    sql: `SELECT c.ref AS ref, s.token AS token FROM "Open311Submission" s JOIN "Complaint" c ON c.id = s."complaintId"
  WHERE s."apiKeyId" = @apiKeyId AND s.fingerprint = @fingerprint AND s."createdAt" >= @since ORDER BY s.id ASC LIMIT 1`,
    params: { apiKeyId, fingerprint, since: dialect.time(since) },
  };
}

/**
 * What a key's quotas need, from index lookups only: its newest submission number, and the number and
 * time of its first submission after each window's start (`minuteFrom`, `dayFrom`). Submissions in a
 * window are newest − first + 1. It runs inside the filing's write transaction, so it must not walk the
 * rows: counting them walked a busy key's whole day (up to its 20,000 a day) while every filing of the
 * group commit waited. A submission later deleted with its complaint still counts: it was made.
 */
export type Open311Usage = {
  newest: number | bigint | null;
  minuteFirst: number | bigint | null;
  minuteOldest: number | Date | null;
  dayFirst: number | bigint | null;
  dayOldest: number | Date | null;
};

export function open311Usage(apiKeyId: number, minuteFrom: number, dayFrom: number): SqlFragment {
  const firstSince = (from: string) =>
    `SELECT "seq", "createdAt" FROM "Open311Submission" WHERE "apiKeyId" = @apiKeyId AND "createdAt" > @${from} ORDER BY "createdAt" ASC, "seq" ASC LIMIT 1`;
  return {
    sql: `SELECT (SELECT "seq" FROM "Open311Submission" WHERE "apiKeyId" = @apiKeyId ORDER BY "seq" DESC LIMIT 1) AS newest,
            m."seq" AS "minuteFirst", m."createdAt" AS "minuteOldest", d."seq" AS "dayFirst", d."createdAt" AS "dayOldest"
          FROM (SELECT 1 AS one) k
          LEFT JOIN (${firstSince("minuteFrom")}) m ON 1 = 1
          LEFT JOIN (${firstSince("dayFrom")}) d ON 1 = 1`,
    params: { apiKeyId, minuteFrom: dialect.time(minuteFrom), dayFrom: dialect.time(dayFrom) },
  };
}

/** The key's next submission, numbered after its newest (the write transaction holds the writers' lock). */
export function insertOpen311Submission(apiKeyId: number, fingerprint: string, complaintId: number, token: string | null, now: Date): SqlFragment {
  return {
    sql: `INSERT INTO "Open311Submission" ("apiKeyId", fingerprint, "complaintId", token, "createdAt", "seq")
     VALUES (@apiKeyId, @fingerprint, @complaintId, @token, @now,
       COALESCE((SELECT MAX("seq") FROM "Open311Submission" WHERE "apiKeyId" = @apiKeyId), 0) + 1)`,
    params: { apiKeyId, fingerprint, complaintId, token, now: dialect.time(now) },
  };
}
