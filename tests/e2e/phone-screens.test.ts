import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seriousAxeViolations, type TestBrowser } from "../support/browser";
import { DEMO, DEMO_PASSWORD } from "../support/requests";
import { saveScreenshot } from "../support/screenshots";
import { walkIds, type WalkIds } from "../support/routes";
import { startServerAndBrowser, stopServerAndBrowser, type TestServer } from "../support/server";

// Issue 21: phone-first screens, measured on a 390 × 844 phone in real Chromium against the real server.

let server: TestServer;
let browser: TestBrowser;
let ids: WalkIds;

beforeAll(async () => {
  ({ server, browser } = await startServerAndBrowser());
  ids = walkIds(server.dbFile);
}, 120_000);

afterAll(() => stopServerAndBrowser(server, browser));

/** A saved answer's round trip (post, then the loader's reload) on a busy machine: poll up to 15 s. */
const SERVER_ROUND_TRIP = { timeout: 15_000 };

const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true, locale: "id-ID", timezoneId: "Asia/Jakarta" };

function phone(options: { javaScriptEnabled?: boolean } = {}): Promise<BrowserContext> {
  return browser.newContext({ ...PHONE, ...options });
}

async function signInPage(page: Page, email: string) {
  await page.goto(`${server.url}/login`);
  await page.fill("#email", email);
  await page.fill("#password", DEMO_PASSWORD);
  await Promise.all([page.waitForURL((u) => u.pathname !== "/login"), page.locator("main form button[type=submit]").last().click()]);
  await page.close();
}

async function signedIn(email: string, options: { javaScriptEnabled?: boolean; bypassCSP?: boolean } = {}): Promise<BrowserContext> {
  const context = await browser.newContext({ ...PHONE, ...options });
  await signInPage(await context.newPage(), email);
  return context;
}

/** Screenshots of the phone screens, for docs/screenshots/ with UPDATE_SCREENSHOTS=1 (tests/support/screenshots.ts). */
const shot = (page: Page, name: string) => saveScreenshot(page, `phone-${name}`);

/** Top edge, in CSS px from the top of the page, of the first visible thing inside <main>. */
function contentTop(page: Page): Promise<number> {
  return page.evaluate(() => {
    const main = document.querySelector("main")!;
    const first = [...main.children].find((el) => el.getBoundingClientRect().height > 0 && getComputedStyle(el).display !== "none");
    return Math.round((first ?? main).getBoundingClientRect().top + window.scrollY);
  });
}

async function contentTops(context: BrowserContext, paths: string[]): Promise<Record<string, number>> {
  const page = await context.newPage();
  const tops: Record<string, number> = {};
  for (const p of paths) {
    const res = await page.goto(`${server.url}${p}`, { waitUntil: "domcontentloaded" });
    expect(res?.status(), p).toBe(200);
    tops[p] = await contentTop(page);
  }
  await context.close();
  return tops;
}

const within120 = (tops: Record<string, number>) => Object.entries(tops).filter(([, top]) => top > 120);

// Every signed-in page of each role, in groups small enough for one test each on a busy machine.
const PAGES: Array<[string, string, () => string[]]> = [
  ["inspector", DEMO.inspector, () => ["/", "/inspections", "/inspections/new", `/inspections/${ids.inspectionId}`, "/follow-ups"]],
  ["inspector", DEMO.inspector, () => [`/follow-ups/${ids.followUpSu2}`, "/triage", `/triage/${ids.triageId}`, "/escalations", "/notifications"]],
  ["inspector", DEMO.inspector, () => ["/complaints", `/complaints/${ids.complaintRef}`, "/map", "/dashboard", `/units/${ids.unitId}`]],
  ["unit head", DEMO.headSu2, () => ["/", "/follow-ups", `/follow-ups/${ids.followUpSu2}`, "/inspections", "/notifications", "/map"]],
  ["admin", DEMO.admin, () => ["/", "/admin", "/admin/users", `/admin/users/${ids.userId}`, "/admin/users/new"]],
  ["admin", DEMO.admin, () => ["/admin/units", `/admin/units/${ids.unitId}`, "/admin/checklists", `/admin/checklists/${ids.checklistId}`, "/admin/deadline-rules"]],
  ["admin", DEMO.admin, () => ["/admin/holidays", "/admin/api-keys", "/admin/outbox", "/triage", "/notifications"]],
];

describe("compact header on a phone: the content starts within 120 CSS px of the top", () => {
  it.each(PAGES)("%s (%s), pages group %#", async (_role, email, paths) => {
    const list = paths();
    const tops = await contentTops(await signedIn(email), list);
    expect(Object.keys(tops)).toEqual(list);
    expect(within120(tops)).toEqual([]);
  });

  it("signed out, the header is one row too", async () => {
    const tops = await contentTops(await phone(), ["/", "/complaints/new", "/complaints", "/map", "/dashboard", "/login", "/track"]);
    expect(within120(tops)).toEqual([]);
  });
});

