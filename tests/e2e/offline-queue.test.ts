import Database from "better-sqlite3";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { phoneContext, type TestBrowser } from "../support/browser";
import { startServerAndBrowser, stopServerAndBrowser, type TestServer } from "../support/server";

// Issue 15, the send queue, in Chromium with the network switched off (context.setOffline): a
// complaint filed without a signal is kept in the browser (photos included), survives a reload, and is
// sent once, in order, when the connection returns; the resident then sees the tracking code.

let server: TestServer;
let browser: TestBrowser;
let photo: Buffer;

beforeAll(async () => {
  ({ server, browser } = await startServerAndBrowser());
  photo = await sharp({ create: { width: 1200, height: 900, channels: 3, background: "#336699" } }).jpeg().toBuffer();
}, 120_000);

afterAll(() => stopServerAndBrowser(server, browser));

/** Opens the complaint form once the service worker controls the page (so it also opens offline). */
async function openControlledForm(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${server.url}/complaints/new`);
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  await expect.poll(() => page.evaluate(() => document.documentElement.dataset.hydrated ?? "")).toBe("true");
  return page;
}

async function fillComplaint(page: Page, description: string) {
  const unit = await page.$$eval("#unitId option", (options) => (options as HTMLOptionElement[]).find((o) => o.textContent?.includes("Dukcapil Seberang Ulu Dua"))?.value ?? "");
  expect(unit).not.toBe("");
  await page.selectOption("#unitId", unit);
  await page.selectOption("#category", "FACILITY");
  await page.fill("#description", description);
}

/** Complaints with these texts, in the order they were filed, with their number of photos. */
function filed(descriptions: string[]): Array<{ description: string; photos: number }> {
  const db = new Database(server.dbFile, { readonly: true });
  try {
    return db
      .prepare(
        `SELECT c.description, (SELECT COUNT(*) FROM "Attachment" a WHERE a.complaintId = c.id) AS photos
         FROM "Complaint" c WHERE c.description IN (${descriptions.map(() => "?").join(",")}) ORDER BY c.id`,
      )
      .all(...descriptions) as Array<{ description: string; photos: number }>;
  } finally {
    db.close();
  }
}

describe("the send queue", () => {
  it("keeps complaints filed offline (with a photo) across a reload and sends each exactly once, in order, when the connection returns", async () => {
    const first = "Atap ruang tunggu UPT bocor saat hujan, lantai licin dan kursi basah semua (antrean 1).";
    const second = "Kipas angin ruang tunggu mati sejak seminggu, warga kepanasan menunggu (antrean 2).";
    const context = await phoneContext(browser);
    const page = await openControlledForm(context);
    await context.setOffline(true);

    await fillComplaint(page, first);
    await page.setInputFiles("#photos", { name: "atap.jpg", mimeType: "image/jpeg", buffer: photo });
    await page.click("button[value=submit]");
    await page.getByTestId("queued-notice").waitFor();
    const queue = page.getByTestId("send-queue");
    await queue.getByText(first).waitFor();
    expect(await queue.getByRole("heading").textContent()).toBe("1 perubahan menunggu dikirim");
    // The form is emptied for the next one: the complaint is kept in the queue, not in the form.
    await expect.poll(() => page.inputValue("#description")).toBe("");

    await fillComplaint(page, second);
    await page.click("button[value=submit]");
    await queue.getByText(second).waitFor();
    await expect.poll(() => queue.getByRole("heading").textContent()).toBe("2 perubahan menunggu dikirim");

    // A reload without a signal: the kept page opens and the queue is still there, with its texts.
    await page.reload();
    await queue.getByText(first).waitFor();
    await queue.getByText(second).waitFor();
    expect(await queue.getByText("1 foto").count()).toBe(1);
    expect(filed([first, second])).toEqual([]);

    await context.setOffline(false);
    await queue.locator('[data-testid=queued-item][data-state=sent]').nth(1).waitFor();
    expect(await queue.getByRole("heading").count()).toBe(0);
    expect(filed([first, second])).toEqual([
      { description: first, photos: 1 },
      { description: second, photos: 0 },
    ]);

    // Each tracking code is shown; the first opens that complaint's own tracking page, with its photo.
    const link = queue.getByTestId("queued-tracking-link").first();
    const code = (await link.textContent())!;
    expect(code).toMatch(/^[0-9A-Z-]{20,}$/);
    await Promise.all([page.waitForURL((u) => u.pathname.startsWith("/track/")), link.click()]);
    expect(decodeURIComponent(new URL(page.url()).pathname)).toBe(`/track/${code}`);
    await page.getByText(first).waitFor();
    expect(await page.locator('img[src*="/photos/"]').count()).toBe(1);

    // Sent once: another visit (and another `online`) sends nothing again.
    await page.goto(`${server.url}/complaints/new`);
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.hydrated ?? "")).toBe("true");
    await page.evaluate(() => window.dispatchEvent(new Event("online")));
    expect(filed([first, second])).toHaveLength(2);
    await context.close();
  });

  it("with a connection, a complaint the server refuses comes back in the form with its message, and is not left in the queue", async () => {
    const context = await phoneContext(browser);
    const page = await context.newPage();
    await page.goto(`${server.url}/complaints/new`);
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.hydrated ?? "")).toBe("true");
    const text = "Ruang tunggu tidak ada kursi, warga lansia berdiri lama di depan loket (foto rusak).";
    await fillComplaint(page, text);
    const notAJpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from("bukan foto sungguhan ".repeat(40))]);
    await page.setInputFiles("#photos", { name: "rusak.jpg", mimeType: "image/jpeg", buffer: notAJpeg });
    await page.click("button[value=submit]");
    await page.locator("#photos-error").waitFor();
    expect(await page.locator("#complaint-error").textContent()).toBeTruthy();
    expect(await page.inputValue("#description")).toBe(text);
    expect(await page.getByTestId("send-queue").count()).toBe(0);
    expect(filed([text])).toEqual([]);
    await context.close();
  });
});

describe("photos shrunk before upload", () => {
  const chosenFile = (page: Page) => page.evaluate(() => (document.querySelector("#photos") as HTMLInputElement).files?.[0]?.size ?? 0);

  it("a large photo chosen in the form is replaced by a JPEG no longer than 1,600 px on its longest side, smaller than chosen, without its EXIF", async () => {
    const big = await sharp({ create: { width: 4000, height: 3000, channels: 3, background: "#808080", noise: { type: "gaussian", mean: 128, sigma: 40 } } })
      .jpeg({ quality: 95 })
      .withExif({ IFD0: { Copyright: "Warga Rahasia" } })
      .toBuffer();
    expect(big.includes("Warga Rahasia")).toBe(true);
    const context = await phoneContext(browser);
    const page = await context.newPage();
    await page.goto(`${server.url}/complaints/new`);
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.hydrated ?? "")).toBe("true");
    await page.setInputFiles("#photos", { name: "besar.jpg", mimeType: "image/jpeg", buffer: big });
    await expect.poll(() => chosenFile(page), { timeout: 45_000 }).toBeLessThan(big.length);
    const sent = await page.evaluate(async () => {
      const file = (document.querySelector("#photos") as HTMLInputElement).files![0]!;
      const bitmap = await createImageBitmap(file);
      const bytes = new TextDecoder("latin1").decode(await file.arrayBuffer());
      return { type: file.type, longest: Math.max(bitmap.width, bitmap.height), exif: bytes.includes("Exif\0\0") || bytes.includes("Warga Rahasia") };
    });
    expect(sent).toEqual({ type: "image/jpeg", longest: 1600, exif: false });
    await page.getByTestId("photo-shrink").waitFor({ state: "detached" });
    expect(await page.getByRole("button", { name: "Kirim pengaduan" }).isEnabled()).toBe(true);
    await context.close();
  }, 60_000);

  it("shows a progress bar while shrinking, holds \"Kirim pengaduan\" until done, and \"Batal\" takes the photos off the form", async () => {
    // No service worker, so that the page's own requests can be held: the shrinking code, loaded when a
    // photo is chosen, does not arrive until "Batal" has been pressed.
    const context = await phoneContext(browser, { serviceWorkers: "block" });
    const page = await context.newPage();
    await page.goto(`${server.url}/complaints/new`);
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.hydrated ?? "")).toBe("true");
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route("**/build/**", async (route) => {
      await held;
      await route.continue();
    });
    await page.setInputFiles("#photos", { name: "foto.jpg", mimeType: "image/jpeg", buffer: photo });
    const progress = page.getByTestId("photo-shrink");
    await progress.waitFor();
    expect(await progress.getByText("Mengecilkan foto sebelum dikirim…").isVisible()).toBe(true);
    expect(await progress.locator("progress").count()).toBe(1);
    expect(await page.getByRole("button", { name: "Kirim pengaduan" }).isDisabled()).toBe(true);
    await progress.getByRole("button", { name: "Batal" }).click();
    release();
    await progress.waitFor({ state: "detached" });
    expect(await page.evaluate(() => (document.querySelector("#photos") as HTMLInputElement).files?.length)).toBe(0);
    expect(await page.getByRole("button", { name: "Kirim pengaduan" }).isEnabled()).toBe(true);
    await context.close();
  });
});
