import { afterEach, describe, expect, it } from "vitest";
import { db } from "~/lib/db.server";
import { resetEnvCache } from "~/lib/env.server";
import { sha256 } from "~/lib/crypto.server";
import { ABSOLUTE_TIMEOUT_MS, getSessionUser, IDLE_TIMEOUT_MS, pruneExpiredSessions } from "~/lib/session.server";
import * as login from "~/routes/login";
import { translate } from "~/i18n";
import type { FormReply } from "~/lib/form-reply";
import * as logout from "~/routes/logout";
import * as adminIndex from "~/routes/admin._index";
import { DEMO, DEMO_PASSWORD, cookieFor, makeRequest, run } from "../support/requests";

// Sign-in, sessions and their ends (issue 2 §5, issue 9 "Sessions and sign-in"), through the real
// /login and /logout actions against the seeded database copy.

let ipCounter = 0;
/** A fresh client address per test, so the per-IP lock-out of one test never reaches another. */
const freshIp = () => `10.20.${Math.floor(++ipCounter / 250)}.${ipCounter % 250}`;

function postLogin(form: Record<string, string>, options: { ip?: string; cookie?: string } = {}) {
  return run(login.action as never, makeRequest("/login", { form, ip: options.ip ?? freshIp(), cookie: options.cookie }));
}

/** What the sign-in page shows for a reply (app/lib/form-reply.ts), in `locale`: the form's message, each field's first, the e-mail typed. */
function shown(reply: FormReply, locale: "id" | "en" = "id") {
  const fieldErrors = Object.fromEntries(Object.entries(reply.fieldErrors).map(([field, keys]) => [field, translate(locale, keys[0]!, reply.vars)]));
  return { formError: reply.formError ? translate(locale, reply.formError, reply.vars) : undefined, fieldErrors, email: reply.values?.email ?? "" };
}

/** The session cookie's name=value from a Set-Cookie header. */
const cookiePair = (setCookie: string | null) => setCookie!.split(";")[0]!;

/** The raw session id inside a signed cookie value (`name=<base64 JSON>.<signature>`). */
function rawSessionId(pair: string): string {
  const value = decodeURIComponent(pair.slice(pair.indexOf("=") + 1));
  return JSON.parse(Buffer.from(value.slice(0, value.lastIndexOf(".")), "base64").toString("utf8"));
}