describe("the phone menu", () => {
  it("opens and closes by keyboard, Escape closes it, and it names the section and holds the language switch", async () => {
    const context = await signedIn(DEMO.inspector);
    const page = await context.newPage();
    await page.goto(`${server.url}/follow-ups`);
    await page.waitForSelector("html[data-hydrated]");
    const menu = page.getByTestId("phone-menu");
    const summary = menu.locator("summary");
    // The bar names where one is; the links are hidden until the menu opens.
    expect(await page.locator(".header-section").textContent()).toBe("Tindak lanjut");
    const nav = page.getByRole("navigation", { name: "Menu" });
    expect(await nav.getByRole("link", { name: "Antrean verifikasi" }).isVisible()).toBe(false);

    // Tab from the top of the page: skip link, brand, then the menu button.
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    expect(await summary.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press("Enter");
    expect(await menu.evaluate((el) => (el as HTMLDetailsElement).open)).toBe(true);
    expect(await nav.getByRole("link", { name: "Antrean verifikasi" }).isVisible()).toBe(true);
    expect(await page.getByTestId("menu-lang-switch").isVisible()).toBe(true);
    expect(await page.getByRole("button", { name: "Keluar" }).isVisible()).toBe(true);
    await shot(page, "menu-open");

    // Escape closes it and gives focus back to the menu button.
    await page.keyboard.press("Tab");
    await page.keyboard.press("Escape");
    expect(await menu.evaluate((el) => (el as HTMLDetailsElement).open)).toBe(false);
    expect(await summary.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await nav.getByRole("link", { name: "Antrean verifikasi" }).isVisible()).toBe(false);

    // Space opens it again; following a link closes it on the next page.
    await page.keyboard.press("Space");
    await nav.getByRole("link", { name: "Notifikasi" }).click();
    await page.waitForURL((u) => u.pathname === "/notifications");
    await expect.poll(() => menu.evaluate((el) => (el as HTMLDetailsElement).open)).toBe(false);
    expect(await page.locator(".header-section").textContent()).toBe("Notifikasi");
    await shot(page, "header");
    await context.close();
  });

  it("works without JavaScript: the menu opens, its links work, and it closes again", async () => {
    const context = await signedIn(DEMO.headSu2, { javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    const menu = page.getByTestId("phone-menu");
    const link = page.getByRole("navigation", { name: "Menu" }).getByRole("link", { name: "Tindak lanjut" });
    expect(await link.isVisible()).toBe(false);
    await menu.locator("summary").focus();
    await page.keyboard.press("Enter");
    expect(await link.isVisible()).toBe(true);
    await menu.locator("summary").click();
    expect(await link.isVisible()).toBe(false);
    await menu.locator("summary").click();
    await Promise.all([page.waitForURL((u) => u.pathname === "/follow-ups"), link.click()]);
    expect(await page.getByRole("heading", { level: 1 }).first().isVisible()).toBe(true);
    await context.close();
  });

  it("a desktop keeps the full link row and no menu button", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "id-ID" });
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    expect(await page.getByTestId("phone-menu").isVisible()).toBe(false);
    expect(await page.getByRole("navigation", { name: "Menu" }).getByRole("link", { name: "Peta" }).isVisible()).toBe(true);
    expect(await page.getByTestId("lang-switch").isVisible()).toBe(true);
    await context.close();
  });
});

describe("/map on a phone", () => {
  it("shows the map within the first screen, full width, with filters and legend folded and the list right below", async () => {
    const context = await phone();
    const page = await context.newPage();
    await page.goto(`${server.url}/map`);
    // The Suspense placeholder (also .map-canvas) is replaced by Leaflet's container once the map's
    // code has loaded: wait for Leaflet's own element and for it to be laid out, never read once.
    const canvas = page.locator(".map-canvas.leaflet-container");
    await canvas.waitFor({ state: "visible" });
    await expect.poll(async () => (await canvas.boundingBox())?.height ?? 0, { timeout: 15_000 }).toBeGreaterThan(0);
    const box = (await canvas.boundingBox())!;
    expect(box.y).toBeLessThan(844 / 2); // its top edge in the first half of the first screen
    expect(box.height).toBeGreaterThan(844 * 0.5); // most of the viewport high
    expect(box.width).toBeGreaterThanOrEqual(388); // edge to edge
    // The legend is folded into the filter panel; it opens on request.
    const legend = page.getByTestId("map-legend");
    expect(await legend.isVisible()).toBe(false);
    await page.getByTestId("map-filters").locator("summary").click();
    expect(await legend.isVisible()).toBe(true);
    await page.getByTestId("map-filters").locator("summary").click();
    // What is in view comes right after the map.
    const list = page.locator(".map-aside h2");
    await list.waitFor({ state: "visible" });
    const listTop = (await list.boundingBox())!.y;
    expect(listTop).toBeGreaterThan(box.y + box.height);
    // Only the "Ke lokasi saya" button (and, when tiles fail, their notice) lies between.
    expect(listTop - (box.y + box.height)).toBeLessThan(250);
    await shot(page, "map");
    await context.close();
  });
});


