import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { launchBrowser, phoneContext } from "../support/browser";
import { startServer, stopAndClean, type TestServer } from "../support/server";

// Issue 16: what residents, inspectors and unit heads tripped on when walking every journey on a phone,
// checked in Chromium against the real server, one item at a time.

const PASSWORD = "sidak-demo-2026";
const INSPECTOR = "inspektur@demo.tindak.id";

let server: TestServer | undefined;
let browser: (Browser & { cleanup(): Promise<void> }) | undefined;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
});
afterAll(async () => {
  await browser?.cleanup();
  await stopAndClean(server);
});

async function signIn(context: BrowserContext, email: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(server!.url + "/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Kata sandi").fill(PASSWORD);
  await Promise.all([page.waitForURL((u) => u.pathname === "/"), page.getByRole("button", { name: "Masuk" }).click()]);
  return page;
}

async function optionTexts(page: Page, selector: string): Promise<string[]> {
  return page.locator(`${selector} option`).evaluateAll((options) => options.map((o) => (o.textContent ?? "").trim()));
}

describe("item 8: names and labels", () => {
  it("the follow-ups filter names each kecamatan officially, never by code", async () => {
    const context = await phoneContext(browser!);
    const page = await signIn(context, INSPECTOR);
    await page.goto(server!.url + "/follow-ups");
    const names = (await optionTexts(page, "#f-kec")).slice(1); // after "Semua"
    expect(names.length).toBeGreaterThan(3);
    for (const name of names) expect(name).not.toMatch(/\d{2}\.\d{2}/);
    expect(names).toContain("Seberang Ulu Dua");
    expect(names.some((n) => /Bukitkecil|Sematangborang|Alang-alang/.test(n))).toBe(false);
    // Choosing one filters by its code.
    await page.selectOption("#f-kec", { label: "Seberang Ulu Dua" });
    await Promise.all([page.waitForURL(/kecamatan=16\.71\.03/), page.locator("#f-kec").evaluate((s) => (s as HTMLSelectElement).form!.requestSubmit())]);
    expect(await page.locator("#f-kec").inputValue()).toBe("16.71.03");
    await context.close();
  });

  it("the admin's unit form and the public pages spell Bukit Kecil and Sematang Borang", async () => {
    const context = await phoneContext(browser!);
    const page = await signIn(context, "admin@demo.tindak.id");
    await page.goto(server!.url + "/admin/units/new");
    const kec = await page.locator("select[name=kecamatanCode] option").allTextContents();
    expect(kec).toEqual(expect.arrayContaining(["Bukit Kecil", "Sematang Borang", "Alang-Alang Lebar"]));
    await page.goto(server!.url + "/dashboard");
    const dashboard = await page.getByTestId("kecamatan").textContent();
    expect(dashboard).not.toMatch(/Bukitkecil|Sematangborang/);
    await context.close();
  });

  it("the map's status filter lists each status once", async () => {
    const context = await phoneContext(browser!);
    const page = await context.newPage();
    await page.goto(server!.url + "/map");
    const statuses = (await optionTexts(page, "#map-status")).slice(1);
    expect(statuses).toContain("Selesai");
    expect(statuses.length).toBeGreaterThan(5);
    expect(new Set(statuses).size, statuses.join(", ")).toBe(statuses.length);
    await context.close();
  });
});
