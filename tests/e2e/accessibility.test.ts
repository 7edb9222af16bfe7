import fs from "node:fs";
import { createRequire } from "node:module";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Database from "better-sqlite3";
import type { BrowserContext, Page } from "playwright-core";
import { launchBrowser } from "../support/browser";
import { startServer, stopAndClean, type TestServer } from "../support/server";

// Issue 16: axe-core (WCAG 2.1 A and AA rules) over every page and role at phone size (390 × 844).
// Zero serious or critical violations. axe's own source is injected into each page.

const require = createRequire(import.meta.url);
let axeSource = "";
const PASSWORD = "sidak-demo-2026";

let server: TestServer;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let ids: { complaintRef: string; unitId: number; inspectionId: number; followUpSu2: number; triageId: number; userId: number; unitAdminId: number; checklistId: number };

beforeAll(async () => {
  axeSource = fs.readFileSync(require.resolve("axe-core"), "utf8");
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  const db = new Database(server.dbFile, { readonly: true });
  try {
    const one = <T>(sql: string) => {
      const row = db.prepare(sql).get() as T | undefined;
      if (!row) throw new Error(`no row for ${sql}`);
      return row;
    };
    const su2 = one<{ id: number }>(`SELECT id FROM Unit WHERE name = 'UPT Dukcapil Seberang Ulu Dua'`).id;
    ids = {
      complaintRef: one<{ ref: string }>(`SELECT ref FROM Complaint WHERE privacy = 'public' AND status NOT IN ('REJECTED','DUPLICATE') ORDER BY id LIMIT 1`).ref,
      unitId: su2,
      inspectionId: one<{ id: number }>(`SELECT id FROM Inspection WHERE unitId = ${su2} ORDER BY id LIMIT 1`).id,
      followUpSu2: one<{ id: number }>(`SELECT id FROM FollowUp WHERE unitId = ${su2} ORDER BY state = 'OPEN' DESC, id LIMIT 1`).id,
      triageId: one<{ id: number }>(`SELECT id FROM Complaint ORDER BY id DESC LIMIT 1`).id,
      userId: one<{ id: number }>(`SELECT id FROM User ORDER BY id LIMIT 1`).id,
      unitAdminId: su2,
      checklistId: one<{ id: number }>(`SELECT id FROM ChecklistTemplate ORDER BY id LIMIT 1`).id,
    };
  } finally {
    db.close();
  }
}, 180_000);

afterAll(async () => {
  await browser?.cleanup();
  await stopAndClean(server);
});

function phone(): Promise<BrowserContext> {
  // bypassCSP: the app's CSP (rightly) refuses the injected axe script.
  return browser.newContext({ bypassCSP: true, viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true, locale: "id-ID", timezoneId: "Asia/Jakarta" });
}

async function signedIn(email: string): Promise<BrowserContext> {
  const context = await phone();
  const page = await context.newPage();
  await page.goto(`${server.url}/login`);
  await page.fill("#email", email);
  await page.fill("#password", PASSWORD);
  await Promise.all([page.waitForURL((u) => u.pathname !== "/login"), page.locator("form button[type=submit]").last().click()]);
  await page.close();
  return context;
}

type Violation = { id: string; impact: string; help: string; nodes: Array<{ target: string[] }> };

async function seriousViolations(page: Page, path: string): Promise<string[]> {
  const res = await page.goto(`${server.url}${path}`, { waitUntil: "load" });
  expect(res?.status(), path).toBe(path.includes("SALAH") ? 404 : 200); // a wrong code is a 404 page with help
  await page.addScriptTag({ content: axeSource });
  const violations = (await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: unknown) => Promise<{ violations: unknown[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
    return result.violations;
  })) as Violation[];
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${path}: ${v.id} (${v.impact}) ${v.help} at ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
}

/** A path with `:name` placeholders for the ids looked up in beforeAll. */
function resolve(path: string): string {
  return path.replace(/:(\w+)/g, (_, key: keyof typeof ids) => String(ids[key]));
}

// One test per page (named by it, so a failure says where), one signed-in context per role.
const ROLES: Array<{ role: string; email: string | null; paths: string[] }> = [
  {
    role: "signed out, and the resident's tracking page",
    email: null,
    paths: [
      "/",
      "/complaints/new",
      "/complaints",
      "/complaints/:complaintRef",
      "/track",
      "/track/DEMO-LACAK-SU2-2026",
      "/track/DEMO-LACAK-PUNGLI-2026",
      "/track/KODE-YANG-SALAH-SEKALI-2026",
      "/map",
      "/dashboard",
      "/units/:unitId",
      "/login",
    ],
  },
  {
    role: "inspector",
    email: "inspektur@demo.tindak.id",
    paths: [
      "/",
      "/inspections",
      "/inspections/new",
      "/inspections/:inspectionId",
      "/inspections/:inspectionId/print",
      "/follow-ups",
      "/follow-ups/:followUpSu2",
      "/triage",
      "/triage/:triageId",
      "/escalations",
      "/notifications",
    ],
  },
  { role: "unit head", email: "kepala.dukcapil-su2@demo.tindak.id", paths: ["/", "/follow-ups", "/follow-ups/:followUpSu2", "/notifications"] },
  {
    role: "admin",
    email: "admin@demo.tindak.id",
    paths: [
      "/admin",
      "/admin/users",
      "/admin/users/:userId",
      "/admin/users/new",
      "/admin/units",
      "/admin/units/:unitAdminId",
      "/admin/checklists",
      "/admin/checklists/:checklistId",
      "/admin/deadline-rules",
      "/admin/holidays",
      "/admin/api-keys",
      "/admin/outbox",
    ],
  },
];

describe("axe-core, WCAG 2.1 AA, phone size: no serious or critical violation", () => {
  for (const { role, email, paths } of ROLES) {
    describe(role, () => {
      let context: BrowserContext | undefined;
      let page: Page;
      beforeAll(async () => {
        context = email ? await signedIn(email) : await phone();
        page = await context.newPage();
      }, 60_000);
      afterAll(async () => context?.close());
      for (const path of paths) it(path, async () => expect(await seriousViolations(page, resolve(path))).toEqual([]), 60_000);
    });
  }
});