describe("a sidak on a phone", () => {
  /** Starts a sidak of a Dukcapil unit as the inspector does (/inspections/new), so it gets that unit
   *  kind's checklist template; answers the page of the new draft. */
  async function startSidak(page: Page, team: string) {
    await page.goto(`${server.url}/inspections/new`);
    await page.getByLabel("Unit yang disidak").selectOption({ label: "UPT Dukcapil Seberang Ulu Dua" });
    await page.getByLabel("Tim sidak").fill(team);
    await Promise.all([page.waitForURL(/\/inspections\/\d+$/), page.getByRole("button", { name: "Mulai sidak" }).click()]);
  }

  it("shows its progress, which follows each saved answer, and jumps to the next unanswered item below the sticky bar", async () => {
    const context = await signedIn(DEMO.inspector);
    const page = await context.newPage();
    await startSidak(page, "Wakil Wali Kota\nStaf Inspektorat");
    await page.locator("html[data-hydrated]").waitFor();

    const items = page.locator("li.checklist-item");
    await items.first().waitFor();
    const total = await items.count();
    expect(total).toBeGreaterThan(5);
    const count = page.getByTestId("sidak-progress-count");
    expect(await count.textContent()).toBe(`0 dari ${total} terjawab`);
    const next = page.getByTestId("next-unanswered");
    const first = items.nth(0);
    const second = items.nth(1);
    expect(await next.getAttribute("href")).toBe(`#${await first.getAttribute("id")}`);

    // Answering the first item (it saves itself) moves the count and the jump: both come from the server.
    await first.locator('input[value="PASS"]').check();
    await expect.poll(() => count.textContent(), SERVER_ROUND_TRIP).toBe(`1 dari ${total} terjawab`);
    await expect.poll(() => next.getAttribute("href"), SERVER_ROUND_TRIP).toBe(`#${await second.getAttribute("id")}`);

    // Far down the page the bar is still on screen, and its jump lands on the item just below it.
    await page.locator("#findings").scrollIntoViewIfNeeded();
    await next.click();
    expect(new URL(page.url()).hash).toBe(`#${await second.getAttribute("id")}`);
    const bar = page.getByTestId("sidak-progress");
    await expect.poll(async () => Math.round((await bar.boundingBox())?.y ?? -100), SERVER_ROUND_TRIP).toBe(0);
    await shot(page, "sidak");
    const barBox = (await bar.boundingBox())!;
    expect(barBox.height).toBeLessThan(140); // the sticky bar leaves most of the screen to the checklist
    const target = (await second.boundingBox())!;
    expect(target.y).toBeGreaterThanOrEqual(barBox.y + barBox.height - 1);
    expect(target.y).toBeLessThan(844 / 2);

    await context.close();
  });

  it("folds a finished section and reviews unanswered items and findings without a directive before submit", async () => {
    const context = await signedIn(DEMO.inspector, { bypassCSP: true }); // bypassCSP: for the injected axe-core
    const page = await context.newPage();
    await startSidak(page, "Wakil Wali Kota");
    await page.locator("html[data-hydrated]").waitFor();
    // Counted once the checklist is on the page (counting earlier found 0 items, so nothing was
    // answered and the section stayed open: the "intermittent" fold failure).
    const firstSection = page.locator("#section-1");
    const sectionItems = firstSection.locator("li.checklist-item");
    await sectionItems.first().waitFor({ state: "attached" });
    const total = await page.locator("li.checklist-item").count();
    const count = page.getByTestId("sidak-progress-count");

    // Finish the first section: it shows as complete and is folded when the page is next loaded.
    const inSection = await sectionItems.count();
    expect(inSection).toBeGreaterThan(0);
    for (let i = 0; i < inSection; i++) {
      await sectionItems.nth(i).locator('input[value="NA"]').check();
      await expect.poll(() => count.textContent(), SERVER_ROUND_TRIP).toBe(`${i + 1} dari ${total} terjawab`);
    }
    await page.reload();
    await page.locator("html[data-hydrated]").waitFor();
    expect(await firstSection.evaluate((el) => (el as HTMLDetailsElement).open)).toBe(false);
    expect(await firstSection.locator(":scope > summary").textContent()).toContain(`${inSection}/${inSection} terjawab`);
    expect(await page.locator("#section-2").evaluate((el) => (el as HTMLDetailsElement).open)).toBe(true);
    expect(await page.getByTestId("sidak-progress-sections").locator("summary").textContent()).toMatch(/^Bagian 1\/\d+$/);

    // A finding without a directive; the review before "Kirim sidak" lists it with what is unanswered.
    const form = page.locator("#finding-form");
    await form.getByLabel("Kategori").selectOption("FACILITY");
    await form.getByLabel("Uraian temuan").fill("Kursi ruang tunggu rusak.");
    await Promise.all([page.waitForURL((u) => u.hash === "#findings"), form.getByRole("button", { name: "Tambah temuan" }).click()]);
    await page.getByTestId("findings").getByText("Kursi ruang tunggu rusak.").waitFor();
    expect(await page.getByTestId("to-findings").textContent()).toBe("Temuan (1)");
    await page.getByTestId("to-review").click();
    expect(new URL(page.url()).hash).toBe("#review");
    const review = page.getByTestId("sidak-review");
    expect(await review.getByTestId("review-unanswered").locator("li").count()).toBe(total - inSection);
    expect(await review.getByTestId("review-no-directive").textContent()).toContain("Sarana dan prasarana");
    expect(await review.getByTestId("submit-inspection").isVisible()).toBe(true);

    // No serious or critical axe-core violation on the sidak being filled in.
    expect(await seriousAxeViolations(page)).toEqual([]);
    await context.close();
  });

  it("without JavaScript the progress is computed by the server after each saved answer", async () => {
    const context = await signedIn(DEMO.inspector, { javaScriptEnabled: false });
    const page = await context.newPage();
    await startSidak(page, "Tim tanpa JavaScript");
    const count = page.getByTestId("sidak-progress-count");
    const total = await page.locator("li.checklist-item").count();
    expect(await count.textContent()).toBe(`0 dari ${total} terjawab`);
    const first = page.locator("li.checklist-item").first();
    await first.locator('input[value="FAIL"]').check();
    await Promise.all([page.waitForResponse((r) => r.request().method() === "POST"), first.getByRole("button", { name: "Simpan butir" }).click()]);
    await expect.poll(() => count.textContent(), SERVER_ROUND_TRIP).toBe(`1 dari ${total} terjawab`);
    const second = page.locator("li.checklist-item").nth(1);
    expect(await page.getByTestId("next-unanswered").getAttribute("href")).toBe(`#${await second.getAttribute("id")}`);
    await context.close();
  });
});

