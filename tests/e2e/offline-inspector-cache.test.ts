import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { launchBrowser, phoneContext, signInPage, type TestBrowser } from "../support/browser";
import { DEMO, DEMO_PASSWORD } from "../support/requests";
import { queryAll, seededUnitId } from "../support/http";
import { startServer, stopAndClean, type TestServer } from "../support/server";

// Issue 15, an inspector's own pages kept on the phone (docs/decisions/0029), in Chromium with the
// network switched off (context.setOffline): the inspections list and the inspector's draft sidak open
// without a signal after a reload, even a draft never opened, with a notice saying it is a kept copy;
// what is done there goes through the send queue and arrives once. The kept pages belong to one
// session: signing out or another person signing in on the same phone removes them, and nobody else's
// pages are ever kept. And the photo-shrinking code is kept too, so a photo chosen offline is shrunk.

let server: TestServer;
let browser: TestBrowser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
}, 120_000);

afterAll(async () => {
  await browser?.cleanup();
  await stopAndClean(server);
});

const query = <T>(sql: string, ...params: unknown[]) => queryAll<T>(server, sql, ...params);

const answersOf = (id: number) =>
  query<{ label: string; result: string }>(`SELECT i.label, a.result FROM "ChecklistAnswer" a JOIN "ChecklistItem" i ON i.id = a.itemId WHERE a.inspectionId = ? ORDER BY i.position`, id);
const findingsOf = (id: number) =>
  query<{ description: string; photos: number }>(
    `SELECT f.description, (SELECT COUNT(*) FROM "Attachment" p WHERE p.findingId = f.id) AS photos FROM "Finding" f WHERE f.inspectionId = ? AND f.deletedAt IS NULL ORDER BY f.id`,
    id,
  );

const hydrated = (page: Page) => expect.poll(() => page.evaluate(() => document.documentElement.dataset.hydrated ?? "")).toBe("true");

/** Waits until the service worker controls the page (its install has kept the app shell). */
async function controlled(page: Page) {
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
}

/** The addresses kept in the browser's per-person caches (tindak-user-*), as the service worker left them. */
function keptPersonalPages(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const kept: string[] = [];
    for (const name of await caches.keys()) {
      if (!name.startsWith("tindak-user-")) continue;
      for (const request of await (await caches.open(name)).keys()) kept.push(new URL(request.url).pathname + new URL(request.url).search);
    }
    return kept.sort();
  });
}

async function signedIn(email: string, context?: BrowserContext): Promise<{ context: BrowserContext; page: Page }> {
  context ??= await phoneContext(browser);
  const page = await signInPage(context, server.url, email, DEMO_PASSWORD);
  await controlled(page);
  return { context, page };
}

/** A new draft sidak of the seeded unit for the signed-in inspector of `context`, started by a post (no page opened). */
async function draftNeverOpened(context: BrowserContext): Promise<number> {
  const unitId = seededUnitId(server);
  const response = await context.request.post(server.url + "/inspections/new", {
    form: { unitId: String(unitId), startedAt: "2026-11-30T09:00", team: "Wakil Wali Kota\nStaf Inspektorat", trigger: "ROUTINE" },
    headers: { Origin: server.url },
    maxRedirects: 0,
  });
  expect(response.status()).toBe(303);
  const id = Number(/^\/inspections\/(\d+)$/.exec(response.headers()["location"] ?? "")?.[1]);
  expect(id).toBeGreaterThan(0);
  return id;
}

const item = (page: Page, text: string) => page.locator('li[data-testid^="item-"]').filter({ hasText: text });
const keptNotice = (page: Page) => page.getByTestId("kept-copy");

