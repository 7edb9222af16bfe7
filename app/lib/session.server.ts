import { createCookie, redirect } from "@remix-run/node";
import { db } from "./db.server";
import { findLiveSession } from "./sql/queries/session.server";
import type { SessionRow } from "./sql/rows";
import { getEnv } from "./env.server";
import { keyedHash, randomToken, sha256 } from "./crypto.server";

// Sessions live in the database (docs/decisions/0004). The cookie carries a 256-bit random id, signed
// with SESSION_SECRET; the table keeps only its SHA-256, so a copy of the database opens no session.

export const IDLE_TIMEOUT_MS = 8 * 60 * 60 * 1000;
export const ABSOLUTE_TIMEOUT_MS = 7 * 24 * 60 * 60 * 1000;
/** lastSeenAt is refreshed at most this often, so reads do not each cost a write. */
const TOUCH_EVERY_MS = 60 * 1000;

/** The signed-in user: the user columns of the session lookup (app/lib/sql/rows.ts). */
export type SessionUser = Omit<SessionRow, "sessionId" | "lastSeenAt">;

let cookieCache: ReturnType<typeof createCookie> | undefined;
let cookieEnv: ReturnType<typeof getEnv> | undefined;
function sessionCookie() {
  const env = getEnv();
  // Rebuilt when the environment is re-read (resetEnvCache), so name, Secure and secret follow it.
  if (cookieCache && cookieEnv === env) return cookieCache;
  cookieEnv = env;
  const production = env.NODE_ENV === "production";
  cookieCache = createCookie(production ? "__Host-tindak_session" : "tindak_session", {
    httpOnly: true,
    sameSite: "lax",
    secure: production,
    path: "/",
    secrets: [env.SESSION_SECRET],
    maxAge: ABSOLUTE_TIMEOUT_MS / 1000,
  });
  return cookieCache;
}

/** The session cookie's name (`__Host-` in production, where it is Secure). */
export function sessionCookieName(): string {
  return sessionCookie().name;
}

async function readSessionId(request: Request): Promise<string | null> {
  const value = await sessionCookie().parse(request.headers.get("Cookie"));
  return typeof value === "string" && value.length >= 32 ? value : null;
}

const userCache = new WeakMap<Request, Promise<SessionUser | null>>();

/** The signed-in user of this request, or null. Expired sessions and disabled users count as none. */
export function getSessionUser(request: Request): Promise<SessionUser | null> {
  let found = userCache.get(request);
  if (!found) {
    found = lookUp(request);
    userCache.set(request, found);
  }
  return found;
}

async function lookUp(request: Request): Promise<SessionUser | null> {
  const raw = await readSessionId(request);
  if (!raw) return null;
  const now = Date.now();
  // A hot read (every signed-in request): the raw-SQL module's read connection (ADR 0026).
  const row = await findLiveSession(sha256(raw), now, now - IDLE_TIMEOUT_MS);
  if (!row) return null;
  if (now - row.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    // A write, so it stays on Prisma. updateMany: a logout racing this request may have deleted the
    // row; that is no error.
    await db.session.updateMany({ where: { id: row.sessionId }, data: { lastSeenAt: new Date(now) } });
  }
  return { id: row.id, email: row.email, name: row.name, role: row.role, unitId: row.unitId, locale: row.locale };
}

/**
 * The name of this session's own offline cache in the browser (docs/decisions/0029): a keyed hash of the
 * session id, never the id itself, so it can be sent in a response header and kept in cache names
 * without opening the session. A new sign-in is a new session, so a new name. Null when signed out.
 */
export async function offlineCacheKey(request: Request): Promise<string | null> {
  const raw = await readSessionId(request);
  return raw ? keyedHash(`offline-cache:${raw}`, getEnv().SESSION_SECRET) : null;
}

/** Starts a new session (always a new id: no fixation) and returns its Set-Cookie header. */
export async function createSession(userId: number, request: Request): Promise<string> {
  const raw = randomToken(32);
  const now = Date.now();
  await db.session.create({
    data: {
      id: sha256(raw),
      userId,
      createdAt: new Date(now),
      lastSeenAt: new Date(now),
      expiresAt: new Date(now + ABSOLUTE_TIMEOUT_MS),
      userAgent: request.headers.get("User-Agent")?.slice(0, 200) ?? null,
    },
  });
  return sessionCookie().serialize(raw);
}

/** Deletes this request's session row and returns a Set-Cookie header that clears the cookie. */
export async function destroySession(request: Request): Promise<string> {
  const raw = await readSessionId(request);
  if (raw) await db.session.deleteMany({ where: { id: sha256(raw) } });
  return sessionCookie().serialize("", { maxAge: 0, expires: new Date(0) });
}

export async function logout(request: Request, redirectTo = "/") {
  return redirect(redirectTo, { headers: { "Set-Cookie": await destroySession(request) } });
}

export async function deleteUserSessions(userId: number) {
  await db.session.deleteMany({ where: { userId } });
}

export async function pruneExpiredSessions() {
  const now = Date.now();
  await db.session.deleteMany({
    where: {
      OR: [{ expiresAt: { lte: new Date(now) } }, { lastSeenAt: { lte: new Date(now - IDLE_TIMEOUT_MS) } }],
    },
  });
  // Failed sign-ins count for 15 minutes; a day's worth is kept for looking into an attack. Without
  // this, a brute-force run would grow the table without end.
  await db.loginFailure.deleteMany({ where: { createdAt: { lte: new Date(now - LOGIN_FAILURE_RETENTION_MS) } } });
}

export const LOGIN_FAILURE_RETENTION_MS = 24 * 60 * 60 * 1000;
