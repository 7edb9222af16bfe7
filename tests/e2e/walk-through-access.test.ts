import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Database from "better-sqlite3";
import type { BrowserContext, Locator, Page } from "playwright-core";
import { desktopContext, phoneContext, signInPage, type TestBrowser } from "../support/browser";
import { jpeg } from "../support/complaints";
import { saveScreenshot } from "../support/screenshots";
import { insertFollowUp } from "../support/follow-up-rows";
import { startServerAndBrowser, stopServerAndBrowser, type TestServer } from "../support/server";
import { DEMO_PASSWORD } from "../../prisma/seed/demo-password";

// Issue 16, items 6, 7 and 11: the map by keyboard, the forms' server messages for screen readers, and
// the searchable unit list; in Chromium against the real server, on a phone and on a desktop.

const INSPECTOR = "inspektur@demo.tindak.id";
const HEAD = "kepala.dukcapil-su2@demo.tindak.id";

let server: TestServer | undefined;
let browser: TestBrowser | undefined;

beforeAll(async () => {
  ({ server, browser } = await startServerAndBrowser());
});
afterAll(() => stopServerAndBrowser(server, browser));

const signIn = (context: BrowserContext, email: string) => signInPage(context, server!.url, email, DEMO_PASSWORD);

/** A follow-up for the unit of `email`'s head, written into the running server's database file. */
const addFollowUp = (email: string, state: "OPEN" | "ANSWERED") => insertFollowUp(server!.dbFile, { headEmail: email, inspectorEmail: INSPECTOR, state });

// The two screen sizes: a 390 × 844 phone and a 1280 × 800 desktop.
const PHONE = { viewport: { width: 390, height: 844 } };
const DESKTOP = { viewport: { width: 1280, height: 800 } };

/** The id of the element that has the keyboard focus (or its class when it has no id). */
const focused = (page: Page) => page.evaluate(() => document.activeElement?.id || document.activeElement?.className || "");

async function expectFieldError(page: Page, field: Locator, message: RegExp) {
  await expect.poll(() => field.getAttribute("aria-invalid")).toBe("true");
  const describedBy = (await field.getAttribute("aria-describedby"))!.split(" ");
  const texts = await Promise.all(describedBy.map((id) => page.locator(`#${id}`).textContent()));
  expect(texts.join(" ")).toMatch(message);
  // The keyboard is put on the field to fix.
  expect(await field.evaluate((el) => el === document.activeElement)).toBe(true);
}

