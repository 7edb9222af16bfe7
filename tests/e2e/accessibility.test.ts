import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { seriousAxeViolations, type TestBrowser } from "../support/browser";
import { PAGES_BY_ROLE, walkIds, walkPath, type WalkIds } from "../support/routes";
import { startServerAndBrowser, stopServerAndBrowser, type TestServer } from "../support/server";
import { DEMO_PASSWORD } from "../../prisma/seed/demo-password";

// Issue 16: axe-core (WCAG 2.1 A and AA rules) over every page and role at phone size (390 × 844).
// Zero serious or critical violations. axe's own source is injected into each page.

let server: TestServer;
let browser: TestBrowser;
let ids: WalkIds;

beforeAll(async () => {
  ({ server, browser } = await startServerAndBrowser());
  ids = walkIds(server.dbFile);
}, 180_000);

afterAll(() => stopServerAndBrowser(server, browser));

function phone(): Promise<BrowserContext> {
  // bypassCSP: the app's CSP (rightly) refuses the injected axe script.
  return browser.newContext({ bypassCSP: true, viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true, locale: "id-ID", timezoneId: "Asia/Jakarta" });
}

async function signedIn(email: string): Promise<BrowserContext> {
  const context = await phone();
  const page = await context.newPage();
  await page.goto(`${server.url}/login`);
  await page.fill("#email", email);
  await page.fill("#password", DEMO_PASSWORD);
  await Promise.all([page.waitForURL((u) => u.pathname !== "/login"), page.locator("form button[type=submit]").last().click()]);
  await page.close();
  return context;
}

async function seriousViolations(page: Page, path: string): Promise<string[]> {
  const res = await page.goto(`${server.url}${path}`, { waitUntil: "load" });
  expect(res?.status(), path).toBe(path.includes("SALAH") ? 404 : 200); // a wrong code is a 404 page with help
  return seriousAxeViolations(page);
}

/** A path with `:name` placeholders for the ids looked up in beforeAll. */
const resolve = (path: string) => walkPath(path, ids);

// One test per page (named by it, so a failure says where), one signed-in context per role.
describe("axe-core, WCAG 2.1 AA, phone size: no serious or critical violation", () => {
  for (const { role, email, paths } of PAGES_BY_ROLE) {
    describe(role, () => {
      let context: BrowserContext | undefined;
      let page: Page;
      beforeAll(async () => {
        context = email ? await signedIn(email) : await phone();
        page = await context.newPage();
      }, 60_000);
      afterAll(async () => context?.close());
      for (const path of paths) it(path, async () => expect(await seriousViolations(page, resolve(path))).toEqual([]), 60_000);
    });
  }
});
