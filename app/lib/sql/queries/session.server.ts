import { dateOf, dialect, sqlEngine } from "../index.server";
import type { SessionRow, Stored } from "../rows";

// Every signed-in request runs this, so it is one prepared statement on the read connection rather
// than a Prisma call (~1 ms each): the hashed id, not past the absolute limit, not idle too long, and
// the user not disabled.
const SESSION_SQL = `
  SELECT s.id AS "sessionId", s."lastSeenAt" AS "lastSeenAt",
         u.id AS id, u.email AS email, u.name AS name, u.role AS role, u."unitId" AS "unitId", u.locale AS locale
  FROM "Session" s JOIN "User" u ON u.id = s."userId"
  WHERE s.id = @sessionId AND s."expiresAt" > @now AND s."lastSeenAt" > @idleSince AND u."disabledAt" IS NULL`;

export async function findLiveSession(sessionId: string, now: number, idleSince: number): Promise<SessionRow | null> {
  const row = await sqlEngine.read.get<Stored<SessionRow>>({
    sql: SESSION_SQL,
    params: { sessionId, now: dialect.time(now), idleSince: dialect.time(idleSince) },
  });
  return row ? { ...row, lastSeenAt: dateOf(row.lastSeenAt)! } : null;
}

// How many in-app notifications the user has not read: the count in every signed-in page's navigation,
// so also one prepared read per request rather than a Prisma count.
const UNREAD_SQL = `
  SELECT count(*) AS n FROM "Notification"
  WHERE "userId" = @userId AND "readAt" IS NULL AND channel = 'IN_APP'`;

export async function unreadInAppCount(userId: number): Promise<number> {
  const row = await sqlEngine.read.get<{ n: number | bigint | string }>({ sql: UNREAD_SQL, params: { userId } });
  return Number(row?.n ?? 0);
}
