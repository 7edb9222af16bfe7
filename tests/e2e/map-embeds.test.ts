import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { desktopContext, phoneContext, type TestBrowser } from "../support/browser";
import { startServerAndBrowser, stopServerAndBrowser, type TestServer } from "../support/server";
import { PALEMBANG_BBOX } from "~/lib/codes";

// The small maps of issue 6 where they are embedded: the complaint form's pin picker (Leaflet fetched
// only when opened), and the mini maps of a complaint's and a unit's page. Tiles are blocked.

let server: TestServer;
let browser: TestBrowser;

beforeAll(async () => {
  ({ server, browser } = await startServerAndBrowser());
});

afterAll(() => stopServerAndBrowser(server, browser));

async function blockTiles(page: Page) {
  await page.route(/tile\.openstreetmap\.org/, (route) => route.abort());
}

/** A public complaint with coordinates and its unit, found through the map's own data. */
async function somePoint(layer: "complaints" | "units") {
  const res = await fetch(`${server.url}/map/data.json?bbox=-180,-90,180,90&zoom=20&layer=${layer}`);
  const data = (await res.json()) as { features: { properties: { label: string; id: number; href: string } }[] };
  return data.features[0]!.properties;
}

/**
 * Whether any script the page has loaded so far contains Leaflet code (its `_leaflet_id` property). A
 * script whose body could not be read fails the test: unread, it could have been Leaflet.
 */
function watchScripts(page: Page) {
  const bodies: Promise<{ url: string; body?: string; error?: string }>[] = [];
  page.on("response", (r) => {
    if (r.request().resourceType() !== "script") return;
    bodies.push(r.text().then((body) => ({ url: r.url(), body }), (error: Error) => ({ url: r.url(), error: error.message })));
  });
  return async () => {
    const read = await Promise.all(bodies);
    expect(read.length, "scripts loaded").toBeGreaterThan(0);
    expect(read.filter((s) => s.error), "scripts whose body could not be read").toEqual([]);
    return read.some((s) => s.body!.includes("_leaflet_id"));
  };
}

describe("pin picker on the complaint form", () => {
  it("loads no Leaflet on the form's first load, then places a pin that fills lat and lng", async () => {
    const context = await phoneContext(browser);
    const page = await context.newPage();
    await blockTiles(page);
    const leafletLoaded = watchScripts(page);
    await page.goto(`${server.url}/complaints/new`);
    await page.getByTestId("pin-picker").waitFor();
    await page.waitForLoadState("networkidle");
    expect(await leafletLoaded()).toBe(false);
    expect(await page.locator(".leaflet-container").count()).toBe(0);

    await page.getByRole("button", { name: "Pilih lokasi di peta" }).click();
    const map = page.getByTestId("pin-picker-map").locator(".leaflet-container");
    await map.waitFor();
    expect(await leafletLoaded()).toBe(true);
    const box = (await map.boundingBox())!;
    await page.mouse.click(box.x + box.width / 2 + 10, box.y + box.height / 2 + 10);
    const lat = page.locator('#location input[name="lat"]');
    const lng = page.locator('#location input[name="lng"]');
    await page.waitForFunction(() => (document.querySelector('#location input[name="lat"]') as HTMLInputElement | null)?.value !== "");
    const [latValue, lngValue] = [Number(await lat.inputValue()), Number(await lng.inputValue())];
    expect(latValue).toBeGreaterThan(PALEMBANG_BBOX.minLat);
    expect(latValue).toBeLessThan(PALEMBANG_BBOX.maxLat);
    expect(lngValue).toBeGreaterThan(PALEMBANG_BBOX.minLng);
    expect(lngValue).toBeLessThan(PALEMBANG_BBOX.maxLng);
    expect(await page.locator(".tk-pin").count()).toBe(1);
    await context.close();
  });

  it("is absent without JavaScript: the plain lat/lng inputs remain", async () => {
    const context = await phoneContext(browser, { javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${server.url}/complaints/new`);
    expect(await page.getByTestId("pin-picker").count()).toBe(0);
    expect(await page.locator('#location input[name="lat"]').count()).toBe(1);
    await context.close();
  });
});

describe("mini maps", () => {
  it("shows a complaint's point on its page, and its coordinates without JavaScript", async () => {
    const point = await somePoint("complaints");
    const context = await desktopContext(browser);
    const page = await context.newPage();
    await blockTiles(page);
    await page.goto(`${server.url}${point.href}`);
    await page.getByTestId("mini-map").locator(".tk-pin").waitFor();
    expect(await page.getByTestId("mini-map").locator(".tk-pin").getAttribute("title")).toBeTruthy();
    const noJs = await (await phoneContext(browser, { javaScriptEnabled: false })).newPage();
    await noJs.goto(`${server.url}${point.href}`);
    expect(await noJs.locator(".mini-map").textContent()).toMatch(/Koordinat: -?\d+\.\d+, \d+\.\d+/);
    expect(await noJs.locator(".mini-map a").getAttribute("href")).toMatch(/^\/map\?.*at=/);
    await context.close();
    await noJs.context().close();
  });

  it("shows a unit on its page", async () => {
    const unit = await somePoint("units");
    const context = await desktopContext(browser);
    const page = await context.newPage();
    await blockTiles(page);
    await page.goto(`${server.url}/units/${unit.id}`);
    await page.getByTestId("mini-map").locator(".tk-pin").waitFor();
    expect(await page.getByTestId("mini-map").locator(".tk-pin").getAttribute("title")).toBe(unit.label);
    await context.close();
  });
});
