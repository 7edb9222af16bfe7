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
 * A key's submissions since `since`, counted up to `cap` (its quota: past it the exact number does not
 * matter), and the oldest of them (for Retry-After). Oldest first on the (apiKeyId, createdAt) index, so
 * the count stops after `cap` rows: it runs inside the filing's write transaction, where a walk over a
 * busy key's whole day would hold up every filing of the group commit.
 */
export function open311SubmissionsSince(apiKeyId: number, since: number, cap: number): SqlFragment {
  return {
    sql: `SELECT COUNT(*) AS n, MIN("createdAt") AS oldest FROM (
            SELECT "createdAt" FROM "Open311Submission" WHERE "apiKeyId" = @apiKeyId AND "createdAt" > @since ORDER BY "createdAt" ASC LIMIT @cap
          ) recent`,
    params: { apiKeyId, since: dialect.time(since), cap },
  };
}

export function insertOpen311Submission(apiKeyId: number, fingerprint: string, complaintId: number, token: string | null, now: Date): SqlFragment {
  return {
    sql: `INSERT INTO "Open311Submission" ("apiKeyId", fingerprint, "complaintId", token, "createdAt")
     VALUES (@apiKeyId, @fingerprint, @complaintId, @token, @now)`,
    params: { apiKeyId, fingerprint, complaintId, token, now: dialect.time(now) },
  };
}
