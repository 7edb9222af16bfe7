import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, stopAndClean, type TestServer } from "../support/server";
import { DEMO, DEMO_PASSWORD } from "../support/requests";

// Security headers and the same-origin rule of server.ts, against the real production server (issue 9
// "Headers" and "Forms"). Lives with the browser tests because it needs the production build.

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await stopAndClean(server);
});

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...values]) => [name!, values]),
  );
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

describe("headers on every response", () => {
  it.each(["/", "/login", "/healthz", "/no-such-page", "/admin"])("%s", async (path) => {
    const res = await fetch(server.url + path, { redirect: "manual" });
    const csp = directives(res.headers.get("content-security-policy") ?? "");
    expect(csp.get("object-src")).toEqual(["'none'"]);
    expect(csp.get("base-uri")).toEqual(["'none'"]);
    expect(csp.get("frame-ancestors")).toEqual(["'none'"]);
    expect(csp.get("default-src")).toEqual(["'self'"]);
    // Scripts only from the app itself and by nonce: no 'unsafe-inline', no other host.
    const scriptSrc = csp.get("script-src")!;
    expect(scriptSrc[0]).toBe("'self'");
    expect(scriptSrc.slice(1)).toEqual([expect.stringMatching(/^'nonce-[A-Za-z0-9+/=]{16,}'$/)]);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("referrer-policy")).toBe("same-origin");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    const hsts = res.headers.get("strict-transport-security") ?? "";
    expect(Number(hsts.match(/max-age=(\d+)/)?.[1])).toBeGreaterThanOrEqual(31_536_000);
    expect(res.headers.get("x-powered-by")).toBeNull();
  });

  it("gives each page a fresh script nonce that every inline script of the page carries", async () => {
    const nonces = new Set<string>();
    for (let i = 0; i < 2; i++) {
      const res = await fetch(server.url + "/login");
      const nonce = directives(res.headers.get("content-security-policy")!).get("script-src")![1]!.slice("'nonce-".length, -1);
      nonces.add(nonce);
      const html = await res.text();
      const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
      const inline = scripts.filter((m) => !/\bsrc=/.test(m[1]!) && m[2]!.trim().length > 0);
      expect(inline.length).toBeGreaterThan(0); // Remix's context and module loader
      for (const [, attrs] of scripts) expect(attrs).toContain(`nonce="${nonce}"`);
    }
    expect(nonces.size).toBe(2);
  });
});

describe("cross-origin form posts", () => {
  const login = { email: DEMO.admin, password: DEMO_PASSWORD };

  it("refuses a POST to /login from another origin with 403, and sets no cookie", async () => {
    const res = await fetch(server.url + "/login", {
      method: "POST",
      redirect: "manual",
      headers: { Origin: "https://evil.example", "Content-Type": "application/x-www-form-urlencoded" },
      body: form(login),
    });
    expect(res.status).toBe(403);
    expect(res.headers.get("set-cookie")).toBeNull();
  });

  it("refuses an opaque origin and a browser's cross-site fetch without Origin", async () => {
    const cases: Array<Record<string, string>> = [{ Origin: "null" }, { "Sec-Fetch-Site": "cross-site" }];
    for (const headers of cases) {
      const res = await fetch(server.url + "/logout", { method: "POST", redirect: "manual", headers: { ...headers, "Content-Type": "application/x-www-form-urlencoded" }, body: "" });
      expect(res.status).toBe(403);
    }
  });

  it("lets a same-origin POST through", async () => {
    const res = await fetch(server.url + "/login", {
      method: "POST",
      redirect: "manual",
      headers: { Origin: server.url, "Content-Type": "application/x-www-form-urlencoded" },
      body: form(login),
    });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/");
    expect(res.headers.get("set-cookie")).toMatch(/^__Host-tindak_session=.*; Secure/);
  });

  it("a wrong password through the real server is 401 with the message in the page", async () => {
    const res = await fetch(server.url + "/login", {
      method: "POST",
      redirect: "manual",
      headers: { Origin: server.url, "Content-Type": "application/x-www-form-urlencoded" },
      body: form({ email: DEMO.admin, password: "bukan-sandinya" }),
    });
    expect(res.status).toBe(401);
    expect(await res.text()).toContain("Email atau kata sandi salah.");
  });
});

