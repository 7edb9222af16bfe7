import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { desktopContext, phoneContext, type TestBrowser } from "../support/browser";
import { startServerAndBrowser, stopServerAndBrowser, type TestServer } from "../support/server";

// /map in Chromium against the real server and the seeded demo data. Tiles cannot load on this machine
// (and are blocked here in any case): the map must still show its markers with a notice.

let server: TestServer;
let browser: TestBrowser;

beforeAll(async () => {
  ({ server, browser } = await startServerAndBrowser());
});

afterAll(() => stopServerAndBrowser(server, browser));

async function blockTiles(page: Page) {
  await page.route(/tile\.openstreetmap\.org|\{s\}|\/\d+\/\d+\/\d+\.png/, (route) => route.abort());
}

/** Opens /map (with a query) and waits for the first clusters or points. */
async function openMap(page: Page, query = "") {
  const data = page.waitForResponse((r) => r.url().includes("/map/data.json"));
  await page.goto(`${server.url}/map${query}`);
  expect((await data).status()).toBe(200);
  await page.locator(".tk-cluster, .tk-pin, .tk-unit").first().waitFor();
}

/** Records the map shows: cluster counts (from their titles) plus single markers, per marker class. */
async function shownCount(page: Page, selector: string): Promise<number> {
  return page.locator(selector).evaluateAll((els) =>
    els.reduce((n, el) => {
      if (!el.classList.contains("tk-cluster")) return n + 1;
      return n + Number(el.textContent?.replace(/\D/g, "") || "0");
    }, 0),
  );
}

/** Waits until the map shows the data of its current view: the frame is aria-busy while it loads. */
const settled = (page: Page) => page.locator('[data-testid="map"][aria-busy="false"]').waitFor();

const zoomOf = async (page: Page) => Number(await page.getByTestId("map").getAttribute("data-zoom"));

