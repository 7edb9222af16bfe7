import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { phoneContext, signInPage, type TestBrowser } from "../support/browser";
import { DEMO, DEMO_PASSWORD } from "../support/requests";
import { startServerAndBrowser, stopServerAndBrowser, type TestServer } from "../support/server";
import { queryAll } from "../support/http";

// Issue 15, a whole sidak without a signal, in Chromium with the network switched off
// (context.setOffline): the inspector answers checklist items (one of them twice), records a finding
// with a photo and submits; everything waits in the browser's send queue and arrives exactly once, in
// the order it was made, when the connection returns. A queued answer that meets a sidak submitted
// elsewhere is refused and shown with its text and the reason, not written over the submitted record.

const UNIT = "UPT Dukcapil Seberang Ulu Dua";

let server: TestServer;
let browser: TestBrowser;
let photo: Buffer;

beforeAll(async () => {
  ({ server, browser } = await startServerAndBrowser());
  photo = await sharp({ create: { width: 1200, height: 900, channels: 3, background: "#996633" } }).jpeg().toBuffer();
}, 120_000);

afterAll(() => stopServerAndBrowser(server, browser));

const query = <T>(sql: string, ...params: unknown[]): T[] => queryAll<T>(server, sql, ...params);

const statusOf = (id: number) => query<{ status: string }>(`SELECT status FROM "Inspection" WHERE id = ?`, id)[0]?.status ?? "gone";

/** The sidak's stored answers: item label, result, number. */
const answersOf = (id: number) =>
  query<{ label: string; result: string; number: number | null }>(
    `SELECT i.label, a.result, a.number FROM "ChecklistAnswer" a JOIN "ChecklistItem" i ON i.id = a.itemId WHERE a.inspectionId = ? ORDER BY i.position`,
    id,
  );

const findingsOf = (id: number) =>
  query<{ id: number; description: string; photos: number }>(
    `SELECT f.id, f.description, (SELECT COUNT(*) FROM "Attachment" p WHERE p.findingId = f.id) AS photos FROM "Finding" f WHERE f.inspectionId = ? AND f.deletedAt IS NULL ORDER BY f.id`,
    id,
  );

const hydrated = (page: Page, timeout?: number) => page.locator("html[data-hydrated]").waitFor({ timeout });

/** A new draft sidak of UNIT, started through the form; the page is left open on it, its queue loaded. */
async function startDraft(page: Page): Promise<number> {
  await page.goto(server.url + "/inspections/new");
  await hydrated(page);
  await page.getByLabel("Unit yang disidak").selectOption({ label: UNIT });
  await page.getByLabel("Tim sidak").fill("Wakil Wali Kota\nStaf Inspektorat");
  // Generous waits: in CI, beside the other suites at a load of 7-10, this start once took over 30 s.
  await Promise.all([page.waitForURL(/\/inspections\/\d+$/, { waitUntil: "commit", timeout: 60_000 }), page.getByRole("button", { name: "Mulai sidak" }).click()]);
  await hydrated(page, 60_000);
  // The queue's code is fetched after hydration: wait until the page has everything it will load.
  await page.waitForLoadState("networkidle");
  return Number(new URL(page.url()).pathname.split("/").pop());
}

async function signedInInspector(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await phoneContext(browser);
  return { context, page: await signInPage(context, server.url, DEMO.inspector, DEMO_PASSWORD) };
}

const item = (page: Page, text: string) => page.locator('li[data-testid^="item-"]').filter({ hasText: text });
const itemState = (page: Page, text: string) => item(page, text).locator('[data-testid$="-state"]');

