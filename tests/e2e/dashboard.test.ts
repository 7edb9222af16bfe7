import crypto from "node:crypto";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { phoneContext, type TestBrowser } from "../support/browser";
import { startServerAndBrowser, stopServerAndBrowser, type TestServer } from "../support/server";

// The transparency pages are read by people on phones, often on slow connections, and printed: they
// must show their figures and charts with JavaScript disabled (server-rendered SVG).

let server: TestServer;
let browser: TestBrowser;

beforeAll(async () => {
  // A low complaint limit: Open311 POSTs count toward the same per-address limit as the web form.
  ({ server, browser } = await startServerAndBrowser({ COMPLAINT_LIMIT_PER_MINUTE: "3" }));
});

afterAll(async () => {
  if (server && server.process.exitCode !== null) console.error(`server exited early:\n${server.output()}`);
  await stopServerAndBrowser(server, browser);
});

describe("dashboard and unit page without JavaScript", () => {
  it("shows the figures, the ranking, the definitions and SVG charts on /dashboard", async () => {
    const context = await phoneContext(browser, { javaScriptEnabled: false });
    const page = await context.newPage();
    const res = await page.goto(`${server.url}/dashboard`);
    expect(res?.status()).toBe(200);
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("Kinerja unit layanan");
    const totals = page.getByTestId("totals");
    expect(await totals.getByText("Pengaduan masuk").count()).toBe(1);
    // The complaints figure is a number written in the page, not filled in by a script.
    const complaintsFigure = await totals.locator(".card").first().locator(".figure").textContent();
    expect(complaintsFigure).toMatch(/^\d[\d.]*$/);
    expect(Number(complaintsFigure!.replace(/\./g, ""))).toBeGreaterThan(0);
    // Two charts, each an SVG with a <title> and values in its description.
    for (const id of ["chart-complaints", "chart-on-time"]) {
      const svg = page.getByTestId(id).locator("svg");
      expect(await svg.count()).toBe(1);
      expect(await svg.getAttribute("role")).toBe("img");
      expect(await svg.locator("title").textContent()).toBeTruthy();
      expect(await svg.locator("desc").textContent()).toMatch(/\d/);
    }
    expect(await page.getByTestId("chart-complaints").locator("rect").count()).toBe(12);
    expect(await page.getByTestId("definitions").textContent()).toContain("Dijawab tepat waktu");
    expect(await page.getByTestId("ranking").or(page.getByTestId("unranked")).first().locator("tbody tr").count()).toBeGreaterThan(0);
    // Printed: the charts stay, the navigation and the period form go.
    await page.emulateMedia({ media: "print" });
    expect(await page.locator(".period-form").isVisible()).toBe(false);
    expect(await page.locator(".site-header").isVisible()).toBe(false);
    expect(await page.getByTestId("chart-complaints").locator("svg").isVisible()).toBe(true);
    await page.emulateMedia({ media: "screen" });
    // The period form works as a plain GET form.
    await page.fill("#period-from", "2026-01-01");
    await page.fill("#period-to", "2026-03-31");
    await Promise.all([page.waitForURL(/from=2026-01-01/), page.getByRole("button", { name: "Tampilkan" }).click()]);
    expect(await page.getByTestId("period").textContent()).toContain("90 hari");
    await context.close();
  });

  it("shows a unit's figures and charts on /units/<id>, reached from the dashboard", async () => {
    const context = await phoneContext(browser, { javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${server.url}/dashboard`);
    const link = page.locator('[data-testid="ranking"] tbody tr th a, [data-testid="unranked"] tbody tr th a').first();
    const name = (await link.textContent())!;
    await Promise.all([page.waitForURL(/\/units\/\d+/), link.click()]);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe(name);
    const figures = page.getByTestId("unit-figures");
    expect(await figures.locator(".figure").count()).toBe(6);
    expect(await figures.getByText("Dijawab tepat waktu").count()).toBe(1);
    expect(await page.getByTestId("chart-complaints").locator("svg title").textContent()).toBe("Pengaduan masuk per bulan");
    expect(await page.getByTestId("chart-on-time").locator("svg").count()).toBe(1);
    await context.close();
  });

  it("keeps the same text once JavaScript has hydrated the page", async () => {
    const context = await phoneContext(browser);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`${server.url}/dashboard`, { waitUntil: "networkidle" });
    expect(await page.locator("#ranking-title + p").textContent()).toContain("sedikitnya 5 tindak lanjut");
    expect(await page.content()).not.toContain("undefined");
    expect(errors).toEqual([]);
    await context.close();
  });

  it("serves the exports and the Open311 discovery from the running server", async () => {
    const csv = await fetch(`${server.url}/exports/complaints.csv`);
    expect(csv.status).toBe(200);
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const bad = await fetch(`${server.url}/exports/complaints.geojson?foo=1`);
    expect(bad.status).toBe(400);
    const discovery = await fetch(`${server.url}/open311/v2/discovery.json`);
    expect((await discovery.json()).endpoints[0].url).toBe(`${server.url}/open311/v2`);
    // POST from another program: no same-origin check, form-encoded, the demo key.
    const created = await fetch(`${server.url}/open311/v2/requests.xml`, {
      method: "POST",
      headers: { Origin: "https://other-app.example" },
      body: new URLSearchParams({
        api_key: "demo-open311-key",
        service_code: "FACILITY",
        lat: "-2.99",
        long: "104.76",
        description: "Kursi ruang tunggu rusak dan banyak warga berdiri menunggu panggilan.",
      }),
    });
    expect(created.status).toBe(200);
    expect(created.headers.get("content-type")).toBe("text/xml; charset=utf-8");
    expect(await created.text()).toMatch(/<service_request_id>ADU-\d{4}-\d{6}<\/service_request_id>/);

    // Keyed requests are limited per key (issue 14), not per address: with a quota of 3 a minute for the
    // demo key, the request above and two more are taken, the next one answers 429 with the errors body.
    const sqlite = new Database(server.dbFile);
    const keyHash = crypto.createHash("sha256").update("demo-open311-key").digest("hex");
    sqlite.prepare(`UPDATE "ApiKey" SET perMinuteLimit = 3 WHERE keyHash = ?`).run(keyHash);
    const changed = (sqlite.prepare(`SELECT COUNT(*) AS n FROM "ApiKey" WHERE perMinuteLimit = 3`).get() as { n: number }).n;
    sqlite.close();
    expect(changed).toBe(1);
    const statuses: number[] = [];
    let limited: Response | undefined;
    for (let i = 0; i < 4 && !limited; i++) {
      const r = await fetch(`${server.url}/open311/v2/requests.json`, {
        method: "POST",
        headers: { "Accept-Language": "en" },
        // Each text differs: the same key, service, text and place within 24 h would be a repeat.
        body: new URLSearchParams({ api_key: "demo-open311-key", service_code: "OTHER", lat: "-2.99", long: "104.76", description: `Jam layanan tidak sesuai dengan pengumuman di papan (${i + 1}).` }),
      });
      statuses.push(r.status);
      if (r.status === 429) limited = r;
    }
    expect(statuses).toEqual([200, 200, 429]);
    expect(limited!.headers.get("access-control-allow-origin")).toBe("*");
    expect(await limited!.json()).toEqual([{ code: 429, description: expect.stringContaining("quota") }]);
  });
});
