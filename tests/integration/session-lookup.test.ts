import { describe, expect, it } from "vitest";
import { db } from "~/lib/db.server";
import { sha256 } from "~/lib/crypto.server";
import { getSessionUser, IDLE_TIMEOUT_MS } from "~/lib/session.server";
import { DEMO, cookieFor, makeRequest } from "../support/requests";

// The session lookup reads through the read-only connection (docs/decisions/0010) while the touch of
// lastSeenAt stays a Prisma write. These cover what that split could get wrong: a row changed by Prisma
// must be seen by the next lookup, the touch must still happen (and only once a minute), and the user
// returned must be the one the cookie belongs to.

function rawSessionId(pair: string): string {
  const value = decodeURIComponent(pair.slice(pair.indexOf("=") + 1));
  return JSON.parse(Buffer.from(value.slice(0, value.lastIndexOf(".")), "base64").toString("utf8"));
}

const lookUp = (cookie: string) => getSessionUser(makeRequest("/", { cookie }));

describe("session lookup on the read connection", () => {
  it("returns the cookie's user with role, unit and locale", async () => {
    const cookie = await cookieFor(DEMO.headSu2);
    const user = await lookUp(cookie);
    const expected = await db.user.findUniqueOrThrow({ where: { email: DEMO.headSu2 }, select: { id: true, email: true, name: true, role: true, unitId: true, locale: true } });
    expect(user).toEqual(expected);
  });

  it("refreshes lastSeenAt when it is over a minute old, and leaves a fresh one alone", async () => {
    const cookie = await cookieFor(DEMO.inspector);
    const id = sha256(rawSessionId(cookie));
    const stale = new Date(Date.now() - 2 * 60 * 60_000);
    await db.session.update({ where: { id }, data: { lastSeenAt: stale } });
    const before = Date.now();
    expect(await lookUp(cookie)).not.toBeNull();
    const touched = (await db.session.findUniqueOrThrow({ where: { id } })).lastSeenAt.getTime();
    expect(touched).toBeGreaterThanOrEqual(before);

    const recent = new Date(Date.now() - 10_000);
    await db.session.update({ where: { id }, data: { lastSeenAt: recent } });
    expect(await lookUp(cookie)).not.toBeNull();
    expect((await db.session.findUniqueOrThrow({ where: { id } })).lastSeenAt.getTime()).toBe(recent.getTime());
  });

  it("sees an idle expiry written a moment before (no stale read), and a revived one again", async () => {
    const cookie = await cookieFor(DEMO.admin);
    const id = sha256(rawSessionId(cookie));
    expect(await lookUp(cookie)).not.toBeNull();
    await db.session.update({ where: { id }, data: { lastSeenAt: new Date(Date.now() - IDLE_TIMEOUT_MS - 1000) } });
    expect(await lookUp(cookie)).toBeNull();
    await db.session.update({ where: { id }, data: { lastSeenAt: new Date() } });
    expect(await lookUp(cookie)).not.toBeNull();
  });
});