describe("a sidak without a signal", () => {
  it("keeps answers, a finding with its photo and the submission on the phone, and sends each exactly once, in order, when the signal returns", async () => {
    const { context, page } = await signedInInspector();
    try {
      const id = await startDraft(page);
      await context.setOffline(true);

      // Answers: each item shows that it waits instead of an error; "GRATIS" is answered twice.
      await item(page, "Tidak ada KTP-el yang sudah jadi").getByLabel("Tidak sesuai").check();
      await item(page, "Tidak ada KTP-el yang sudah jadi").getByLabel(/Jumlah KTP-el/).fill("1240");
      await item(page, "Tidak ada KTP-el yang sudah jadi").getByLabel(/Jumlah KTP-el/).press("Tab");
      await item(page, "GRATIS").getByLabel("Tidak sesuai").check();
      await item(page, "GRATIS").getByLabel("Sesuai", { exact: true }).check();
      await item(page, "senyum, sapa, salam").getByLabel("Sesuai", { exact: true }).check();
      const queue = page.getByTestId("sidak-queue");
      await expect.poll(() => queue.getByTestId("queued-item").count()).toBe(5);
      for (const text of ["Tidak ada KTP-el yang sudah jadi", "GRATIS", "senyum, sapa, salam"]) {
        await expect.poll(() => itemState(page, text).textContent()).toBe("Menunggu sinyal, dikirim otomatis saat koneksi kembali.");
      }
      expect(await page.getByTestId("action-error").count()).toBe(0);
      await queue.getByText(/GRATIS.*: Sesuai$/).waitFor();

      // A finding with a photo: kept, listed with its text, and the form emptied for the next one.
      const description = "Kursi ruang tunggu patah tiga buah, warga lansia menunggu berdiri (tanpa sinyal).";
      const form = page.locator("#finding-form");
      await form.getByLabel("Kategori").selectOption("FACILITY");
      await form.getByLabel("Uraian temuan").fill(description);
      await form.locator('input[name="photos"]').setInputFiles({ name: "kursi.jpg", mimeType: "image/jpeg", buffer: photo });
      await form.getByRole("button", { name: "Tambah temuan" }).click();
      await page.getByTestId("finding-queued").waitFor();
      const findingItem = queue.getByTestId("queued-item").filter({ hasText: description });
      await findingItem.waitFor();
      expect(await findingItem.innerText()).toContain("1 foto");
      await expect.poll(() => form.getByLabel("Uraian temuan").inputValue()).toBe("");

      // The submission still asks once, then waits behind them.
      const asked: string[] = [];
      page.once("dialog", (dialog) => {
        asked.push(dialog.message());
        void dialog.accept();
      });
      await page.getByTestId("submit-inspection").click();
      await page.getByTestId("submit-queued").waitFor();
      expect(asked[0]).toContain("Kirim sidak sekarang?");
      await expect.poll(() => queue.getByRole("heading").textContent()).toBe("7 perubahan menunggu dikirim");
      // Nothing has reached the server yet.
      expect(statusOf(id)).toBe("DRAFT");
      expect(answersOf(id)).toEqual([]);
      expect(findingsOf(id)).toEqual([]);

      // The signal returns: everything arrives, and the page shows the submitted sidak.
      await context.setOffline(false);
      await page.locator('[data-testid="inspection-page"][data-status="SUBMITTED"]').waitFor({ timeout: 30_000 });
      await page.waitForURL(/submitted=1/);
      await page.getByText(/^Sidak terkirim/).waitFor();
      await expect.poll(() => page.getByTestId("sidak-queue").count()).toBe(0);
      expect(statusOf(id)).toBe("SUBMITTED");
      // One answer per item, the last choice of each.
      const stored = answersOf(id);
      const answerTo = (text: string) => stored.filter((a) => a.label.includes(text)).map(({ result, number }) => ({ result, number }));
      expect(stored).toHaveLength(3);
      expect(answerTo("Tidak ada KTP-el yang sudah jadi")).toEqual([{ result: "FAIL", number: 1240 }]);
      expect(answerTo("GRATIS")).toEqual([{ result: "PASS", number: null }]);
      expect(answerTo("senyum, sapa, salam")).toEqual([{ result: "PASS", number: null }]);
      const findings = findingsOf(id);
      expect(findings).toEqual([{ id: expect.any(Number), description, photos: 1 }]);

      // In the order they were made: the five answers (FAIL before PASS for GRATIS), then the finding, then the submission.
      const events = query<{ action: string; after: string }>(
        `SELECT action, after FROM "AuditEvent" WHERE (entityType = 'Inspection' AND entityId = ?) OR (entityType = 'Finding' AND entityId = ?) ORDER BY id`,
        String(id),
        String(findings[0]!.id),
      ).filter((e) => ["inspection.answer", "finding.create", "inspection.submit"].includes(e.action));
      expect(events.map((e) => e.action)).toEqual(["inspection.answer", "inspection.answer", "inspection.answer", "inspection.answer", "inspection.answer", "finding.create", "inspection.submit"]);
      expect(events.slice(0, 5).map((e) => (JSON.parse(e.after) as { result: string; number: number | null }).result)).toEqual(["FAIL", "FAIL", "FAIL", "PASS", "PASS"]);

      // The page shows what arrived: the finding with its photo. Another `online` sends nothing again.
      await page.getByTestId("findings").getByText(description).waitFor();
      expect(await page.getByTestId("findings").locator("img").count()).toBe(1);
      await page.evaluate(() => window.dispatchEvent(new Event("online")));
      await page.reload();
      await hydrated(page);
      await page.waitForLoadState("networkidle");
      expect(findingsOf(id)).toHaveLength(1);
      expect(answersOf(id)).toHaveLength(3);
    } finally {
      await context.close();
    }
  }, 150_000);

  it("shows a queued answer and finding refused because the sidak was submitted from another phone, with their text and the reason", async () => {
    const { context, page } = await signedInInspector();
    try {
      const id = await startDraft(page);
      // The service worker controls the page (it keeps the offline page for a link followed without a signal).
      await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
      await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
      // With a signal an answer goes through the queue at once and is saved.
      await item(page, "GRATIS").getByLabel("Tidak sesuai").check();
      await expect.poll(() => itemState(page, "GRATIS").textContent()).toBe("Tersimpan");
      // ... and the page reads the sidak again (its progress comes from the server).
      await expect.poll(() => page.getByTestId("sidak-progress-count").textContent()).toMatch(/^1 dari \d+ terjawab$/);

      await context.setOffline(true);
      await item(page, "senyum, sapa, salam").getByLabel("Tidak sesuai").check();
      const description = "Pengumuman layanan gratis tidak terpasang di loket (dicatat tanpa sinyal).";
      const form = page.locator("#finding-form");
      await form.getByLabel("Uraian temuan").fill(description);
      await form.getByRole("button", { name: "Tambah temuan" }).click();
      await expect.poll(() => page.getByTestId("sidak-queue").getByTestId("queued-item").count()).toBe(2);
      // A link of the page followed without a signal opens the offline page, not an error page.
      await item(page, "GRATIS").getByRole("link", { name: "Jadikan temuan" }).click();
      await page.waitForURL((u) => u.pathname === "/offline");
      await page.getByRole("heading", { name: "Tidak ada koneksi internet" }).waitFor();

      // Meanwhile the same inspector submits the sidak from another phone.
      const other = await signedInInspector();
      try {
        await other.page.goto(`${server.url}/inspections/${id}`);
        await hydrated(other.page);
        other.page.once("dialog", (dialog) => void dialog.accept());
        await Promise.all([other.page.waitForURL(/submitted=1/), other.page.getByTestId("submit-inspection").click()]);
        expect(statusOf(id)).toBe("SUBMITTED");
      } finally {
        await other.context.close();
      }

      // The signal returns; the next visit to the sidak sends what waits, and the server refuses both.
      await context.setOffline(false);
      await page.goto(`${server.url}/inspections/${id}`);
      const queue = page.getByTestId("sidak-queue");
      const refused = queue.locator('[data-testid="queued-item"][data-state="refused"]');
      await expect.poll(() => refused.count(), { timeout: 30_000 }).toBe(2);
      const answer = refused.filter({ hasText: "senyum, sapa, salam" });
      expect(await answer.locator(".queued-text").innerText()).toMatch(/senyum, sapa, salam: Tidak sesuai$/);
      expect(await answer.getByTestId("queued-refusal").innerText()).toBe(
        "Tidak diterima (kode 409). Isinya tetap tercantum di sini agar bisa dibandingkan dengan halaman; tutup bila sudah tidak diperlukan. Sidak sudah dikirim dan tidak bisa diubah lagi. Tambahkan amandemen.",
      );
      const finding = refused.filter({ hasText: description });
      expect(await finding.getByTestId("queued-refusal").innerText()).toContain("Sidak sudah dikirim dan tidak bisa diubah lagi.");
      // Both are seen next to the sidak as it now is (submitted elsewhere); neither was written into it.
      await page.locator('[data-testid="inspection-page"][data-status="SUBMITTED"]').waitFor();
      expect(answersOf(id).map((a) => a.result)).toEqual(["FAIL"]);
      expect(answersOf(id)[0]!.label).toContain("GRATIS");
      expect(findingsOf(id)).toEqual([]);
      expect(query(`SELECT id FROM "InspectionAmendment" WHERE inspectionId = ?`, id)).toEqual([]);

      // The inspector decides: closing an item takes it off the phone; the other stays after a reload.
      await answer.getByRole("button", { name: "Tutup" }).click();
      await expect.poll(() => refused.count()).toBe(1);
      await page.reload();
      await hydrated(page);
      await expect.poll(() => page.getByTestId("sidak-queue").locator('[data-state="refused"]').count()).toBe(1);
      expect(await page.getByTestId("sidak-queue").innerText()).toContain(description);
    } finally {
      await context.close();
    }
  }, 150_000);
});
