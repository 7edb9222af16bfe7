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
