import { dialect, type SqlFragment } from "../index.server";

// The sign-in throttle (issue 13): every try is a LoginFailure row written before the password is
// checked, and counted in the same write transaction that decides whether the try may go ahead.

/** Failed tries from one address (hashed) since `since`. */
export function failuresFromAddress(ipHash: string, since: number): SqlFragment {
  return { sql: `SELECT COUNT(*) AS n FROM "LoginFailure" WHERE "ipHash" = @ipHash AND "createdAt" > @since`, params: { ipHash, since: dialect.time(since) } };
}

/** Failed tries for one account from one address since `since`, and the time of the latest. */
export function failuresForPair(email: string, ipHash: string, since: number): SqlFragment {
  return {
    sql: `SELECT COUNT(*) AS n, MAX("createdAt") AS last FROM "LoginFailure" WHERE email = @email AND "ipHash" = @ipHash AND "createdAt" > @since`,
    params: { email, ipHash, since: dialect.time(since) },
  };
}

/** Failed tries for one account from every address since `since`. */
export function failuresForAccount(email: string, since: number): SqlFragment {
  return { sql: `SELECT COUNT(*) AS n FROM "LoginFailure" WHERE email = @email AND "createdAt" > @since`, params: { email, since: dialect.time(since) } };
}

/** Whether the account's owner has signed in from this address before. */
export function knownLoginAddress(email: string, ipHash: string): SqlFragment {
  return { sql: `SELECT 1 AS known FROM "LoginAddress" WHERE email = @email AND "ipHash" = @ipHash`, params: { email, ipHash } };
}

export function insertLoginFailure(email: string, ipHash: string, now: number): SqlFragment {
  return { sql: `INSERT INTO "LoginFailure" (email, "ipHash", "createdAt") VALUES (@email, @ipHash, @now) ${dialect.returningId}`, params: { email, ipHash, now: dialect.time(now) } };
}

export function deleteLoginFailure(id: number): SqlFragment {
  return { sql: `DELETE FROM "LoginFailure" WHERE id = @id`, params: { id } };
}

/** Records (or refreshes) an address the owner signed in from. */
export function rememberLoginAddress(email: string, ipHash: string, now: number): SqlFragment {
  return {
    sql: `INSERT INTO "LoginAddress" (email, "ipHash", "lastSeenAt") VALUES (@email, @ipHash, @now)
      ON CONFLICT (email, "ipHash") DO UPDATE SET "lastSeenAt" = excluded."lastSeenAt"`,
    params: { email, ipHash, now: dialect.time(now) },
  };
}
