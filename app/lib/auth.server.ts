import { hash, verify } from "@node-rs/argon2";
import { redirect } from "@remix-run/node";
import { db } from "./db.server";
import { getEnv } from "./env.server";
import { hashIp } from "./crypto.server";
import { clientIp } from "./http.server";
import { getSessionUser, type SessionUser } from "./session.server";

// argon2id with the OWASP-recommended minimum (19 MiB, 2 passes).
const ARGON2 = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;
export const LOCKOUT_WINDOW_MS = 15 * 60 * 1000;
export const LOCKOUT_FAILURES = 10;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2);
}

// Verified against when the e-mail is unknown, so both cases cost the same time.
let dummyHash: Promise<string> | undefined;

export type LoginResult =
  | { ok: true; user: { id: number; role: string } }
  | { ok: false; reason: "invalid" | "locked" };

export async function verifyLogin(email: string, password: string, request: Request): Promise<LoginResult> {
  const normalized = email.trim().toLowerCase();
  const ipHash = hashIp(clientIp(request), getEnv().SESSION_SECRET);
  const since = new Date(Date.now() - LOCKOUT_WINDOW_MS);
  const [byEmail, byIp] = await Promise.all([
    db.loginFailure.count({ where: { email: normalized, createdAt: { gt: since } } }),
    db.loginFailure.count({ where: { ipHash, createdAt: { gt: since } } }),
  ]);
  if (byEmail >= LOCKOUT_FAILURES || byIp >= LOCKOUT_FAILURES) return { ok: false, reason: "locked" };

  const user = await db.user.findUnique({
    where: { email: normalized },
    select: { id: true, role: true, passwordHash: true, disabledAt: true },
  });
  const stored = user?.passwordHash ?? (await (dummyHash ??= hashPassword("tindak-timing-equaliser")));
  const valid = await verify(stored, password).catch(() => false);
  if (!user || !valid || user.disabledAt) {
    await db.loginFailure.create({ data: { email: normalized, ipHash, createdAt: new Date() } });
    return { ok: false, reason: "invalid" };
  }
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
