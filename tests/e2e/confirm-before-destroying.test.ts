import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrowserContext, Browser, Dialog, Page } from "playwright-core";
import { desktopContext, phoneContext, signInPage } from "../support/browser";
import { insertFollowUp } from "../support/follow-up-rows";
import { startServerAndBrowser, stopServerAndBrowser, type TestServer } from "../support/server";
import { DEMO_PASSWORD } from "../../prisma/seed/demo-password";

// Issue 15, "confirm before destroying": sending a unit's answer back, deleting a draft sidak and
// submitting a sidak ask once, in Bahasa Indonesia (English after the language switch). Dismissing the
// question leaves the record as it was and posts nothing; accepting does it. Real Chromium, real server.

const INSPECTOR = "inspektur@demo.tindak.id";
const HEAD = "kepala.dukcapil-su2@demo.tindak.id";
const UNIT = "UPT Dukcapil Seberang Ulu Dua";
// The language switch's cookie (a Remix cookie: base64 of the JSON value).
const ENGLISH = { name: "tindak_lang", value: encodeURIComponent(Buffer.from(JSON.stringify("en")).toString("base64")) };

let server: TestServer | undefined;
let browser: (Browser & { cleanup(): Promise<void> }) | undefined;

beforeAll(async () => {
  ({ server, browser } = await startServerAndBrowser());
});

afterAll(() => stopServerAndBrowser(server, browser));

function query<T>(sql: string, ...params: unknown[]): T | undefined {
  const db = new Database(server!.dbFile, { readonly: true });
  db.pragma("busy_timeout = 10000");
  try {
    return db.prepare(sql).get(...params) as T | undefined;
  } finally {
    db.close();
  }
}

/** An answered follow-up of HEAD's unit, waiting for the inspector, written into the server's database. */
const answeredFollowUp = () =>
  insertFollowUp(server!.dbFile, { headEmail: HEAD, inspectorEmail: INSPECTOR, state: "ANSWERED", instruction: "Pasang papan alur layanan di ruang tunggu.", answer: "Papan sudah dipasang." });

/** Every POST the page sends, by path. */
function recordPosts(page: Page): string[] {
  const posts: string[] = [];
  page.on("request", (r) => {
    if (r.method() === "POST") posts.push(new URL(r.url()).pathname);
  });
  return posts;
}

/** Clicks `click`, answers the browser's question with `accept`, and returns the question's text. */
async function answerQuestion(page: Page, accept: boolean, click: () => Promise<void>): Promise<string> {
  // The question is modal: the click returns only once it is answered, so it is answered as it opens.
  const asked: { type?: string; message?: string } = {};
  page.once("dialog", (dialog: Dialog) => {
    Object.assign(asked, { type: dialog.type(), message: dialog.message() });
    void (accept ? dialog.accept() : dialog.dismiss());
  });
  await click();
  expect(asked.type).toBe("confirm");
  return asked.message ?? "";
}

const hydrated = (page: Page) => page.locator("html[data-hydrated]").waitFor();

/** A new draft sidak of UNIT, started through the form as an inspector does; returns its id. */
async function startDraft(page: Page): Promise<number> {
  await page.goto(server!.url + "/inspections/new");
  await hydrated(page);
  await page.getByLabel("Unit yang disidak").selectOption({ label: UNIT });
  await page.getByLabel("Tim sidak").fill("Staf Inspektorat");
  await Promise.all([page.waitForURL(/\/inspections\/\d+$/), page.getByRole("button", { name: "Mulai sidak" }).click()]);
  await hydrated(page);
  return Number(new URL(page.url()).pathname.split("/").pop());
}

const statusOf = (id: number) => query<{ status: string }>(`SELECT status FROM "Inspection" WHERE id = ?`, id)?.status ?? "gone";

