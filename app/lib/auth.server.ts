import { hash, verify } from "@node-rs/argon2";
import { redirect } from "@remix-run/node";
import { db } from "./db.server";
import { getEnv } from "./env.server";
import { hashIp } from "./crypto.server";
import { clientIp } from "./http.server";
import { sqlEngine } from "./sql/index.server";
import {
  deleteLoginFailure,
  failuresForAccount,
  failuresForPair,
  failuresFromAddress,
  insertLoginFailure,
  knownLoginAddress,
  rememberLoginAddress,
} from "./sql/writes/login.server";
import { getSessionUser, type SessionUser } from "./session.server";

// argon2id with the OWASP-recommended minimum (19 MiB, 2 passes).
const ARGON2 = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;
export const LOCKOUT_WINDOW_MS = 15 * 60 * 1000;
/** Wrong passwords per account per window, from every address it has never signed in from, together. */
export const LOCKOUT_FAILURES = 10;
/** Wrong passwords per address per window, whatever the accounts. */
export const ADDRESS_FAILURES = 10;
/** Wrong passwords from one address for one account before each try must wait (1 s, 2 s, 4 s … 60 s). */
export const FREE_TRIES = 3;
const MAX_DELAY_MS = 60_000;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2);
}

// Verified against when the e-mail is unknown, so both cases cost the same time.
let dummyHash: Promise<string> | undefined;

export type LoginResult =
  | { ok: true; user: { id: number; role: string } }
  | { ok: false; reason: "invalid" | "locked" }
  | { ok: false; reason: "slowDown"; retryAfterSeconds: number };

type Reservation = { id: number } | { refused: "locked" } | { refused: "slowDown"; retryAfterSeconds: number };

/**
 * Every try is written down as a failure BEFORE the password is checked, in one write transaction
 * with the counts that decide whether it may go ahead (issue 13): forty tries at once are counted one
 * after another, so no burst gets an eleventh guess through. A right password takes its row back.
 *
 * The account-wide limit binds only tries from addresses the account has never signed in from
 * (LoginAddress): a burst of wrong passwords from elsewhere never stops the owner at their own
 * address, where the per-address and per-address-and-account limits still apply.
 */
function reserveTry(email: string, ipHash: string, now: number): Promise<Reservation> {
  return sqlEngine.writeTransaction(async (tx): Promise<Reservation> => {
    const since = now - LOCKOUT_WINDOW_MS;
    const byAddress = (await tx.get<{ n: number }>(failuresFromAddress(ipHash, since)))!.n;
    const pair = (await tx.get<{ n: number; last: number | null }>(failuresForPair(email, ipHash, since)))!;
    const known = (await tx.get(knownLoginAddress(email, ipHash))) !== undefined;
    const byAccount = known ? 0 : (await tx.get<{ n: number }>(failuresForAccount(email, since)))!.n;
    if (byAddress >= ADDRESS_FAILURES || pair.n >= LOCKOUT_FAILURES || byAccount >= LOCKOUT_FAILURES) return { refused: "locked" as const };
    if (pair.n >= FREE_TRIES && pair.last !== null) {
      const wait = Math.min(MAX_DELAY_MS, 1000 * 2 ** (pair.n - FREE_TRIES));
      const left = Number(pair.last) + wait - now;
      if (left > 0) return { refused: "slowDown" as const, retryAfterSeconds: Math.ceil(left / 1000) };
    }
    return { id: (await tx.run(insertLoginFailure(email, ipHash, now))).lastInsertId };
  });
}

export async function verifyLogin(email: string, password: string, request: Request): Promise<LoginResult> {
  const normalized = email.trim().toLowerCase();
  const ipHash = hashIp(clientIp(request), getEnv().SESSION_SECRET);
  const reservation = await reserveTry(normalized, ipHash, Date.now());
  if ("refused" in reservation) {
    return reservation.refused === "slowDown" ? { ok: false, reason: "slowDown", retryAfterSeconds: reservation.retryAfterSeconds } : { ok: false, reason: "locked" };
  }

  const user = await db.user.findUnique({
    where: { email: normalized },
    select: { id: true, role: true, passwordHash: true, disabledAt: true },
  });
  const stored = user?.passwordHash ?? (await (dummyHash ??= hashPassword("tindak-timing-equaliser")));
  const valid = await verify(stored, password).catch(() => false);
  if (!user || !valid || user.disabledAt) return { ok: false, reason: "invalid" };
  // Not a failure after all; and this address is now one the owner signs in from.
  await sqlEngine.writeTransaction(async (tx) => {
    await tx.run(deleteLoginFailure(reservation.id));
    await tx.run(rememberLoginAddress(normalized, ipHash, Date.now()));
  });
  return { ok: true, user: { id: user.id, role: user.role } };
}

/** Only same-origin paths: "/x" but never "//host" or "/\host", which browsers treat as other origins. */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) {
    return fallback;
  }
  if (/[\u0000-\u001f]/.test(to) || to.length > 500) return fallback;
  return to;
}

/** The signed-in user, or a redirect to /login that comes back here afterwards. */
export async function requireUser(request: Request): Promise<SessionUser> {
  const user = await getSessionUser(request);
  if (!user) {
    const url = new URL(request.url);
    const back = url.pathname + url.search;
    throw redirect(`/login?redirectTo=${encodeURIComponent(back)}`);
  }
  return user;
}

export async function requireAnonymous(request: Request) {
  if (await getSessionUser(request)) throw redirect("/");
}