describe("signing in", () => {
  it.each(Object.entries(DEMO))("%s signs in: 302 and an HttpOnly, SameSite=Lax, Path=/ session cookie", async (_who, email) => {
    const res = await postLogin({ email, password: DEMO_PASSWORD, redirectTo: "" });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/");
    const setCookie = res.headers.get("Set-Cookie")!;
    expect(setCookie).toMatch(/^tindak_session=/);
    expect(setCookie).toMatch(/; HttpOnly/i);
    expect(setCookie).toMatch(/; SameSite=Lax/i);
    expect(setCookie).toMatch(/; Path=\//);
    expect(setCookie).not.toMatch(/; Secure/i); // plain http in development and tests
    const user = await getSessionUser(makeRequest("/", { cookie: cookiePair(setCookie) }));
    expect(user?.email).toBe(email);
  });

  it("accepts the e-mail in any case and with spaces around it", async () => {
    const res = await postLogin({ email: `  ${DEMO.admin.toUpperCase()} `, password: DEMO_PASSWORD });
    expect(res.status).toBe(302);
  });

  it("gives a new session id at every login, even over an existing session; the id is 256 random bits, stored hashed", async () => {
    const first = cookiePair((await postLogin({ email: DEMO.admin, password: DEMO_PASSWORD })).headers.get("Set-Cookie"));
    const second = cookiePair((await postLogin({ email: DEMO.admin, password: DEMO_PASSWORD }, { cookie: first })).headers.get("Set-Cookie"));
    expect(second).not.toBe(first);
    const [a, b] = [rawSessionId(first), rawSessionId(second)];
    expect(a).not.toBe(b);
    expect(Buffer.from(a, "base64url").length).toBe(32);
    expect(await db.session.findUnique({ where: { id: a } })).toBeNull(); // never the raw id
    expect(await db.session.findUnique({ where: { id: sha256(b) } })).not.toBeNull();
  });

  it("refuses a forged or tampered cookie", async () => {
    const pair = await cookieFor(DEMO.admin);
    const tampered = pair.slice(0, -3) + (pair.endsWith("abc") ? "xyz" : "abc");
    expect(await getSessionUser(makeRequest("/", { cookie: tampered }))).toBeNull();
    expect(await getSessionUser(makeRequest("/", { cookie: "tindak_session=" + "A".repeat(60) }))).toBeNull();
  });

  it("answers an unknown e-mail and a wrong password alike: 401 and the same message", async () => {
    const wrong = await postLogin({ email: DEMO.admin, password: "salah-sekali-2026" });
    const unknown = await postLogin({ email: "tidak.ada@demo.tindak.id", password: "salah-sekali-2026" });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const [w, u] = [shown(await wrong.json()), shown(await unknown.json())];
    expect(w.formError).toBe("Email atau kata sandi salah.");
    expect(u.formError).toBe(w.formError);
    expect(wrong.headers.get("Set-Cookie")).toBeNull();
  });

  it("refuses a disabled account with the same answer as a wrong password", async () => {
    const user = await db.user.create({
      data: { email: "nonaktif@palembang.go.id", name: "Akun Nonaktif", role: "INSPECTOR", passwordHash: (await db.user.findUniqueOrThrow({ where: { email: DEMO.admin } })).passwordHash, disabledAt: new Date() },
    });
    const res = await postLogin({ email: user.email, password: DEMO_PASSWORD });
    expect(res.status).toBe(401);
    expect(shown(await res.json()).formError).toBe("Email atau kata sandi salah.");
  });
});

describe("lock-out after 10 failures in 15 minutes", () => {
  it("locks an account, whatever the address, with the same 429 for a known and an unknown e-mail", async () => {
    for (const email of [DEMO.headSu2, "hantu@demo.tindak.id"]) {
      for (let i = 0; i < 10; i++) expect((await postLogin({ email, password: `salah-${i}` })).status).toBe(401);
      const locked = await postLogin({ email, password: DEMO_PASSWORD });
      expect(locked.status, email).toBe(429);
      expect(shown(await locked.json()).formError).toBe("Terlalu banyak percobaan gagal. Coba lagi dalam 15 menit.");
      expect(locked.headers.get("Set-Cookie")).toBeNull();
    }
    // Once the failures are older than the window, the right password works again.
    await db.loginFailure.updateMany({ where: { email: DEMO.headSu2 }, data: { createdAt: new Date(Date.now() - 16 * 60_000) } });
    expect((await postLogin({ email: DEMO.headSu2, password: DEMO_PASSWORD })).status).toBe(302);
  });

  it("makes a fourth wrong try from one address wait, then doubles the wait (1 s, 2 s, 4 s …)", async () => {
    const ip = freshIp();
    const email = DEMO.headNagaswidak;
    for (let i = 0; i < 3; i++) expect((await postLogin({ email, password: `salah-${i}` }, { ip })).status).toBe(401);
    const early = await postLogin({ email, password: DEMO_PASSWORD }, { ip });
    expect(early.status).toBe(429);
    expect(early.headers.get("Retry-After")).toBe("1");
    expect(shown(await early.json()).formError).toBe("Terlalu cepat setelah beberapa percobaan gagal. Tunggu 1 detik, lalu coba lagi.");
    // Once the wait has passed (the failures are a second older), the next wrong try goes through; the one after waits 2 s.
    await db.loginFailure.updateMany({ where: { email }, data: { createdAt: new Date(Date.now() - 1_500) } });
    expect((await postLogin({ email, password: "salah-3" }, { ip })).status).toBe(401);
    const next = await postLogin({ email, password: DEMO_PASSWORD }, { ip });
    expect(next.status).toBe(429);
    expect(next.headers.get("Retry-After")).toBe("2");
    // Another address signs in to the same account at once.
    expect((await postLogin({ email, password: DEMO_PASSWORD }, { ip: freshIp() })).status).toBe(302);
  });

  it("locks an address that tries many accounts", async () => {
    const ip = freshIp();
    for (let i = 0; i < 10; i++) {
      expect((await postLogin({ email: `coba${i}@demo.tindak.id`, password: "tebakan-2026" }, { ip })).status).toBe(401);
    }
    const locked = await postLogin({ email: DEMO.headAal, password: DEMO_PASSWORD }, { ip });
    expect(locked.status).toBe(429);
    const unknown = await postLogin({ email: "siapa@demo.tindak.id", password: DEMO_PASSWORD }, { ip });
    expect(unknown.status).toBe(429);
    expect(await unknown.json()).toEqual({ ...(await locked.json()), values: { email: "siapa@demo.tindak.id" } });
    // Another address is not affected.
    expect((await postLogin({ email: DEMO.headAal, password: DEMO_PASSWORD })).status).toBe(302);
  });
});

describe("housekeeping", () => {
  it("prunes expired and idle sessions and day-old failed sign-ins, keeping live ones", async () => {
    const live = await cookieFor(DEMO.admin);
    const idle = await cookieFor(DEMO.admin);
    const idleId = sha256(rawSessionId(idle));
    await db.session.update({ where: { id: idleId }, data: { lastSeenAt: new Date(Date.now() - IDLE_TIMEOUT_MS - 1000) } });
    const old = await db.loginFailure.create({ data: { email: "lama@demo.tindak.id", ipHash: "x", createdAt: new Date(Date.now() - 25 * 3600_000) } });
    const recent = await db.loginFailure.create({ data: { email: "baru@demo.tindak.id", ipHash: "x", createdAt: new Date(Date.now() - 3600_000) } });
    await pruneExpiredSessions();
    expect(await db.session.findUnique({ where: { id: idleId } })).toBeNull();
    expect(await db.session.findUnique({ where: { id: sha256(rawSessionId(live)) } })).not.toBeNull();
    expect(await db.loginFailure.findUnique({ where: { id: old.id } })).toBeNull();
    expect(await db.loginFailure.findUnique({ where: { id: recent.id } })).not.toBeNull();
  });
});

describe("session ends", () => {
  async function sessionRow(cookie: string) {
    return db.session.findUniqueOrThrow({ where: { id: sha256(rawSessionId(cookie)) } });
  }
  const signedIn = async (cookie: string) => (await run(adminIndex.loader as never, makeRequest("/admin", { cookie }))).status;

  it("ends a session idle for 8 hours, not one idle for a little less", async () => {
    const cookie = await cookieFor(DEMO.admin);
    const row = await sessionRow(cookie);
    await db.session.update({ where: { id: row.id }, data: { lastSeenAt: new Date(Date.now() - IDLE_TIMEOUT_MS + 5 * 60_000) } });
    expect(await signedIn(cookie)).toBe(200);
    await db.session.update({ where: { id: row.id }, data: { lastSeenAt: new Date(Date.now() - IDLE_TIMEOUT_MS - 60_000) } });
    const res = await run(adminIndex.loader as never, makeRequest("/admin", { cookie }));
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/login?redirectTo=%2Fadmin");
  });

  it("ends a session 7 days after sign-in even when it is used all the time", async () => {
    const cookie = await cookieFor(DEMO.admin);
    const row = await sessionRow(cookie);
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBe(ABSOLUTE_TIMEOUT_MS);
    const shift = ABSOLUTE_TIMEOUT_MS - 60 * 60_000;
    await db.session.update({ where: { id: row.id }, data: { createdAt: new Date(row.createdAt.getTime() - shift), expiresAt: new Date(row.expiresAt.getTime() - shift), lastSeenAt: new Date() } });
    expect(await signedIn(cookie)).toBe(200);
    await db.session.update({ where: { id: row.id }, data: { createdAt: new Date(row.createdAt.getTime() - ABSOLUTE_TIMEOUT_MS - 60_000), expiresAt: new Date(Date.now() - 60_000), lastSeenAt: new Date() } });
    expect(await signedIn(cookie)).toBe(302);
  });

  it("logout deletes the session row and clears the cookie; the old cookie opens nothing", async () => {
    const cookie = await cookieFor(DEMO.inspector);
    const row = await sessionRow(cookie);
    const res = await run(logout.action as never, makeRequest("/logout", { method: "POST", cookie }));
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/");
    expect(res.headers.get("Set-Cookie")).toMatch(/^tindak_session=;.*(Max-Age=0|Expires=Thu, 01 Jan 1970)/i);
    expect(await db.session.findUnique({ where: { id: row.id } })).toBeNull();
    expect(await getSessionUser(makeRequest("/", { cookie }))).toBeNull();
    // GET /logout changes nothing.
    const again = await cookieFor(DEMO.inspector);
    expect((await run(logout.loader as never, makeRequest("/logout", { cookie: again }))).status).toBe(302);
    expect(await getSessionUser(makeRequest("/", { cookie: again }))).not.toBeNull();
  });

  it("a disabled user's session ends at the next request", async () => {
    const cookie = await cookieFor(DEMO.headNagaswidak);
    expect(await getSessionUser(makeRequest("/", { cookie }))).not.toBeNull();
    await db.user.update({ where: { email: DEMO.headNagaswidak }, data: { disabledAt: new Date() } });
    try {
      expect(await getSessionUser(makeRequest("/", { cookie }))).toBeNull();
      expect((await run(login.loader as never, makeRequest("/login", { cookie }))).status).toBe(200); // counts as signed out
    } finally {
      await db.user.update({ where: { email: DEMO.headNagaswidak }, data: { disabledAt: null } });
    }
  });
});

describe("redirects after sign-in", () => {
  it.each(["//evil.example", "https://evil.example", "/\\evil", "/\\\\evil.example", "javascript:alert(1)", "\t//evil.example", "/%0a/evil"])(
    "sends %j to / instead",
    async (redirectTo) => {
      const res = await postLogin({ email: DEMO.admin, password: DEMO_PASSWORD, redirectTo });
      expect(res.status).toBe(302);
      const location = res.headers.get("Location")!;
      expect(new URL(location, "http://localhost").origin).toBe("http://localhost");
      if (redirectTo !== "/%0a/evil") expect(location).toBe("/");
    },
  );

  it("keeps a same-site path", async () => {
    const res = await postLogin({ email: DEMO.admin, password: DEMO_PASSWORD, redirectTo: "/admin/units?page=2" });
    expect(res.headers.get("Location")).toBe("/admin/units?page=2");
  });

  it("sends a signed-in visitor of /login home", async () => {
    const cookie = await cookieFor(DEMO.admin);
    const res = await run(login.loader as never, makeRequest("/login", { cookie }));
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/");
  });
});

describe("malformed sign-in forms get a 400 with a message, never a 500", () => {
  it.each([
    ["no fields", {}, { email: "Email wajib diisi.", password: "Kata sandi wajib diisi." }],
    ["no password", { email: DEMO.admin }, { password: "Kata sandi wajib diisi." }],
    ["empty e-mail", { email: "", password: "x" }, { email: "Email wajib diisi." }],
    ["not an e-mail", { email: "admin", password: "x" }, { email: "Format email tidak valid." }],
    ["a 10,000-character e-mail", { email: "a".repeat(10_000) + "@demo.tindak.id", password: "x" }, { email: "Isian terlalu panjang." }],
    ["a 100,000-character password", { email: DEMO.admin, password: "p".repeat(100_000) }, { password: "Isian terlalu panjang." }],
  ] as const)("%s", async (_name, form, fieldErrors) => {
    const res = await postLogin(form as Record<string, string>);
    expect(res.status).toBe(400);
    const body = shown(await res.json());
    expect(body.fieldErrors).toMatchObject(fieldErrors);
    expect(body.email.length).toBeLessThanOrEqual(254);
  });

  it("a body that is not a form", async () => {
    const req = new Request("http://localhost/login", { method: "POST", headers: { "Content-Type": "application/json" }, body: '{"email":"x"}' });
    const res = await run(login.action as never, req);
    expect(res.status).toBe(400);
    expect(shown(await res.json()).fieldErrors.email).toBe("Email wajib diisi.");
  });

  it("a file where the e-mail should be", async () => {
    const form = new FormData();
    form.append("email", new Blob(["admin@demo.tindak.id"]), "email.txt");
    form.append("password", DEMO_PASSWORD);
    const res = await run(login.action as never, makeRequest("/login", { form }));
    expect(res.status).toBe(400);
    expect(shown(await res.json()).fieldErrors.email).toBe("Email wajib diisi.");
  });

  it("refuses with a message key that the English interface shows in English", async () => {
    const res = await run(login.action as never, makeRequest("/login", { form: { email: DEMO.admin, password: "nope" }, ip: freshIp(), headers: { Cookie: `tindak_lang=${encodeURIComponent(Buffer.from(JSON.stringify("en")).toString("base64"))}` } }));
    expect(res.status).toBe(401);
    expect(shown(await res.json(), "en").formError).toBe("Wrong e-mail or password.");
  });
});

describe("production cookies", () => {
  const saved = { NODE_ENV: process.env.NODE_ENV, SESSION_SECRET: process.env.SESSION_SECRET, PUBLIC_URL: process.env.PUBLIC_URL };
  afterEach(() => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    resetEnvCache();
  });

  it("uses the __Host- prefix and Secure with NODE_ENV=production", async () => {
    process.env.NODE_ENV = "production";
    process.env.SESSION_SECRET = "a-production-secret-of-enough-length";
    process.env.PUBLIC_URL = "https://tindak.example.id";
    resetEnvCache();
    const res = await postLogin({ email: DEMO.admin, password: DEMO_PASSWORD });
    expect(res.status).toBe(302);
    const setCookie = res.headers.get("Set-Cookie")!;
    expect(setCookie).toMatch(/^__Host-tindak_session=/);
    expect(setCookie).toMatch(/; Secure/i);
    expect(setCookie).toMatch(/; HttpOnly/i);
    expect(setCookie).toMatch(/; SameSite=Lax/i);
    expect(setCookie).toMatch(/; Path=\//);
    expect(setCookie).not.toMatch(/; Domain=/i);
    expect((await getSessionUser(makeRequest("/", { cookie: cookiePair(setCookie) })))?.email).toBe(DEMO.admin);
  });
});