describe("/map with JavaScript", () => {
  it("shows clusters and markers on a plain background with a notice when tiles cannot load", async () => {
    const context = await desktopContext(browser);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await blockTiles(page);
    await openMap(page);
    expect(await page.locator(".tk-cluster").count()).toBeGreaterThan(0);
    expect(await page.locator(".tk-cluster.complaints").count()).toBeGreaterThan(0);
    await page.getByTestId("tiles-failed").waitFor();
    expect(await page.getByTestId("tiles-failed").textContent()).toContain("Peta dasar tidak dapat dimuat");
    // The legend names the colours; markers and clusters have titles for pointer and screen-reader users.
    expect(await page.getByTestId("map-legend").textContent()).toContain("Terlambat");
    expect(await page.locator(".tk-cluster").first().getAttribute("title")).toMatch(/\d+ .* di sekitar sini/);
    // The list beside the map shows what is in view.
    expect(await page.getByTestId("map-in-view").locator("li").count()).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("zooms in when a cluster is clicked, splitting it into smaller clusters or points", async () => {
    const context = await desktopContext(browser);
    const page = await context.newPage();
    await blockTiles(page);
    await openMap(page, "?layer=complaints");
    const zoomBefore = await zoomOf(page);
    // The biggest cluster.
    const counts = await page.locator(".tk-cluster").evaluateAll((els) => els.map((el) => Number(el.textContent?.replace(/\D/g, ""))));
    const biggest = counts.indexOf(Math.max(...counts));
    const before = counts[biggest]!;
    expect(before).toBeGreaterThan(1);
    const reload = page.waitForResponse((r) => r.url().includes("/map/data.json") && !r.url().includes(`zoom=${zoomBefore}&`));
    await page.locator(".tk-cluster").nth(biggest).dispatchEvent("click");
    await reload;
    await page.waitForFunction((z) => Number(document.querySelector('[data-testid="map"]')?.getAttribute("data-zoom")) > z, zoomBefore);
    await settled(page);
    expect(await zoomOf(page)).toBeGreaterThan(zoomBefore);
    const after = await page.locator(".tk-cluster").evaluateAll((els) => els.map((el) => Number(el.textContent?.replace(/\D/g, ""))));
    const pins = await page.locator(".tk-pin").count();
    expect(pins + after.length).toBeGreaterThan(0);
    expect(Math.max(0, ...after)).toBeLessThan(before);
    await context.close();
  });

  it("lets a keyboard user zoom to a cluster from the list beside the map", async () => {
    const context = await desktopContext(browser);
    const page = await context.newPage();
    await blockTiles(page);
    await openMap(page, "?layer=complaints");
    const zoomBefore = await zoomOf(page);
    const button = page.getByTestId("map-in-view").getByRole("button", { name: "Perbesar ke kelompok ini" }).first();
    await button.focus();
    const reload = page.waitForResponse((r) => r.url().includes("/map/data.json") && !r.url().includes(`zoom=${zoomBefore}&`));
    await page.keyboard.press("Enter");
    await reload;
    expect(await zoomOf(page)).toBeGreaterThan(zoomBefore);
    // Focus goes to the list's heading, so the screen reader reads the new area from the top.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("map-list-title");
    await context.close();
  });

  it("a filter changes what is shown and the URL", async () => {
    const context = await desktopContext(browser);
    const page = await context.newPage();
    await blockTiles(page);
    await openMap(page);
    const complaintsBefore = await shownCount(page, ".tk-cluster.complaints, .tk-pin.complaints");
    expect(await page.locator(".tk-unit, .tk-cluster.units").count()).toBeGreaterThan(0);
    // The filters are folded until opened.
    await page.getByText("Saring peta").click();
    await page.getByLabel("Unit layanan").uncheck();
    await page.getByLabel("Temuan sidak").uncheck();
    await page.getByLabel("Kategori").selectOption("FACILITY");
    const reload = page.waitForResponse((r) => r.url().includes("/map/data.json") && r.url().includes("category=FACILITY"));
    await page.getByRole("button", { name: "Terapkan" }).click();
    await page.waitForURL(/category=FACILITY/);
    expect(page.url()).toContain("layer=complaints");
    expect((await reload).status()).toBe(200);
    await settled(page);
    expect(await page.locator(".tk-unit, .tk-cluster.units, .tk-pin.findings, .tk-cluster.findings").count()).toBe(0);
    const complaintsAfter = await shownCount(page, ".tk-cluster.complaints, .tk-pin.complaints");
    expect(complaintsAfter).toBeGreaterThan(0);
    expect(complaintsAfter).toBeLessThan(complaintsBefore);
    // The shared URL opens the same view.
    const second = await context.newPage();
    await blockTiles(second);
    await openMap(second, new URL(page.url()).search);
    expect(await second.getByLabel("Kategori").inputValue()).toBe("FACILITY");
    expect(await shownCount(second, ".tk-cluster.complaints, .tk-pin.complaints")).toBe(complaintsAfter);
    await context.close();
  });

  it("opens a popup with a short summary and a link", async () => {
    const context = await desktopContext(browser);
    const page = await context.newPage();
    await blockTiles(page);
    // Zoomed to street level every complaint is its own marker.
    await openMap(page, "?layer=complaints");
    const map = page.getByTestId("map");
    for (let i = 0; i < 6 && (await page.locator(".tk-pin").count()) === 0; i++) {
      const reload = page.waitForResponse((r) => r.url().includes("/map/data.json"));
      await page.locator(".tk-cluster").first().dispatchEvent("click");
      await reload;
      await settled(page);
    }
    const pin = page.locator(".tk-pin").first();
    expect(await pin.getAttribute("title")).toMatch(/^Pengaduan ADU-/);
    await pin.dispatchEvent("click");
    const popup = map.locator(".leaflet-popup .map-popup");
    await popup.waitFor();
    expect(await popup.locator("a").getAttribute("href")).toMatch(/^\/complaints\/ADU-/);
    await context.close();
  });

  it("puts the list under the map on a phone", async () => {
    const context = await phoneContext(browser);
    const page = await context.newPage();
    await blockTiles(page);
    await openMap(page);
    const mapBox = (await page.getByTestId("map").boundingBox())!;
    const listBox = (await page.getByTestId("map-in-view").boundingBox())!;
    expect(listBox.y).toBeGreaterThanOrEqual(mapBox.y + mapBox.height - 1);
    expect(mapBox.width).toBeLessThanOrEqual(360);
    await context.close();
  });
});

describe("/map without JavaScript", () => {
  it("shows the same filtered data as a paginated list with links, and the filter form works", async () => {
    const context = await phoneContext(browser, { javaScriptEnabled: false });
    const page = await context.newPage();
    const res = await page.goto(`${server.url}/map`);
    expect(res?.status()).toBe(200);
    // (inside <noscript>, which Playwright's text matching skips, so read it by CSS)
    expect(await page.locator(".map-main .notice").textContent()).toContain("Peta interaktif membutuhkan JavaScript");
    const list = page.getByTestId("map-list");
    expect(await list.locator("li a").count()).toBeGreaterThan(0);
    const totalText = (await list.locator("p.muted").first().textContent())!;
    await page.getByText("Saring peta").click();
    await page.getByLabel("Kategori").selectOption("FACILITY");
    await page.getByLabel("Unit layanan").uncheck();
    await page.getByLabel("Temuan sidak").uncheck();
    await Promise.all([page.waitForURL(/category=FACILITY/), page.getByRole("button", { name: "Terapkan" }).click()]);
    expect(await list.locator("p.muted").first().textContent()).not.toBe(totalText);
    const items = list.locator("li");
    expect(await items.count()).toBeGreaterThan(0);
    for (const text of await items.allTextContents()) expect(text).toContain("Sarana dan prasarana");
    const href = await list.locator("li a").first().getAttribute("href");
    expect(href).toMatch(/^\/complaints\/ADU-/);
    await context.close();
  });

  it("pages through the list", async () => {
    const context = await phoneContext(browser, { javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${server.url}/map`);
    const first = await page.getByTestId("map-list").locator("li a").first().textContent();
    await Promise.all([page.waitForURL(/page=2/), page.getByRole("link", { name: /Berikutnya/ }).click()]);
    expect(await page.getByTestId("map-list").locator("li a").first().textContent()).not.toBe(first);
    expect(await page.getByTestId("map-list").textContent()).toContain("Halaman 2");
    await context.close();
  });
});
