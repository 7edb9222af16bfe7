import { sessionCookie } from "../support/http";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localeCookie } from "~/lib/locale.server";
import { startServer, stopAndClean, type TestServer } from "../support/server";
import { DEMO } from "../support/requests";
import { GOOD_DESCRIPTION, unitIdBySlugPart } from "../support/complaints";

// Issue 17: anonymous public reads come from the response cache until a write changes the data version;
// ETag and If-None-Match give a 304; signed-in public pages never come from it; each language has its
// own entry; a signed-in person's list pages are kept per session, never shown to another session nor
// after sign-out.

async function get(server: TestServer, path: string, headers: Record<string, string> = {}) {
  const res = await fetch(server.url + path, { headers, redirect: "manual" });
  return { res, text: await res.text(), cache: res.headers.get("x-cache"), etag: res.headers.get("etag") };
}

/** A write by another connection to the server's database file (as another process would make it). */
function writeElsewhere(server: TestServer, sql: string, ...params: unknown[]) {
  const sqlite = new Database(server.dbFile, { timeout: 10_000 });
  try {
    sqlite.prepare(sql).run(...params);
  } finally {
    sqlite.close();
  }
}

describe("public response cache, against the real server", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  }, 120_000);
  afterAll(async () => stopAndClean(server));

  it("a repeated anonymous read is a hit with the same bytes and ETag, and If-None-Match answers 304", async () => {
    const first = await get(server, "/dashboard");
    expect(first.res.status).toBe(200);
    expect(first.cache).toBe("MISS");
    expect(first.etag).toMatch(/^W\/".+"$/);
    expect(first.res.headers.get("vary")).toMatch(/Cookie/i);
    const second = await get(server, "/dashboard");
    expect(second.cache).toBe("HIT");
    expect(second.text).toBe(first.text);
    expect(second.etag).toBe(first.etag);
    // A hit goes out with the miss's headers, each once (security headers, Vary, ETag…), X-Cache aside.
    const sent = (res: Response) => [...res.headers].filter(([name]) => !["date", "x-cache"].includes(name));
    expect(sent(second.res)).toEqual(sent(first.res));
    // The nonce in the page and the CSP header travel together.
    const nonce = second.text.match(/nonce="([^"]+)"/)?.[1];
    expect(nonce).toBeTruthy();
    expect(second.res.headers.get("content-security-policy")).toContain(`'nonce-${nonce}'`);

    const revalidated = await get(server, "/dashboard", { "if-none-match": first.etag! });
    expect(revalidated.res.status).toBe(304);
    expect(revalidated.text).toBe("");
    expect(revalidated.etag).toBe(first.etag);
    const stale = await get(server, "/dashboard", { "if-none-match": 'W/"something-else"' });
    expect(stale.res.status).toBe(200);
  });

  it("compressed bytes are kept: a gzip hit is gzip and decodes to the same page", async () => {
    const gzip = { "accept-encoding": "gzip" };
    const first = await get(server, "/complaints", gzip);
    const second = await get(server, "/complaints", gzip);
    expect(second.cache).toBe("HIT");
    expect(first.res.headers.get("content-encoding")).toBe("gzip");
    expect(second.res.headers.get("content-encoding")).toBe("gzip");
    expect(second.text).toBe(first.text);
    const plain = await get(server, "/complaints", { "accept-encoding": "identity" });
    expect(plain.res.headers.get("content-encoding")).toBeNull();
    expect(plain.text).toContain("<h1");
  });

  it("a new complaint appears on /complaints at once: the write moves the data version", async () => {
    await get(server, "/complaints");
    const before = await get(server, "/complaints");
    expect(before.cache).toBe("HIT");

    const form = new FormData();
    const unitId = await unitIdBySlugPart("Seberang Ulu Dua");
    for (const [k, v] of Object.entries({ unitId: String(unitId), category: "WAITING_TIME", privacy: "public", description: GOOD_DESCRIPTION })) form.append(k, v);
    const filed = await fetch(`${server.url}/complaints/new`, { method: "POST", body: form, redirect: "manual", headers: { origin: server.url } });
    expect(filed.status).toBe(303);
    const location = filed.headers.get("location")!;
    const tracked = await (await fetch(`${server.url}${location}?_data=${encodeURIComponent("routes/track.$code")}`)).json();
    const ref = tracked.complaint.ref as string;
    expect(before.text).not.toContain(ref);

    const after = await get(server, "/complaints");
    expect(after.cache).toBe("MISS");
    expect(after.text).toContain(ref);
    expect(after.etag).not.toBe(before.etag);
    // The old ETag no longer gives a 304.
    expect((await get(server, "/complaints", { "if-none-match": before.etag! })).res.status).toBe(200);
  });

  it("a write by another process (another connection on the same file) invalidates too", async () => {
    const unitId = await unitIdBySlugPart("Seberang Ulu Dua");
    await get(server, `/units/${unitId}`);
    expect((await get(server, `/units/${unitId}`)).cache).toBe("HIT");
    writeElsewhere(server, `UPDATE "Unit" SET name = 'UPT Dukcapil Seberang Ulu Dua (Gedung Baru)' WHERE id = ?`, unitId);
    const after = await get(server, `/units/${unitId}`);
    expect(after.cache).toBe("MISS");
    expect(after.text).toContain("Gedung Baru");
  });

  it("after a write, visitors who arrive together get one render: the first renders, the others its kept bytes", async () => {
    await get(server, "/complaints");
    writeElsewhere(server, `UPDATE "Unit" SET phone = '0711-000' || abs(random() % 1000) WHERE id = (SELECT min(id) FROM "Unit")`);
    const together = await Promise.all(Array.from({ length: 8 }, () => get(server, "/complaints")));
    expect(together.map((r) => r.res.status)).toEqual(Array(8).fill(200));
    expect(together.filter((r) => r.cache === "MISS")).toHaveLength(1);
    for (const r of together) {
      expect(r.text).toBe(together[0]!.text);
      expect(r.etag).toBe(together[0]!.etag);
    }
  });

  it("after a write, visitors of the dashboard who arrive together get one render; the others the new figures or the last ones (ADR 0035)", async () => {
    const previous = await get(server, "/dashboard");
    writeElsewhere(server, `UPDATE "Unit" SET phone = '0711-000' || abs(random() % 1000) WHERE id = (SELECT min(id) FROM "Unit")`);
    const together = await Promise.all(Array.from({ length: 8 }, () => get(server, "/dashboard")));
    expect(together.map((r) => r.res.status)).toEqual(Array(8).fill(200));
    const rendered = together.filter((r) => r.cache === "MISS");
    expect(rendered).toHaveLength(1);
    for (const r of together) {
      if (r.cache === "STALE") expect(r.etag).toBe(previous.etag);
      else expect(r.etag).toBe(rendered[0]!.etag);
    }
    // Whatever was answered meanwhile, the next visitor gets the figures rendered after the write.
    const next = await get(server, "/dashboard");
    expect(next.cache).toBe("HIT");
    expect(next.etag).toBe(rendered[0]!.etag);
  });

  it("signed-in pages are never served from the cache nor stored in it", async () => {
    const cookie = await sessionCookie(server, DEMO.headSu2);
    await get(server, "/complaints");
    const anonymous = await get(server, "/complaints");
    expect(anonymous.cache).toBe("HIT");
    const signedIn = await get(server, "/complaints", { cookie });
    const again = await get(server, "/complaints", { cookie });
    for (const page of [signedIn, again]) {
      expect(page.cache).toBeNull();
      expect(page.text).toContain('action="/logout"');
      expect(page.res.headers.get("vary")).toMatch(/Cookie/i);
    }
    // And the anonymous entry never picked up the signed-in page.
    const anonymousAgain = await get(server, "/complaints");
    expect(anonymousAgain.cache).toBe("HIT");
    expect(anonymousAgain.text).not.toContain('action="/logout"');
  });

  it("a signed-in list page is kept for its own session only, while the session lives and the data stays", async () => {
    const su2 = await sessionCookie(server, DEMO.headSu2);
    const first = await get(server, "/follow-ups", { cookie: su2 });
    expect(first.res.status).toBe(200);
    expect(first.cache).toBe("MISS");
    const second = await get(server, "/follow-ups", { cookie: su2 });
    expect(second.cache).toBe("HIT");
    expect(second.text).toBe(first.text);

    // Another unit's head, and a second session of the same person, each render their own page.
    const aal = await sessionCookie(server, DEMO.headAal);
    const other = await get(server, "/follow-ups", { cookie: aal });
    expect(other.cache).toBe("MISS");
    expect(other.text).not.toBe(first.text);
    const su2Again = await sessionCookie(server, DEMO.headSu2);
    expect((await get(server, "/follow-ups", { cookie: su2Again })).cache).toBe("MISS");
    // Anonymous: the login redirect, never the kept page.
    const anonymous = await get(server, "/follow-ups");
    expect(anonymous.res.status).toBe(302);
    expect(anonymous.cache).toBeNull();

    // Signed out, the old cookie gets the login redirect, not the kept page.
    const out = await fetch(`${server.url}/logout`, { method: "POST", headers: { cookie: su2, origin: server.url }, redirect: "manual" });
    expect(out.status).toBeLessThan(400);
    const afterLogout = await get(server, "/follow-ups", { cookie: su2 });
    expect(afterLogout.res.status).toBe(302);
    expect(afterLogout.text).not.toContain('data-testid="follow-ups"');

    // A write anywhere moves the data version: the next read renders afresh.
    expect((await get(server, "/follow-ups", { cookie: aal })).cache).toBe("HIT");
    writeElsewhere(server, `UPDATE "Unit" SET phone = '0711-000' WHERE id = (SELECT min(id) FROM "Unit")`);
    expect((await get(server, "/follow-ups", { cookie: aal })).cache).toBe("MISS");
  });

  it("each language has its own entry", async () => {
    const english = { cookie: (await localeCookie.serialize("en")).split(";")[0]! };
    const id1 = await get(server, "/");
    const en1 = await get(server, "/", english);
    const id2 = await get(server, "/");
    const en2 = await get(server, "/", english);
    expect(id1.text).toContain('lang="id"');
    expect(en1.text).toContain('lang="en"');
    expect(id2.cache).toBe("HIT");
    expect(en2.cache).toBe("HIT");
    expect(id2.text).toContain('lang="id"');
    expect(en2.text).toContain('lang="en"');
    expect(en2.etag).not.toBe(id2.etag);
  });

  it("Open311 GETs and the map data are cached; a bad query is answered but not kept", async () => {
    for (const path of ["/open311/v2/requests.json", "/open311/v2/services.json", "/map/data.json?bbox=104.6,-3.1,104.9,-2.8&zoom=12"]) {
      const first = await get(server, path);
      expect(first.res.status, path).toBe(200);
      const second = await get(server, path);
      expect(second.cache, path).toBe("HIT");
      expect(second.text, path).toBe(first.text);
    }
    const bad = "/map/data.json?bbox=nonsense&zoom=12";
    expect((await get(server, bad)).res.status).toBe(400);
    expect((await get(server, bad)).cache).toBe("MISS");
  });
});
