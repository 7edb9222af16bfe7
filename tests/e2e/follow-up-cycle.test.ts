import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { runPaths } from "../setup/paths";
import { desktopContext, phoneContext, signInPage, type TestBrowser } from "../support/browser";
import { startServerAndBrowser, stopServerAndBrowser, type TestServer } from "../support/server";
import { DEMO_PASSWORD } from "../../prisma/seed/demo-password";

// Issue 5's browser test: a unit head answers, the inspector rejects, the unit head answers again, the
// inspector accepts; the resident's tracking page then shows all four steps. Real Chromium, real server.

const HEAD = "kepala.dukcapil-su2@demo.tindak.id";
const INSPECTOR = "inspektur@demo.tindak.id";
const CODE = `E2E-LACAK-${crypto.randomBytes(6).toString("hex")}`;

let server: TestServer | undefined;
let browser: TestBrowser | undefined;
let followUpId = 0;

/** A complaint with a known tracking code (only its SHA-256 is stored) sent to the unit as a follow-up. */
function prepareDatabase(): string {
  const { runDir, baseDb } = runPaths(inject("runDir"));
  const file = path.join(runDir, `e2e-fu-${crypto.randomBytes(4).toString("hex")}.db`);
  fs.copyFileSync(baseDb, file);
  const db = new Database(file);
  const now = Date.now();
  const head = db.prepare(`SELECT unitId FROM "User" WHERE email = ?`).get(HEAD) as { unitId: number };
  const inspector = db.prepare(`SELECT id FROM "User" WHERE email = ?`).get(INSPECTOR) as { id: number };
  const complaintId = Number(
    db
      .prepare(
        `INSERT INTO "Complaint" (ref, trackingHash, unitId, category, privacy, description, status, source, meTooCount, createdAt, updatedAt)
         VALUES (?, ?, ?, 'UNDISTRIBUTED_DOCUMENT', 'public', 'KTP-el saya belum diserahkan sejak Agustus.', 'SENT', 'WEB', 0, ?, ?)`,
      )
      .run(`ADU-E2E-${crypto.randomBytes(3).toString("hex").toUpperCase()}`, crypto.createHash("sha256").update(CODE).digest("hex"), head.unitId, now, now).lastInsertRowid,
  );
  const due = now + 7 * 86_400_000;
  followUpId = Number(
    db
      .prepare(
        `INSERT INTO "FollowUp" (sourceType, complaintId, unitId, instruction, category, severity, state, ackDueAt, dueAt, originalDueAt, escalationLevel, createdById, createdAt, updatedAt)
         VALUES ('COMPLAINT', ?, ?, 'Serahkan KTP-el pelapor dan laporkan.', 'UNDISTRIBUTED_DOCUMENT', 'MEDIUM', 'OPEN', ?, ?, ?, 0, ?, ?, ?)`,
      )
      .run(complaintId, head.unitId, due, due, due, inspector.id, now, now).lastInsertRowid,
  );
  db.close();
  return file;
}

function signIn(context: BrowserContext, email: string): Promise<Page> {
  return signInPage(context, server!.url, email, DEMO_PASSWORD);
}

/** Waits until the page shows the state (the URL changes a moment before React renders the new data). */
async function stateIs(page: Page, label: string) {
  await page.locator('[data-testid="state"]', { hasText: new RegExp(`^${label}$`) }).waitFor({ timeout: 10_000 });
}

beforeAll(async () => {
  const dbFile = prepareDatabase();
  ({ server, browser } = await startServerAndBrowser({}, { dbFile }));
});

afterAll(() => stopServerAndBrowser(server, browser));

describe("a follow-up's whole life in the browser", () => {
  it("answer, reject, answer again, accept; the resident sees all four steps", async () => {
    const headPage = await signIn(await phoneContext(browser!), HEAD);
    const inspectorPage = await signIn(await desktopContext(browser!), INSPECTOR);
    const fuUrl = `${server!.url}/follow-ups/${followUpId}`;

    // The unit head finds it in the inbox.
    await headPage.goto(server!.url + "/follow-ups");
    await headPage.locator(`[data-id="${followUpId}"] a`).click();
    await headPage.waitForURL((u) => u.pathname === `/follow-ups/${followUpId}`);
    await headPage.getByLabel("Apa yang sudah dilakukan").fill("Sudah kami telepon; KTP-el siap diambil di loket 1.");
    await Promise.all([headPage.waitForURL(/saved=answer/), headPage.getByRole("button", { name: "Kirim jawaban" }).click()]);
    await stateIs(headPage, "Dijawab");

    await inspectorPage.goto(fuUrl);
    await inspectorPage.getByLabel("Alasan pengembalian").fill("Mohon antar langsung ke rumah pelapor.");
    // Sending the answer back asks once (tests/e2e/confirm-before-destroying.test.ts): yes.
    inspectorPage.once("dialog", (dialog) => void dialog.accept());
    await Promise.all([inspectorPage.waitForURL(/saved=verify/), inspectorPage.getByRole("button", { name: "Kembalikan ke unit" }).click()]);
    await stateIs(inspectorPage, "Terbuka");

    await headPage.goto(fuUrl);
    await headPage.getByLabel("Apa yang sudah dilakukan").fill("KTP-el sudah diantar ke rumah pelapor pada hari ini.");
    await Promise.all([headPage.waitForURL(/saved=answer/), headPage.getByRole("button", { name: "Kirim jawaban" }).click()]);

    await inspectorPage.goto(fuUrl);
    await Promise.all([inspectorPage.waitForURL(/saved=verify/), inspectorPage.getByRole("button", { name: "Terima, tindak lanjut selesai" }).click()]);
    await stateIs(inspectorPage, "Selesai");
    // The unit head has no form left, and the history shows every step.
    await headPage.goto(fuUrl);
    expect(await headPage.getByTestId("answer-form").count()).toBe(0);
    const timeline = await headPage.getByTestId("timeline").innerText();
    for (const step of ["Unit menjawab", "Jawaban dikembalikan", "Jawaban diterima, selesai"]) expect(timeline).toContain(step);

    // The resident, with no account, follows it with the tracking code.
    const resident = await (await phoneContext(browser!)).newPage();
    await resident.goto(`${server!.url}/track/${CODE}`);
    const history = await resident.getByTestId("history").innerText();
    const steps = [
      "Sudah kami telepon; KTP-el siap diambil di loket 1.",
      "Mohon antar langsung ke rumah pelapor.",
      "KTP-el sudah diantar ke rumah pelapor pada hari ini.",
      "Selesai",
    ];
    let at = -1;
    for (const step of steps) {
      const next = history.indexOf(step, at + 1);
      expect(next, `"${step}" after position ${at} in:\n${history}`).toBeGreaterThan(at);
      at = next;
    }
  });
});