describe("an inspector's pages kept on the phone", () => {
  it("a draft sidak opened with a signal reopens without one after a reload, with a notice; answers and a finding made there arrive once", async () => {
    const { context, page } = await signedIn(DEMO.inspector);
    try {
      const id = await draftNeverOpened(context);
      // Opened from the list with a signal (a page change inside the app, not a document load).
      await page.goto(`${server.url}/inspections`);
      await hydrated(page);
      await Promise.all([page.waitForURL((u) => u.pathname === `/inspections/${id}`), page.locator(`[data-id="${id}"] a`).click()]);
      await page.getByTestId("inspection-page").waitFor();
      await expect.poll(() => keptPersonalPages(page), { timeout: 20_000 }).toContain(`/inspections/${id}`);
      expect(await keptNotice(page).count()).toBe(0);

      await context.setOffline(true);
      await page.reload();
      await keptNotice(page).waitFor();
      expect(await keptNotice(page).innerText()).toMatch(/^Salinan tersimpan dari \d{1,2} \w+ \d{4}, \d{2}\.\d{2} WIB — perubahan Anda menunggu sinyal\.$/);
      expect(await page.locator('[data-testid="inspection-page"]').getAttribute("data-status")).toBe("DRAFT");
      await hydrated(page);

      // Working on the kept copy: an answer and a finding with a photo wait in the queue.
      await item(page, "GRATIS").getByLabel("Tidak sesuai").check();
      const description = "Papan informasi biaya layanan tidak terpasang (dicatat pada salinan tersimpan).";
      const form = page.locator("#finding-form");
      await form.getByLabel("Kategori").selectOption("FACILITY");
      await form.getByLabel("Uraian temuan").fill(description);
      const photo = await sharp({ create: { width: 800, height: 600, channels: 3, background: "#aa5522" } }).jpeg().toBuffer();
      await form.locator('input[name="photos"]').setInputFiles({ name: "papan.jpg", mimeType: "image/jpeg", buffer: photo });
      await form.getByRole("button", { name: "Tambah temuan" }).click();
      const queue = page.getByTestId("sidak-queue");
      await expect.poll(() => queue.getByTestId("queued-item").count()).toBe(2);

      // Another reload without a signal: the kept copy (older than the answer) shows the waiting answer.
      await page.reload();
      await keptNotice(page).waitFor();
      await hydrated(page);
      await expect.poll(() => item(page, "GRATIS").getByLabel("Tidak sesuai").isChecked()).toBe(true);
      expect(await item(page, "GRATIS").getByLabel("Sesuai", { exact: true }).isChecked()).toBe(false);
      await expect.poll(() => item(page, "GRATIS").locator('[data-testid$="-state"]').textContent()).toBe("Menunggu sinyal, dikirim otomatis saat koneksi kembali.");
      expect(answersOf(id)).toEqual([]);

      // The signal returns: both arrive once, the page reads the sidak again and the notice goes.
      await context.setOffline(false);
      await page.evaluate(() => window.dispatchEvent(new Event("online")));
      await expect.poll(() => page.getByTestId("sidak-queue").count(), { timeout: 30_000 }).toBe(0);
      await page.getByTestId("findings").getByText(description).waitFor();
      await expect.poll(() => keptNotice(page).count()).toBe(0);
      expect(answersOf(id).map((a) => a.result)).toEqual(["FAIL"]);
      expect(answersOf(id)[0]!.label).toContain("GRATIS");
      expect(findingsOf(id)).toEqual([{ description, photos: 1 }]);
      await page.reload();
      await hydrated(page);
      expect(answersOf(id)).toHaveLength(1);
      expect(findingsOf(id)).toHaveLength(1);
    } finally {
      await context.close();
    }
  });

  it("the list keeps the inspector's drafts listed on it, so one never opened also opens without a signal", async () => {
    const { context, page } = await signedIn(DEMO.inspector);
    try {
      const id = await draftNeverOpened(context);
      await page.goto(`${server.url}/inspections`);
      await hydrated(page);
      await expect.poll(() => keptPersonalPages(page), { timeout: 20_000 }).toEqual(expect.arrayContaining(["/inspections", `/inspections/${id}`]));

      await context.setOffline(true);
      await page.reload();
      await keptNotice(page).waitFor();
      await hydrated(page);
      // From the kept list to the draft never opened: its kept copy, working.
      await Promise.all([page.waitForURL((u) => u.pathname === `/inspections/${id}`), page.locator(`[data-id="${id}"] a`).click()]);
      await page.locator('[data-testid="inspection-page"][data-status="DRAFT"]').waitFor();
      await keptNotice(page).waitFor();
      await hydrated(page);
      await item(page, "senyum, sapa, salam").getByLabel("Sesuai", { exact: true }).check();
      await expect.poll(() => page.getByTestId("sidak-queue").getByTestId("queued-item").count()).toBe(1);

      await context.setOffline(false);
      await page.evaluate(() => window.dispatchEvent(new Event("online")));
      await expect.poll(() => answersOf(id).map((a) => a.result), { timeout: 30_000 }).toEqual(["PASS"]);
    } finally {
      await context.close();
    }
  });

  it("signing out, or another person signing in on the same phone, removes the kept pages; other roles never get any", async () => {
    const { context, page } = await signedIn(DEMO.inspector);
    try {
      const id = await draftNeverOpened(context);
      await page.goto(`${server.url}/inspections`);
      await hydrated(page);
      await expect.poll(() => keptPersonalPages(page), { timeout: 20_000 }).toContain(`/inspections/${id}`);

      // Sign-out: nothing of the inspector's is kept; offline the sidak is not shown.
      await page.getByTestId("phone-menu").locator("summary").click();
      await Promise.all([page.waitForURL((u) => u.pathname === "/"), page.getByTestId("phone-menu").locator('form[action="/logout"] button').click()]);
      await page.locator('a[href="/login"]').first().waitFor({ state: "attached" });
      expect(await keptPersonalPages(page)).toEqual([]);
      await context.setOffline(true);
      await page.goto(`${server.url}/inspections/${id}`);
      await page.waitForURL((u) => u.pathname === "/offline");
      expect(await page.getByTestId("inspection-page").count()).toBe(0);
      await context.setOffline(false);

      // Kept again, then the session ends without a sign-out (cookie gone) and an admin signs in here.
      await signedIn(DEMO.inspector, context).then(({ page: again }) => again.close());
      await page.goto(`${server.url}/inspections`);
      await hydrated(page);
      await expect.poll(() => keptPersonalPages(page), { timeout: 20_000 }).toContain(`/inspections/${id}`);
      await context.clearCookies();
      const admin = await signedIn(DEMO.admin, context);
      expect(await keptPersonalPages(admin.page)).toEqual([]);
      // The admin reads the sidak list and the sidak with a signal: nothing is kept for that role.
      await admin.page.goto(`${server.url}/inspections`);
      await hydrated(admin.page);
      await admin.page.goto(`${server.url}/inspections/${id}`);
      await admin.page.getByTestId("inspection-page").waitFor();
      await hydrated(admin.page);
      await admin.page.waitForLoadState("networkidle");
      expect(await keptPersonalPages(admin.page)).toEqual([]);
      await context.setOffline(true);
      await admin.page.goto(`${server.url}/inspections/${id}`);
      await admin.page.waitForURL((u) => u.pathname === "/offline");
      expect(await admin.page.getByTestId("inspection-page").count()).toBe(0);
    } finally {
      await context.close();
    }
  });
});