describe("item 11: the unit list", () => {
  const visibleOptions = (page: Page) => page.locator("#unitId option").evaluateAll((os) => os.map((o) => (o.textContent ?? "").trim()).filter((t) => !t.startsWith("—")));

  it("is grouped by kind, narrows as one types (name, kind or kecamatan) and keeps the chosen unit", async () => {
    const context = await phoneContext(browser!, PHONE);
    const page = await context.newPage();
    await page.goto(server!.url + "/complaints/new");
    const groups = await page.locator("#unitId optgroup").evaluateAll((gs) => gs.map((g) => (g as HTMLOptGroupElement).label));
    expect(groups).toEqual(["UPT Dukcapil", "Puskesmas", "Kantor kecamatan", "Kantor kelurahan"]);
    const all = await visibleOptions(page);
    expect(all.length).toBeGreaterThan(50);

    const search = page.getByLabel("Cari unit: nama, jenis, atau kecamatan");
    await search.fill("puskesmas kertapati");
    // Puskesmas Keramasan lies in kecamatan Kertapati: found by its kecamatan, not its name.
    await expect.poll(() => visibleOptions(page)).toEqual(["Puskesmas Keramasan", "Puskesmas Kertapati"]);
    expect(await page.getByTestId("unit-matches").textContent()).toBe("2 unit cocok");
    await page.locator("#unitId").selectOption({ label: "Puskesmas Keramasan" });
    await page.locator(".unit-picker").scrollIntoViewIfNeeded();
    await saveScreenshot(page, "unit-picker-phone");
    // Enter in the search box does not send the form (the list already narrows as one types).
    await search.fill("zzz");
    await search.press("Enter");
    await expect.poll(() => page.getByTestId("unit-matches").textContent()).toContain('Tidak ada unit yang cocok dengan "zzz"');
    expect(page.url()).toBe(server!.url + "/complaints/new");
    expect(await visibleOptions(page)).toEqual(["Puskesmas Keramasan"]);
    await search.fill("");
    await expect.poll(async () => (await visibleOptions(page)).length).toBe(all.length);
    expect(await page.locator("#unitId").inputValue()).not.toBe("");

    // The choice is sent as the contract's `unitId`.
    await page.selectOption("#category", "WAITING_TIME");
    await page.fill("#description", "Antrean di loket pendaftaran tidak bergerak sejak pagi, nomor antrean dilewati.");
    await page.fill("#reporterPhone", "0812 1111 4444");
    await Promise.all([page.waitForURL(/\/track\//), page.click("button[value=submit]")]);
    await page.getByText("Puskesmas Keramasan").first().waitFor();
    expect(await page.getByText("Puskesmas Keramasan").count()).toBeGreaterThan(0);
    await context.close();
  });

  it("on a desktop the same list and search sit in the form's column", async () => {
    const context = await desktopContext(browser!, DESKTOP);
    const page = await context.newPage();
    await page.goto(server!.url + "/complaints/new?lat=-3.0005&lng=104.7860");
    await page.getByLabel("Cari unit: nama, jenis, atau kecamatan").fill("dukcapil seberang");
    // With a location the nearest come first, each with its distance.
    await expect.poll(() => visibleOptions(page)).toHaveLength(2);
    for (const label of await visibleOptions(page)) expect(label).toMatch(/^UPT Dukcapil Seberang Ulu (Satu|Dua) \(\d+([.,]\d)? km\)$/);
    await page.locator(".unit-picker").scrollIntoViewIfNeeded();
    await saveScreenshot(page, "unit-picker-desktop");
    await context.close();
  });

  it("without JavaScript the search is part of the complaint form and keeps what was typed", async () => {
    const context = await phoneContext(browser!, { javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(server!.url + "/complaints/new");
    await page.fill("#description", "Petugas meminta uang tambahan untuk mempercepat surat pindah.");
    await page.getByLabel("Cari unit: nama, jenis, atau kecamatan").fill("kelurahan seberang ulu dua");
    await Promise.all([page.waitForLoadState("load"), page.getByRole("button", { name: "Cari unit" }).click()]);
    await page.locator("#unitId").waitFor();
    expect(await visibleOptions(page)).toEqual(["Kantor Lurah Sentosa", "Kantor Lurah Tanggatakat"]);
    expect(await page.inputValue("#description")).toContain("uang tambahan");
    expect(await page.getByTestId("unit-matches").textContent()).toBe("2 unit cocok");
    await context.close();
  });
});

describe("item 6: the map by keyboard", () => {
  async function openMap(page: Page, query: string) {
    await page.route(/tile\.openstreetmap\.org|\/\d+\/\d+\/\d+\.png/, (route) => route.abort());
    await page.goto(`${server!.url}/map${query}`);
    await page.locator(".tk-cluster, .tk-pin, .tk-unit").first().waitFor();
    await page.locator('[data-testid="map"][aria-busy="false"]').waitFor();
  }
  const box = async (l: Locator) => (await l.boundingBox())!;
  const overlap = (a: { x: number; y: number; width: number; height: number }, b: typeof a) =>
    a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

  for (const [size, makeContext, viewport] of [
    ["phone", phoneContext, PHONE],
    ["desktop", desktopContext, DESKTOP],
  ] as const) {
    it(`${size}: a skip link passes the markers; Enter or Space on a cluster zooms into it`, async () => {
      const context = await makeContext(browser!, viewport);
      const page = await context.newPage();
      await openMap(page, "");
      // One Tab after the (folded) filters: the skip link, then straight to the list.
      await page.getByTestId("map-filters").locator("summary").focus();
      await page.keyboard.press("Tab");
      expect(await focused(page)).toBe("skip-map");
      expect((await box(page.getByTestId("skip-map"))).height).toBeGreaterThanOrEqual(44);
      await page.keyboard.press("Enter");
      await expect.poll(() => focused(page)).toBe("map-list-title");

      const zoomOf = async () => Number(await page.getByTestId("map").getAttribute("data-zoom"));
      for (const key of ["Enter", " "]) {
        const before = await zoomOf();
        await page.locator(".tk-cluster").first().focus();
        await page.keyboard.press(key);
        await expect.poll(zoomOf).toBeGreaterThan(before);
        await page.locator('[data-testid="map"][aria-busy="false"]').waitFor();
        await page.locator(".tk-cluster").first().waitFor();
      }
      // The zoom buttons stay clear of the page's other controls on the map.
      const zoomBox = await box(page.locator(".leaflet-control-zoom"));
      for (const other of [".leaflet-control-attribution", "[data-testid=tiles-failed]", ".map-main .map-status button"]) {
        const l = page.locator(other).first();
        if ((await l.count()) === 0 || !(await l.isVisible())) continue;
        expect(overlap(zoomBox, await box(l)), other).toBe(false);
      }
      await context.close();
    });

    it(`${size}: Enter on a marker moves the focus into its popup; Escape closes it and returns to the marker`, async () => {
      const context = await makeContext(browser!, viewport);
      const page = await context.newPage();
      // Units only, close enough that each is its own marker.
      await openMap(page, "?layer=units&at=-2.9909,104.7566,15");
      const marker = page.locator(".tk-unit").first();
      await marker.focus();
      const title = await marker.getAttribute("title");
      await page.keyboard.press("Enter");
      const popup = page.locator(".leaflet-popup");
      await popup.waitFor();
      await expect.poll(() => popup.evaluate((el) => el.contains(document.activeElement))).toBe(true);
      // Not under the zoom buttons once the map has panned to show it.
      await expect.poll(async () => overlap(await box(page.locator(".leaflet-control-zoom")), await box(page.locator(".leaflet-popup-content-wrapper")))).toBe(false);
      await page.locator(".map-frame").scrollIntoViewIfNeeded();
      await saveScreenshot(page, `map-keyboard-popup-${size}`);
      await page.keyboard.press("Escape");
      await popup.waitFor({ state: "detached" });
      await expect.poll(() => page.evaluate(() => (document.activeElement as HTMLElement | null)?.getAttribute("title"))).toBe(title);
      await context.close();
    });
  }
});

describe("item 7: server messages for screen readers", () => {
  it("the answer and extension forms: the server's message is tied to the field, which gets the focus", async () => {
    const id = addFollowUp(HEAD, "OPEN");
    const context = await phoneContext(browser!, PHONE);
    const page = await signIn(context, HEAD);
    await page.goto(`${server!.url}/follow-ups/${id}`);
    expect(await page.getByTestId("answer-form").getAttribute("novalidate")).not.toBeNull();
    await Promise.all([page.waitForResponse((r) => r.request().method() === "POST"), page.getByRole("button", { name: "Kirim jawaban" }).click()]);
    await expectFieldError(page, page.locator("#answer-body"), /\S/);
    await saveScreenshot(page, "follow-up-answer-error-phone");

    await Promise.all([page.waitForResponse((r) => r.request().method() === "POST"), page.getByTestId("extension-form").getByRole("button").click()]);
    await expectFieldError(page, page.locator("#ext-reason"), /\S/);
    // The answer form's message went away with its turn.
    expect(await page.locator("#answer-body").getAttribute("aria-invalid")).toBeNull();
    await context.close();
  });

  it("the reject form: a missing reason is the server's message on the field", async () => {
    const id = addFollowUp(HEAD, "ANSWERED");
    const context = await phoneContext(browser!);
    const page = await signIn(context, INSPECTOR);
    await page.goto(`${server!.url}/follow-ups/${id}`);
    await Promise.all([page.waitForResponse((r) => r.request().method() === "POST"), page.getByTestId("reject-form").getByRole("button").click()]);
    await expectFieldError(page, page.locator("#reject-reason"), /alasan/i);
    await context.close();
  });

  it("a wrong password marks both sign-in fields invalid, tied to the message", async () => {
    const context = await phoneContext(browser!, PHONE);
    const page = await context.newPage();
    await page.goto(server!.url + "/login");
    await page.getByLabel("Email").fill(INSPECTOR);
    await page.getByLabel("Kata sandi").fill("salah-sekali-2026");
    await Promise.all([page.waitForResponse((r) => r.request().method() === "POST"), page.getByRole("button", { name: "Masuk" }).click()]);
    const message = (await page.locator("#login-error").textContent())!;
    expect(message.length).toBeGreaterThan(5);
    for (const field of ["#email", "#password"]) {
      await expect.poll(() => page.locator(field).getAttribute("aria-invalid")).toBe("true");
      expect(await page.locator(field).getAttribute("aria-describedby")).toBe("login-error");
    }
    expect(await focused(page)).toBe("email");
    await saveScreenshot(page, "login-error-phone");
    await context.close();
  });

  it("a photo the reporter added later has a meaningful alt text on the triage page", async () => {
    const resident = await phoneContext(browser!);
    const page = await resident.newPage();
    await page.goto(server!.url + "/complaints/new");
    await page.locator("#unitId").selectOption({ label: "UPT Dukcapil Seberang Ulu Dua" });
    await page.selectOption("#category", "WAITING_TIME");
    await page.fill("#description", "Antrean rekam KTP tidak bergerak dua jam, nomor antrean dilewati petugas.");
    await page.fill("#reporterPhone", "0812 1111 5555");
    await Promise.all([page.waitForURL(/\/track\//), page.click("button[value=submit]")]);
    const ref = (await page.getByTestId("ref").textContent())!;
    await page.fill("#info", "Ini foto papan antrean yang mati.");
    await page.setInputFiles("input[name=photos]", { name: "papan.jpg", mimeType: "image/jpeg", buffer: await jpeg(400, 300) });
    await page.click("text=Kirim keterangan");
    await page.getByText("Keterangan Anda sudah ditambahkan.").waitFor();
    await resident.close();

    const db = new Database(server!.dbFile, { readonly: true });
    const { id } = db.prepare(`SELECT id FROM Complaint WHERE ref = ?`).get(ref) as { id: number };
    db.close();
    const staff = await phoneContext(browser!);
    const triage = await signIn(staff, INSPECTOR);
    await triage.goto(`${server!.url}/triage/${id}`);
    const img = triage.locator("img[src^='/attachments/']").last();
    await img.waitFor({ state: "attached" });
    expect(await img.getAttribute("alt")).toMatch(new RegExp(`^Foto 1 yang ditambahkan pelapor pengaduan ${ref}, `));
    await staff.close();
  });
});