describe("confirm before destroying", () => {
  it("sending an answer back asks once: Batal keeps it waiting, OK sends it back to the unit", async () => {
    const id = answeredFollowUp();
    const context = await phoneContext(browser!);
    const page = await signInPage(context, server!.url, INSPECTOR, DEMO_PASSWORD);
    const posts = recordPosts(page);
    await page.goto(`${server!.url}/follow-ups/${id}`);
    await hydrated(page);
    await page.getByLabel("Alasan pengembalian").fill("Lampirkan foto papan yang terpasang.");
    const reject = () => page.getByRole("button", { name: "Kembalikan ke unit" }).click();

    const question = await answerQuestion(page, false, reject);
    expect(question).toContain("Kembalikan jawaban ini ke unit?");
    // Nothing changed, and what was typed is still there for a second try.
    expect(await page.getByLabel("Alasan pengembalian").inputValue()).toBe("Lampirkan foto papan yang terpasang.");
    expect(query<{ state: string }>(`SELECT state FROM "FollowUp" WHERE id = ?`, id)?.state).toBe("ANSWERED");

    await Promise.all([page.waitForURL(/saved=verify/), answerQuestion(page, true, reject)]);
    await page.locator('[data-testid="state"]', { hasText: /^Terbuka$/ }).waitFor();
    expect(query<{ state: string }>(`SELECT state FROM "FollowUp" WHERE id = ?`, id)?.state).toBe("OPEN");
    expect(query<{ verdict: string }>(`SELECT verdict FROM "Response" WHERE followUpId = ?`, id)?.verdict).toBe("REJECTED");
    // One post in all: the dismissed question sent nothing.
    expect(posts.filter((p) => p === `/follow-ups/${id}`)).toHaveLength(1);
    await context.close();
  });

  it("deleting a draft sidak asks once: Batal keeps the draft, OK deletes it", async () => {
    const context = await phoneContext(browser!);
    const page = await signInPage(context, server!.url, INSPECTOR, DEMO_PASSWORD);
    const id = await startDraft(page);
    const posts = recordPosts(page);
    const discard = () => page.getByTestId("discard-inspection").click();

    const question = await answerQuestion(page, false, discard);
    expect(question).toContain("Hapus draf sidak ini?");
    expect(statusOf(id)).toBe("DRAFT");
    expect(new URL(page.url()).pathname).toBe(`/inspections/${id}`);

    await Promise.all([page.waitForURL((u) => u.pathname === "/inspections"), answerQuestion(page, true, discard)]);
    expect(statusOf(id)).toBe("gone");
    expect(posts.filter((p) => p === `/inspections/${id}`)).toHaveLength(1);
    await context.close();
  });

  it("submitting a sidak asks once: Batal keeps the draft editable, OK submits it", async () => {
    const context = await desktopContext(browser!);
    const page = await signInPage(context, server!.url, INSPECTOR, DEMO_PASSWORD);
    const id = await startDraft(page);
    const posts = recordPosts(page);
    const submit = () => page.getByTestId("submit-inspection").click();

    const question = await answerQuestion(page, false, submit);
    expect(question).toContain("Kirim sidak sekarang?");
    expect(statusOf(id)).toBe("DRAFT");

    await Promise.all([page.waitForURL(/submitted=1/), answerQuestion(page, true, submit)]);
    await page.getByTestId("inspection-status").filter({ hasText: "Terkirim" }).waitFor();
    expect(statusOf(id)).toBe("SUBMITTED");
    expect(posts.filter((p) => p === `/inspections/${id}`)).toHaveLength(1);
    await context.close();
  });

  it("asks in English after the language switch", async () => {
    const context: BrowserContext = await phoneContext(browser!);
    const page = await signInPage(context, server!.url, INSPECTOR, DEMO_PASSWORD);
    const id = await startDraft(page);
    await context.addCookies([{ ...ENGLISH, url: server!.url }]);
    await page.reload();
    await hydrated(page);
    const question = await answerQuestion(page, false, () => page.getByTestId("discard-inspection").click());
    expect(question).toContain("Delete this draft inspection?");
    expect(statusOf(id)).toBe("DRAFT");
    await context.close();
  });
});
