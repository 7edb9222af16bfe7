import fs from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Page } from "playwright-core";
import { phoneContext, type TestBrowser } from "../support/browser";
import { startServerAndBrowser, stopServerAndBrowser, type TestServer } from "../support/server";
import { DEMO_PASSWORD } from "../../prisma/seed/demo-password";

// Issue 4's browser test: a whole sidak on a 360 px phone, signed in as the inspector, with a reload
// in the middle that loses nothing, ending with the submitted record and its Berita Acara PDF.

const INSPECTOR = "inspektur@demo.tindak.id";
const UNIT = "UPT Dukcapil Seberang Ulu Dua";
const DIRECTIVE = "Serahkan seluruh KTP-el bersama camat dan lurah dalam dua minggu.";

let server: TestServer | undefined;
let browser: TestBrowser | undefined;
let photoFile = "";

beforeAll(async () => {
  ({ server, browser } = await startServerAndBrowser());
  photoFile = path.join(path.dirname(server.dbFile), `sidak-photo-${process.pid}.jpg`);
  const jpeg = await sharp({ create: { width: 800, height: 600, channels: 3, background: { r: 160, g: 120, b: 80 } } }).jpeg().toBuffer();
  fs.writeFileSync(photoFile, jpeg);
});

afterAll(async () => {
  await stopServerAndBrowser(server, browser);
  if (photoFile) fs.rmSync(photoFile, { force: true });
});

async function signIn(page: Page) {
  await page.goto(server!.url + "/login");
  await page.getByLabel("Email").fill(INSPECTOR);
  await page.getByLabel("Kata sandi").fill(DEMO_PASSWORD);
  await Promise.all([page.waitForURL((u) => u.pathname === "/"), page.getByRole("button", { name: "Masuk" }).click()]);
}

/** Waits for the item's "saved" status, shown once the server answered the autosave. */
async function saved(item: ReturnType<Page["locator"]>) {
  await item.locator('[data-testid$="-state"]', { hasText: "Tersimpan" }).waitFor({ timeout: 15_000 });
}

