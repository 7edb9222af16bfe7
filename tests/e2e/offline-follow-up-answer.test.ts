import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { phoneContext, signInPage, type TestBrowser } from "../support/browser";
import { insertFollowUp } from "../support/follow-up-rows";
import { DEMO, DEMO_PASSWORD } from "../support/requests";
import { startServerAndBrowser, stopServerAndBrowser, type TestServer } from "../support/server";

// Issue 15, a unit head's answer without a signal, in Chromium with the network switched off: the
// answer typed on the follow-up page is kept as a draft while typed, kept in the browser's send queue
// when "Kirim" finds no connection, and sent once when the connection returns. If the follow-up changed
// meanwhile (answered from another phone), the late answer is refused, not written over the other one:
// the queue shows it with the reason and can put its text back into the form.

let server: TestServer;
let browser: TestBrowser;

beforeAll(async () => {
  ({ server, browser } = await startServerAndBrowser());
}, 120_000);

afterAll(() => stopServerAndBrowser(server, browser));

function responses(followUpId: number): Array<{ body: string }> {
  const db = new Database(server.dbFile, { readonly: true });
  try {
    return db.prepare(`SELECT body FROM "Response" WHERE followUpId = ? ORDER BY id`).all(followUpId) as Array<{ body: string }>;
  } finally {
    db.close();
  }
}

async function openFollowUp(page: Page, id: number) {
  await page.goto(`${server.url}/follow-ups/${id}`);
  await expect.poll(() => page.evaluate(() => document.documentElement.dataset.hydrated ?? "")).toBe("true");
}

/** A new OPEN follow-up of the unit head's unit (Dukcapil Seberang Ulu Dua). */
function newFollowUp(instruction: string): number {
  return insertFollowUp(server.dbFile, { headEmail: DEMO.headSu2, inspectorEmail: DEMO.inspector, state: "OPEN", instruction });
}

/** A phone of its own, signed in as the unit head, on follow-up `id` (closed after `use`). */
async function asUnitHeadOn(id: number, use: (page: Page, context: BrowserContext) => Promise<void>) {
  const context = await phoneContext(browser);
  try {
    const page = await signInPage(context, server.url, DEMO.headSu2, DEMO_PASSWORD);
    await openFollowUp(page, id);
    await use(page, context);
  } finally {
    await context.close();
  }
}

/** The same unit head answers follow-up `id` from another phone (online), and the answer is stored. */
async function answerFromAnotherPhone(id: number, body: string) {
  await asUnitHeadOn(id, async (page) => {
    await page.fill("#answer-body", body);
    await Promise.all([page.waitForURL((u) => u.pathname === `/follow-ups/${id}`), page.getByRole("button", { name: "Kirim jawaban" }).click()]);
    await expect.poll(() => responses(id).length).toBe(1);
  });
}

describe("a unit head's answer with a bad signal", () => {
  it("keeps the typed answer across a reload, queues it offline, and sends it exactly once when the connection returns", async () => {
    const id = newFollowUp("Serahkan KTP-el yang menumpuk.");
    await asUnitHeadOn(id, async (page, context) => {
      const text = "Sudah diserahkan 1.240 KTP-el kepada pemiliknya; daftar penerima terlampir di loket.";
      await page.fill("#answer-body", text);
      await page.getByTestId("draft-notice").waitFor();
      await page.reload();
      await expect.poll(() => page.evaluate(() => document.documentElement.dataset.hydrated ?? "")).toBe("true");
      await expect.poll(() => page.inputValue("#answer-body")).toBe(text);

      await context.setOffline(true);
      await page.getByRole("button", { name: "Kirim jawaban" }).click();
      await page.getByTestId("queued-notice").waitFor();
      await expect.poll(() => page.getByTestId("queued-item").count()).toBe(1);
      expect(await page.getByTestId("queued-item").innerText()).toContain(text);
      expect(responses(id)).toEqual([]);

      await context.setOffline(false);
      await page.evaluate(() => window.dispatchEvent(new Event("online")));
      await expect.poll(() => responses(id).map((r) => r.body), { timeout: 20_000 }).toEqual([text]);
      await expect.poll(() => page.locator('[data-testid="queued-item"][data-state="sent"]').count()).toBe(1);
      // Sending again (another visit, another "online") writes nothing more.
      await page.evaluate(() => window.dispatchEvent(new Event("online")));
      await openFollowUp(page, id);
      expect(responses(id)).toHaveLength(1);
    });
  });

  it("shows the server's refusal of an answer sent with a signal once, in the answer form, and writes nothing", async () => {
    const id = newFollowUp("Perbaiki kursi ruang tunggu.");
    await asUnitHeadOn(id, async (page) => {
      // The follow-up is answered from another phone while this page still shows the form.
      await answerFromAnotherPhone(id, "Kursi sudah diganti pagi ini (dari ponsel kantor).");

      await page.fill("#answer-body", "Kursi diganti, foto menyusul.");
      await page.getByRole("button", { name: "Kirim jawaban" }).click();
      const refused = page.getByTestId("answer-form").getByRole("alert");
      await refused.waitFor({ timeout: 20_000 });
      expect(await refused.innerText()).toContain("tidak sedang terbuka");
      expect(await page.getByTestId("answer-refused").count()).toBe(1);
      expect(responses(id).map((r) => r.body)).toEqual(["Kursi sudah diganti pagi ini (dari ponsel kantor)."]);
    });
  });

  it("refuses an answer queued before the follow-up was answered elsewhere, and shows it with the reason and a way back into the form", async () => {
    const id = newFollowUp("Pasang papan alur layanan.");
    await asUnitHeadOn(id, async (page, context) => {
      const late = "Papan alur sudah dipasang di dinding dekat pintu masuk, foto menyusul.";
      await page.fill("#answer-body", late);
      await context.setOffline(true);
      await page.getByRole("button", { name: "Kirim jawaban" }).click();
      await page.getByTestId("queued-notice").waitFor();

      // Meanwhile the answer arrives from another phone of the same unit head.
      await answerFromAnotherPhone(id, "Papan alur dipasang hari ini (dari ponsel kantor).");

      await context.setOffline(false);
      await page.evaluate(() => window.dispatchEvent(new Event("online")));
      const refused = page.locator('[data-testid="queued-item"][data-state="refused"]');
      await refused.waitFor({ timeout: 20_000 });
      expect(await refused.innerText()).toContain(late);
      expect(await refused.getByRole("button", { name: "Kembalikan ke formulir" }).count()).toBe(1);
      // The other answer stands; the late one was not written over it.
      expect(responses(id).map((r) => r.body)).toEqual(["Papan alur dipasang hari ini (dari ponsel kantor)."]);
    });
  });
});
