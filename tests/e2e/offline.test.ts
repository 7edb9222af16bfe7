import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { phoneContext, type TestBrowser } from "../support/browser";
import { startServerAndBrowser, stopServerAndBrowser, type TestServer } from "../support/server";

// Issue 15 in Chromium with the network switched off (context.setOffline): the installable app,
// its offline copy of the complaint form, and the offline page.

let server: TestServer;
let browser: TestBrowser;

beforeAll(async () => {
  ({ server, browser } = await startServerAndBrowser());
}, 120_000);

afterAll(() => stopServerAndBrowser(server, browser));

/** Opens `path` and waits until the service worker controls the page (its install has cached the shell). */
async function openControlled(context: BrowserContext, path: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(server.url + path);
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  // The first visit is not controlled yet (the worker claims it on activate): wait until it is.
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  return page;
}

describe("installable and offline-capable", () => {
  it("serves a manifest in Bahasa Indonesia with icons, and a service worker named by the build", async () => {
    const manifest = await fetch(`${server.url}/manifest.webmanifest`);
    expect(manifest.status).toBe(200);
    expect(manifest.headers.get("content-type")).toContain("application/manifest+json");
    const body = await manifest.json();
    expect(body).toMatchObject({ name: "Tindak", lang: "id", theme_color: "#0b5d57", start_url: "/" });
    for (const icon of body.icons as Array<{ src: string; sizes: string }>) {
      const png = await fetch(server.url + icon.src);
      expect(png.status, icon.src).toBe(200);
      expect(png.headers.get("content-type")).toBe("image/png");
    }
    const sw = await fetch(`${server.url}/sw.js`);
    expect(sw.status).toBe(200);
    expect(sw.headers.get("content-type")).toContain("javascript");
    expect(sw.headers.get("cache-control")).toContain("no-cache");
    const source = await sw.text();
    // Versioned by the assets manifest the pages load, so a new build is a new worker.
    const page = await (await fetch(`${server.url}/complaints/new`)).text();
    const assetsHash = /\/build\/manifest-([A-Za-z0-9]+)\.js/.exec(page)?.[1];
    expect(assetsHash).toBeTruthy();
    expect(source).toContain(`const VERSION = "${assetsHash}"`);
  });

  it("opens the complaint form without a connection once visited, and shows the offline page for a page it does not keep", async () => {
    const context = await phoneContext(browser);
    const page = await openControlled(context, "/");
    await context.setOffline(true);
    await page.goto(`${server.url}/complaints/new`);
    await expect.poll(() => page.locator("#description").count()).toBe(1);
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.hydrated ?? "")).toBe("true");
    await page.goto(`${server.url}/dashboard`);
    await page.getByTestId("offline-page").waitFor();
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Tidak ada koneksi internet");
    // The offline page's button opens the kept complaint form.
    await page.getByRole("link", { name: "Buat pengaduan" }).last().click();
    await page.waitForURL((u) => u.pathname === "/complaints/new");
    await expect.poll(() => page.locator("#description").count()).toBe(1);
    await context.setOffline(false);
    await context.close();
  });
});