describe("a sidak on a phone", () => {
  it("start, checklist, finding with photo, reload, submit, Berita Acara", async () => {
    const context = await phoneContext(browser!);
    const page = await context.newPage();
    await signIn(page);

    // Start
    await page.goto(server!.url + "/inspections/new");
    await page.waitForLoadState("networkidle");
    await page.getByLabel("Unit yang disidak").selectOption({ label: UNIT });
    const startedAt = await page.getByLabel("Waktu mulai (WIB)").inputValue();
    expect(startedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/);
    await page.getByLabel("Tim sidak").fill("Wakil Wali Kota\nKepala Dinas Dukcapil\nStaf Inspektorat");
    await Promise.all([page.waitForURL(/\/inspections\/\d+$/), page.getByRole("button", { name: "Mulai sidak" }).click()]);
    const id = Number(new URL(page.url()).pathname.split("/").pop());
    await page.waitForLoadState("networkidle");
    await expect(page.getByTestId("inspection-status").textContent()).resolves.toContain("Draf");

    // Checklist: the e-KTP item fails with its count; two items pass (each saves itself).
    const items = page.locator('li[data-testid^="item-"]');
    const ektp = items.filter({ hasText: "Tidak ada KTP-el yang sudah jadi" });
    await ektp.getByLabel(/Jumlah KTP-el/).fill("1240");
    await ektp.getByLabel("Tidak sesuai").check();
    await saved(ektp);
    const gratis = items.filter({ hasText: "GRATIS" });
    await gratis.getByLabel("Sesuai", { exact: true }).check();
    await saved(gratis);
    const greet = items.filter({ hasText: "senyum, sapa, salam" });
    await greet.getByLabel("Sesuai", { exact: true }).check();
    await saved(greet);

    // Finding from the failed item: prefilled with its category and count. Clicked once the saves and the
    // page's reloads after them are over; on a loaded CI machine (load 7.6) a click still went unanswered for
    // 30 s, as if it landed while the list re-rendered. The link is a plain GET: clicked again until the
    // page is there, and a wrong link still never gets there.
    await page.waitForLoadState("networkidle");
    await vi.waitFor(
      async () => {
        if (!/fromItem=/.test(page.url())) await Promise.all([page.waitForURL(/fromItem=/, { timeout: 5_000 }), ektp.getByRole("link", { name: "Jadikan temuan" }).click()]);
      },
      { timeout: 30_000, interval: 100 },
    );
    const form = page.locator("#finding-form");
    // The URL changes a moment before React renders the prefilled form.
    await form.getByText(/Dari butir: Tidak ada KTP-el/).waitFor();
    await expect(form.getByLabel("Kategori").inputValue()).resolves.toBe("UNDISTRIBUTED_DOCUMENT");
    await expect(form.getByLabel("Jumlah", { exact: true }).inputValue()).resolves.toBe("1240");
    await form.getByLabel("Tingkat").selectOption("HIGH");
    await form.getByLabel("Uraian temuan").fill("1.240 KTP-el jadi tersimpan dalam kardus; warga hanya diberi tahu lewat media sosial.");
    await form.getByLabel("Tanggal tertua").fill("2020-03-02");
    await form.getByLabel("Arahan kepada unit").fill(DIRECTIVE);
    await form.locator('input[name="photos"]').setInputFiles(photoFile);
    await Promise.all([page.waitForURL((u) => !u.search.includes("fromItem")), form.getByRole("button", { name: "Tambah temuan" }).click()]);
    await page.getByTestId("findings").getByText("1.240").first().waitFor();

    // A second finding is half typed when the page reloads.
    await form.getByLabel("Kategori").selectOption("FACILITY");
    await form.getByLabel("Uraian temuan").fill("Kursi ruang tunggu rusak, warga menunggu berdiri.");

    // A reload in the middle (a dropped connection, a closed tab): nothing typed is lost.
    await page.reload();
    await page.waitForLoadState("networkidle");
    await expect(ektp.getByLabel("Tidak sesuai").isChecked()).resolves.toBe(true);
    await expect(ektp.getByLabel(/Jumlah KTP-el/).inputValue()).resolves.toBe("1240");
    await expect(gratis.getByLabel("Sesuai", { exact: true }).isChecked()).resolves.toBe(true);
    await expect(greet.getByLabel("Sesuai", { exact: true }).isChecked()).resolves.toBe(true);
    const findings = page.getByTestId("findings");
    await expect(findings.textContent()).resolves.toContain(DIRECTIVE);
    await expect(findings.locator("img").count()).resolves.toBe(1);
    // 2 pass, 1 fail
    await expect(page.getByTestId("score-total").textContent()).resolves.toContain("66,7%");
    // The half-typed finding is still in its form; sending it empties the form.
    await expect(form.getByLabel("Uraian temuan").inputValue()).resolves.toBe("Kursi ruang tunggu rusak, warga menunggu berdiri.");
    await expect(form.getByLabel("Kategori").inputValue()).resolves.toBe("FACILITY");
    await form.getByRole("button", { name: "Tambah temuan" }).click();
    await findings.getByText("Kursi ruang tunggu rusak").waitFor();
    await expect(form.getByLabel("Uraian temuan").inputValue()).resolves.toBe("");

    // Submit (it asks once, tests/e2e/confirm-before-destroying.test.ts: yes)
    page.once("dialog", (dialog) => void dialog.accept());
    await Promise.all([page.waitForURL(/submitted=1/), page.getByTestId("submit-inspection").click()]);
    await page.getByTestId("inspection-status").filter({ hasText: "Terkirim" }).waitFor();
    await page.getByTestId("finding-followup").first().waitFor();
    await expect(page.getByTestId("finding-followup").first().textContent()).resolves.toMatch(/batas waktu \d+ \w+ \d{4}, 23\.59 WIB/);
    // The draft controls are gone; the record is amended, not edited.
    await expect(page.getByTestId("submit-inspection").count()).resolves.toBe(0);
    await expect(page.locator('input[name="result"]').count()).resolves.toBe(0);
    await page.getByRole("heading", { name: "Amandemen", exact: true }).waitFor();

    // The Berita Acara link answers with a PDF.
    const href = await page.getByTestId("pdf-link").getAttribute("href");
    expect(href).toBe(`/inspections/${id}/report.pdf`);
    const pdf = await page.request.get(server!.url + href);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()["content-type"]).toBe("application/pdf");
    expect((await pdf.body()).subarray(0, 5).toString()).toBe("%PDF-");
    await context.close();
  });

  it("works without JavaScript: start, save an item, add a finding, submit", async () => {
    const context = await phoneContext(browser!, { javaScriptEnabled: false });
    const page = await context.newPage();
    await signIn(page);
    await page.goto(server!.url + "/inspections/new");
    await page.getByLabel("Unit yang disidak").selectOption({ label: UNIT });
    await page.getByLabel("Tim sidak").fill("Tim tanpa JavaScript");
    await Promise.all([page.waitForURL(/\/inspections\/\d+$/), page.getByRole("button", { name: "Mulai sidak" }).click()]);
    const url = page.url();

    const gratis = page.locator('li[data-testid^="item-"]').filter({ hasText: "GRATIS" });
    await gratis.getByLabel("Tidak sesuai").check();
    await Promise.all([page.waitForLoadState("load"), gratis.getByRole("button", { name: "Simpan butir" }).click()]);
    await expect(page.locator('li[data-testid^="item-"]').filter({ hasText: "GRATIS" }).getByLabel("Tidak sesuai").isChecked()).resolves.toBe(true);

    const form = page.locator("#finding-form");
    await form.getByLabel("Kategori").selectOption("OTHER");
    await form.getByLabel("Uraian temuan").fill("Pengumuman layanan gratis tidak terpasang.");
    await form.getByLabel("Jumlah", { exact: true }).fill("-3");
    await form.getByRole("button", { name: "Tambah temuan" }).click();
    await form.getByText("Jumlah tidak boleh negatif.").waitFor();
    await expect(form.getByLabel("Uraian temuan").inputValue()).resolves.toBe("Pengumuman layanan gratis tidak terpasang.");
    await form.getByLabel("Jumlah", { exact: true }).fill("");
    await form.getByLabel("Arahan kepada unit").fill("Pasang pengumuman GRATIS di setiap loket hari ini.");
    await Promise.all([page.waitForURL((u) => u.pathname === new URL(url).pathname), form.getByRole("button", { name: "Tambah temuan" }).click()]);
    await page.getByTestId("findings").getByText("Pengumuman layanan gratis").waitFor();

    await Promise.all([page.waitForURL(/submitted=1/), page.getByTestId("submit-inspection").click()]);
    await expect(page.getByTestId("inspection-status").textContent()).resolves.toContain("Terkirim");
    await page.getByTestId("finding-followup").first().waitFor();
    await context.close();
  });
});