describe("photos shrunk without a signal", () => {
  it("a photo chosen on a form opened offline, before the shrinking code was ever used, is sent shrunk", async () => {
    const context = await phoneContext(browser);
    try {
      const page = await context.newPage();
      await page.goto(`${server.url}/complaints/new`);
      await controlled(page);
      await context.setOffline(true);
      await page.reload();
      await hydrated(page);
      const big = await sharp({ create: { width: 2400, height: 1800, channels: 3, background: "#4477aa" } }).jpeg({ quality: 95 }).toBuffer();
      await page.setInputFiles("#photos", { name: "besar.jpg", mimeType: "image/jpeg", buffer: big });
      // Shrunk in place in the form (not sent as chosen, which is what happens when the code cannot load).
      const chosen = () =>
        page.evaluate(async () => {
          const file = (document.querySelector("#photos") as HTMLInputElement).files?.[0];
          if (!file) return null;
          const bitmap = await createImageBitmap(file);
          return { type: file.type, longest: Math.max(bitmap.width, bitmap.height) };
        });
      await expect.poll(chosen, { timeout: 30_000 }).toEqual({ type: "image/jpeg", longest: 1600 });
      await page.getByTestId("photo-shrink").waitFor({ state: "detached" });
    } finally {
      await context.close();
    }
  }, 60_000);
});