describe("detail pages on a phone", () => {
  it("a follow-up shows each label above its value, full width, and the unit head's actions near the top", async () => {
    const context = await signedIn(ids.openFollowUp.email, { bypassCSP: true }); // bypassCSP: for the injected axe-core
    const page = await context.newPage();
    await page.goto(`${server.url}/follow-ups/${ids.openFollowUp.id}`);
    expect(await page.getByTestId("state").textContent()).toBe("Terbuka");

    // Label above value: the first value starts below its label, at the same left edge, using the width.
    const dt = (await page.locator("main dl dt").first().boundingBox())!;
    const dd = (await page.locator("main dl dd").first().boundingBox())!;
    expect(dd.y).toBeGreaterThanOrEqual(dt.y + dt.height - 1);
    expect(Math.abs(dd.x - dt.x)).toBeLessThan(2);
    expect(dd.width).toBeGreaterThan(300);

    // The answer and the extension request are reachable from the first screen.
    const bar = page.getByTestId("action-bar");
    expect((await bar.boundingBox())!.y).toBeLessThan(844 / 2);
    expect(await bar.getByRole("link").allTextContents()).toEqual(["Jawab tindak lanjut", "Minta perpanjangan batas waktu"]);
    await shot(page, "follow-up");
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.getByTestId("jump-answer").click();
    expect(new URL(page.url()).hash).toBe("#answer-title");
    await expect.poll(async () => (await page.locator("#answer-body").boundingBox())?.y ?? 9999, SERVER_ROUND_TRIP).toBeLessThan(844);
    await context.close();
  });

  it("a desktop keeps the follow-up page as it was: no action bar", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "id-ID" });
    await signInPage(await context.newPage(), ids.openFollowUp.email);
    const page = await context.newPage();
    await page.goto(`${server.url}/follow-ups/${ids.openFollowUp.id}`);
    await page.getByTestId("answer-form").waitFor();
    expect(await page.getByTestId("action-bar").isVisible()).toBe(false);
    await context.close();
  });
});