// Every response type, not only pages (issue 9, security 5): JSON, CSV, GeoJSON, PDF, photos, 404, 429
// (the rate limiter's own answer and the login lock-out), static assets.
describe("headers on every response type", () => {
  function policies(res: globalThis.Response): Array<Map<string, string[]>> {
    // Two policies (the app's and a photo's sandbox) arrive joined by ", "; a browser enforces both.
    return (res.headers.get("content-security-policy") ?? "").split(/,\s*(?=[a-z-]+-src|sandbox|default-src|base-uri)/).map(directives);
  }
  function expectBaseline(res: globalThis.Response, what: string) {
    const all = policies(res);
    for (const name of ["object-src", "base-uri", "frame-ancestors"]) {
      expect(all.some((p) => p.get(name)?.join(" ") === "'none'"), `${what}: ${name} 'none'`).toBe(true);
    }
    // Scripts: every policy that allows scripts at all allows only 'self' and a nonce.
    for (const p of all) {
      const script = p.get("script-src") ?? p.get("default-src");
      if (!script) continue;
      for (const source of script) expect(source, `${what}: script source`).toMatch(/^('self'|'none'|'nonce-[A-Za-z0-9+/=]{16,}')$/);
    }
    expect(Number((res.headers.get("strict-transport-security") ?? "").match(/max-age=(\d+)/)?.[1]), `${what}: HSTS`).toBeGreaterThanOrEqual(31_536_000);
    // A photo's own nosniff joins helmet's ("nosniff, nosniff"); the Fetch standard reads the first value.
    expect((res.headers.get("x-content-type-options") ?? "").split(/,\s*/), `${what}: nosniff`).toEqual(expect.arrayContaining(["nosniff"]));
    expect((res.headers.get("x-content-type-options") ?? "").split(/,\s*/)[0], `${what}: nosniff first`).toBe("nosniff");
    expect(res.headers.get("referrer-policy"), `${what}: Referrer-Policy`).toBe("same-origin");
  }

  let cookie = "";
  let photoUrl = "";
  let trackPhotoUrl = "";
  let inspectionId = 0;
  beforeAll(async () => {
    const login = await fetch(server.url + "/login", {
      method: "POST",
      redirect: "manual",
      headers: { Origin: server.url, "Content-Type": "application/x-www-form-urlencoded" },
      body: form({ email: DEMO.inspector, password: DEMO_PASSWORD }),
    });
    cookie = login.headers.get("set-cookie")!.split(";")[0]!;
    const { jpeg } = await import("../support/complaints");
    const units = await (await fetch(server.url + "/map/data.json?layer=units&bbox=104.6,-3.1,104.9,-2.8&zoom=18")).json();
    const unitId = units.features.find((f: { properties: { id?: number; unitId?: number } }) => f.properties.id ?? f.properties.unitId).properties;
    const fd = new FormData();
    const fields = { unitId: String(unitId.id ?? unitId.unitId), category: "FACILITY", privacy: "public", description: "Atap ruang tunggu bocor dan lantai licin sejak minggu lalu, mohon diperbaiki.", reporterName: "Warga" };
    for (const [k, v] of Object.entries(fields)) fd.append(k, v);
    fd.append("photos", new File([new Uint8Array(await jpeg(60, 40))], "a.jpg", { type: "image/jpeg" }));
    const created = await fetch(server.url + "/complaints/new", { method: "POST", body: fd, redirect: "manual", headers: { Origin: server.url } });
    expect(created.status).toBe(303);
    const track = created.headers.get("location")!;
    const data = await (await fetch(`${server.url}${track}?_data=${encodeURIComponent("routes/track.$code")}`)).json();
    const html = await (await fetch(server.url + track)).text();
    trackPhotoUrl = html.match(/\/track\/[^"]+\/photos\/\d+/)?.[0] ?? "";
    const triage = await (await fetch(`${server.url}/triage/${data.complaint.id}?_data=${encodeURIComponent("routes/triage.$id")}`, { headers: { cookie } })).json();
    photoUrl = `/attachments/${triage.complaint.attachments[0].id}`;
    const list = await (await fetch(`${server.url}/inspections?_data=${encodeURIComponent("routes/inspections._index")}`, { headers: { cookie } })).text();
    inspectionId = Number(list.match(/"id":(\d+)[^{}]*"status":"SUBMITTED"/)?.[1] ?? list.match(/\/inspections\/(\d+)/)?.[1]);
  });

  it("JSON, CSV, GeoJSON, PDF, 404 and static assets", async () => {
    const html = await (await fetch(server.url + "/login")).text();
    const asset = html.match(/"(\/build\/[^"]+\.js)"/)![1]!;
    const cases: Array<[string, string, RegExp, boolean]> = [
      ["/healthz", "", /application\/json/, false],
      ["/map/data.json?layer=units", "", /json/, false],
      ["/open311/v2/services.json", "", /json/, false],
      ["/open311/v2/services.xml", "", /xml/, false],
      ["/exports/complaints.csv", "", /text\/csv/, true],
      ["/exports/complaints.geojson", "", /json/, true],
      [`/inspections/${inspectionId}/report.pdf`, cookie, /application\/pdf/, true],
      ["/no-such-page", "", /text\/html/, false],
      ["/attachments/987654", "", /./, false],
      [asset, "", /javascript/, false],
    ];
    for (const [url, c, type, disposition] of cases) {
      const res = await fetch(server.url + url, { headers: c ? { cookie: c } : {}, redirect: "manual" });
      await res.arrayBuffer();
      expect(res.headers.get("content-type"), url).toMatch(type);
      if (disposition) expect(res.headers.get("content-disposition"), url).toMatch(/^(attachment|inline); filename="[^"]+"/);
      expectBaseline(res, url);
    }
  });

  it("photos are served as images that a browser never renders as a page", async () => {
    // Both ways a photo is served: to staff by id, and on the tracking page to its reporter.
    expect(photoUrl).toMatch(/^\/attachments\/\d+$/);
    expect(trackPhotoUrl).toMatch(/^\/track\/[^/]+\/photos\/\d+$/);
    for (const url of [photoUrl, trackPhotoUrl]) {
      const res = await fetch(server.url + url, { headers: { cookie } });
      await res.arrayBuffer();
      expect(res.status, url).toBe(200);
      expect(res.headers.get("content-type"), url).toMatch(/^image\/(jpeg|png|webp)$/);
      expect(res.headers.get("content-disposition"), url).toMatch(/filename="foto-\d+\.(jpg|png|webp)"/);
      expect(res.headers.get("content-security-policy"), url).toMatch(/sandbox/);
      expectBaseline(res, url);
    }
  });

  it("429 answers: the login lock-out and the complaint rate limiter", async () => {
    // Wrong passwords from one address: the progressive delay or, at the latest after ten failures, the
    // lock-out answers 429 (which of the two first depends on how fast the tries come on a busy machine).
    let last: globalThis.Response | undefined;
    for (let i = 0; i < 15 && last?.status !== 429; i++) {
      last = await fetch(server.url + "/login", {
        method: "POST",
        redirect: "manual",
        headers: { Origin: server.url, "Content-Type": "application/x-www-form-urlencoded", "x-forwarded-for": "198.51.100.9" },
        body: form({ email: "tidak.ada@contoh.id", password: "salah-sekali-123" }),
      });
      await last.arrayBuffer();
    }
    expect(last!.status).toBe(429);
    expectBaseline(last!, "login 429");
    const limited = await startServer({ COMPLAINT_LIMIT_PER_MINUTE: "1" });
    try {
      let res: globalThis.Response | undefined;
      for (let i = 0; i < 2; i++) {
        const fd = new FormData();
        fd.append("description", "pendek");
        res = await fetch(limited.url + "/complaints/new", { method: "POST", body: fd, headers: { Origin: limited.url } });
        await res.arrayBuffer();
      }
      expect(res!.status).toBe(429);
      expectBaseline(res!, "rate limiter 429");
    } finally {
      await stopAndClean(limited);
    }
  }, 120_000);
});
