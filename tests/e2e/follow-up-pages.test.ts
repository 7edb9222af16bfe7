import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { desktopContext, phoneContext, signInPage, type TestBrowser } from "../support/browser";
import { insertFollowUp } from "../support/follow-up-rows";
import { startServerAndBrowser, stopServerAndBrowser, type TestServer } from "../support/server";
import { DEMO_PASSWORD } from "../../prisma/seed/demo-password";

// Every follow-up page renders for its role on a 360 px phone without sideways scrolling or script
// errors, and the extension flow works with JavaScript switched off (plain forms).

const HEAD = "kepala.dukcapil-su2@demo.tindak.id";
const INSPECTOR = "inspektur@demo.tindak.id";
const ADMIN = "admin@demo.tindak.id";

let server: TestServer | undefined;
let browser: TestBrowser | undefined;

beforeAll(async () => {
  ({ server, browser } = await startServerAndBrowser());
});
afterAll(() => stopServerAndBrowser(server, browser));

function signIn(context: BrowserContext, email: string): Promise<Page> {
  return signInPage(context, server!.url, email, DEMO_PASSWORD);
}

async function checkPage(page: Page, url: string, testId: string, errors: string[]) {
  const res = await page.goto(server!.url + url);
  expect(res?.status(), url).toBe(200);
  await page.getByTestId(testId).waitFor();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, `${url} scrolls sideways by ${overflow}px`).toBeLessThanOrEqual(0);
  expect(errors, url).toEqual([]);
}

describe("follow-up pages", () => {
  it("render for each role on a phone", async () => {
    for (const [email, pages] of [
      [HEAD, [["/follow-ups", "follow-ups"], ["/notifications", "notifications"], ["/", "home-unit-head"]]],
      [INSPECTOR, [["/follow-ups", "follow-ups"], ["/follow-ups?overdue=1", "follow-ups"], ["/escalations", "escalations"], ["/notifications", "notifications"]]],
      [ADMIN, [["/admin/deadline-rules", "admin-deadline-rules"], ["/admin/holidays", "admin-holidays"], ["/admin/outbox", "admin-outbox"], ["/follow-ups", "follow-ups"]]],
    ] as const) {
      const context = await phoneContext(browser!);
      const page = await signIn(context, email);
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(String(e)));
      for (const [url, testId] of pages) await checkPage(page, url, testId, errors);
      if (email === HEAD) {
        // The home shows the three counts; the inbox opens its first follow-up.
        const home = await page.goto(server!.url + "/");
        expect(home?.status()).toBe(200);
        expect(await page.getByTestId("home-unit-head").innerText()).toContain("Jatuh tempo ≤ 2 hari kerja");
        await page.goto(server!.url + "/follow-ups");
        const first = page.locator('[data-testid="follow-up-list"] li a').first();
        await Promise.all([page.waitForURL(/\/follow-ups\/\d+$/), first.click()]);
        await page.getByTestId("timeline").waitFor();
        expect(errors).toEqual([]);
      }
      await context.close();
    }
  });

  it("a row of each staff list opens its page without loading a new document, as a <Link> would", async () => {
    const context = await phoneContext(browser!);
    const page = await signIn(context, INSPECTOR);
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    try {
      for (const [list, listTestId, target] of [
        ["/follow-ups", "follow-up-list", /\/follow-ups\/\d+$/],
        ["/escalations", "escalation-list", /\/follow-ups\/\d+$/],
        ["/triage", "triage-list", /\/triage\/\d+$/],
        ["/inspections", "inspection-list", /\/inspections\/\d+$/],
      ] as const) {
        await page.goto(server!.url + list);
        await page.locator("html[data-hydrated]").waitFor();
        const links = page.getByTestId(listTestId).locator("li a");
        expect(await links.count(), `${list} has rows`).toBeGreaterThan(0);
        // A document load would start a new window object and lose this mark.
        await page.evaluate(() => ((window as unknown as { samePage: boolean }).samePage = true));
        await Promise.all([page.waitForURL(target), links.first().click()]);
        await page.locator("main h1").first().waitFor();
        expect(await page.evaluate(() => (window as unknown as { samePage?: boolean }).samePage === true), `${list}: page change without a document load`).toBe(true);
      }
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("asks for and approves an extension with JavaScript switched off", async () => {
    const id = insertFollowUp(server!.dbFile, { headEmail: HEAD, inspectorEmail: INSPECTOR, state: "OPEN", instruction: "Tempel jadwal layanan di pintu masuk." });
    const head = await signIn(await phoneContext(browser!, { javaScriptEnabled: false }), HEAD);
    await head.goto(`${server!.url}/follow-ups/${id}`);
    const due = await head.getByTestId("due-at").innerText();
    // A date before the current deadline (but after today, so the browser's own min check lets it
    // through) is refused by the server with a message next to the field.
    const earlier = new Date(Date.now() + 2 * 86_400_000 + 7 * 3_600_000).toISOString().slice(0, 10);
    await head.getByLabel("Alasan", { exact: true }).fill("Blanko KTP-el habis; pengiriman dari pusat minggu depan.");
    await head.getByLabel("Batas waktu yang diusulkan").fill(earlier);
    await head.getByRole("button", { name: "Ajukan perpanjangan" }).click();
    await head.locator("#ext-date-error").waitFor();
    expect(await head.locator("#ext-date-error").innerText()).toMatch(/harus setelah batas waktu saat ini/);
    expect(await head.getByLabel("Batas waktu yang diusulkan").getAttribute("aria-invalid")).toBe("true");
    await head.goto(`${server!.url}/follow-ups/${id}`);
    await head.getByLabel("Alasan", { exact: true }).fill("Blanko KTP-el habis; pengiriman dari pusat minggu depan.");
    await head.getByLabel("Batas waktu yang diusulkan").fill("2099-01-05");
    await Promise.all([head.waitForURL(/saved=extension/), head.getByRole("button", { name: "Ajukan perpanjangan" }).click()]);

    const inspector = await signIn(await desktopContext(browser!, { javaScriptEnabled: false }), INSPECTOR);
    await inspector.goto(`${server!.url}/follow-ups/${id}`);
    await Promise.all([inspector.waitForURL(/saved=decide/), inspector.getByRole("button", { name: "Setujui perpanjangan" }).click()]);
    const dueNow = await inspector.getByTestId("due-at").innerText();
    expect(dueNow).toContain("5 Jan 2099");
    expect(dueNow).toContain("batas waktu awal");
    expect(due).not.toContain("2099");
  });
});
