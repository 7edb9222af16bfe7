import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { phoneContext, type TestBrowser } from "../support/browser";
import { startServerAndBrowser, stopServerAndBrowser, type TestServer } from "../support/server";

// Issue 15, drafts as you type: what a resident types in the complaint form stays in the browser until
// it is sent or discarded; a reload (or a crashed tab) gives it back.

let server: TestServer;
let browser: TestBrowser;

beforeAll(async () => {
  ({ server, browser } = await startServerAndBrowser());
}, 120_000);

afterAll(() => stopServerAndBrowser(server, browser));

const DESCRIPTION = "Loket rekam KTP tutup sejak pagi padahal jadwal buka jam delapan, warga menunggu di luar.";

async function openForm(page: Page) {
  await page.goto(`${server.url}/complaints/new`);
  await expect.poll(() => page.evaluate(() => document.documentElement.dataset.hydrated ?? "")).toBe("true");
}

async function unitValue(page: Page, namePart: string): Promise<string> {
  const value = await page.$$eval(
    "#unitId option",
    (options, part) => (options as HTMLOptionElement[]).find((o) => o.textContent?.includes(part))?.value ?? "",
    namePart,
  );
  expect(value).not.toBe("");
  return value;
}

describe("complaint form drafts", () => {
  it("gives back what was typed after a reload, and empties the form when the draft is discarded", async () => {
    const context = await phoneContext(browser);
    const page = await context.newPage();
    await openForm(page);
    // Clicked before unit and category are chosen: once both are, the similar complaints are looked up and
    // may appear above the privacy choice, moving it while the click is on its way (a click lands where
    // the radio was; the fields below are filled by name, not by position).
    await page.check("#privacy-public");
    const unit = await unitValue(page, "Dukcapil Seberang Ulu Dua");
    await page.selectOption("#unitId", unit);
    await page.selectOption("#category", "WAITING_TIME");
    await page.fill("#description", DESCRIPTION);
    await page.fill("#reporterName", "Sari Warga");
    await page.getByTestId("draft-notice").getByText("disimpan di perangkat ini").waitFor();

    await page.reload();
    await page.getByTestId("draft-notice").getByText("dikembalikan").waitFor();
    await expect.poll(() => page.inputValue("#description")).toBe(DESCRIPTION);
    expect(await page.inputValue("#unitId")).toBe(unit);
    expect(await page.inputValue("#category")).toBe("WAITING_TIME");
    expect(await page.isChecked("#privacy-public")).toBe(true);
    expect(await page.inputValue("#reporterName")).toBe("Sari Warga");

    // "Buang draf" asks once, then the form is empty, and stays empty after a reload.
    page.once("dialog", (dialog) => void dialog.accept());
    await page.getByRole("button", { name: "Buang draf" }).click();
    await expect.poll(() => page.inputValue("#description")).toBe("");
    expect(await page.isChecked("#privacy-anonymous")).toBe(true);
    await page.getByTestId("draft-notice").waitFor({ state: "detached" });
    await openForm(page);
    expect(await page.inputValue("#description")).toBe("");
    expect(await page.inputValue("#reporterName")).toBe("");
    await context.close();
  });

  it("forgets the draft once the complaint is sent", async () => {
    const context = await phoneContext(browser);
    const page = await context.newPage();
    await openForm(page);
    await page.selectOption("#unitId", await unitValue(page, "Dukcapil Seberang Ulu Dua"));
    // The similar complaints looked up for unit and category may appear above the button: clicked after.
    const lookedUp = page.waitForResponse((response) => response.url().includes("category=FACILITY"));
    await page.selectOption("#category", "FACILITY");
    await lookedUp;
    await page.fill("#description", DESCRIPTION);
    await page.getByTestId("draft-notice").waitFor();
    await Promise.all([page.waitForURL(/\/track\//), page.click("button[value=submit]")]);
    await page.getByTestId("tracking-code").waitFor();

    await openForm(page);
    expect(await page.inputValue("#description")).toBe("");
    expect(await page.inputValue("#category")).toBe("");
    expect(await page.getByTestId("draft-notice").count()).toBe(0);
    await context.close();
  });
});
