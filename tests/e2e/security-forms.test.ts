import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";
import Database from "better-sqlite3";
import { inject } from "vitest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runPaths } from "../setup/paths";
import { startServer, stopAndClean, type TestServer } from "../support/server";
import { DEMO, DEMO_PASSWORD } from "../support/requests";
import { sessionCookie } from "../support/http";
import { fill, routeTable, type RouteInfo } from "../support/routes";
import { GOOD_DESCRIPTION, jpeg } from "../support/complaints";
import { launchBrowser, desktopContext } from "../support/browser";
import { mailText, startCapturingSmtp } from "../support/smtp";

// Issue 9, security 4 "Forms", against the real production server: cross-origin posts refused on every
// route, no GET (page or ?_data= payload) changes the database, fields outside a form's schema are ignored,
// and hostile text in every field a person can fill is shown as text in Chromium (no dialog, no <img src=x>).

const P_IMG = "<img src=x onerror=alert(1)>";
const P_SCRIPT = "</script><script>alert(1)</script>";
const XSS = `${P_IMG} ${P_SCRIPT}`;

let server: TestServer;
let su2 = 0;
const cookies: Record<string, string> = {};
const ctx = { complaintId: 0, ref: "", code: "", followUpId: 0, findingFollowUpId: 0, inspectionId: 0, attachmentId: 0, userId: 0, templateId: 0 };

function post(pathname: string, cookie: string, fields: Record<string, string> | URLSearchParams, origin = server.url) {
  return fetch(server.url + pathname, {
    method: "POST",
    redirect: "manual",
    headers: { ...(cookie ? { cookie } : {}), origin, "content-type": "application/x-www-form-urlencoded" },
    body: fields instanceof URLSearchParams ? fields : new URLSearchParams(fields),
  });
}

function sql() {
  return new Database(server.dbFile, { readonly: true });
}

/** A digest of every table; sessions only by id and user (a visit may refresh their last-seen time). */
function checksum(): Record<string, string> {
  const db = sql();
  const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_prisma%'`).all() as Array<{ name: string }>).map((t) => t.name);
  const out: Record<string, string> = {};
  for (const t of tables) {
    const rows = t === "Session" ? db.prepare(`SELECT id, userId FROM "Session" ORDER BY id`).all() : db.prepare(`SELECT * FROM "${t}" ORDER BY rowid`).all();
    out[t] = `${rows.length}:${crypto.createHash("sha256").update(JSON.stringify(rows)).digest("hex").slice(0, 16)}`;
  }
  db.close();
  return out;
}

function changed(before: Record<string, string>, after: Record<string, string>) {
  return Object.keys({ ...before, ...after }).filter((t) => before[t] !== after[t]);
}

/** Real values for each route's params; a new param route must be added here. */
function urlsFor(route: RouteInfo): string[] {
  const p: Record<string, Array<Record<string, string | number>>> = {
    "routes/admin.checklists.$id": [{ id: ctx.templateId }],
    "routes/admin.units.$id": [{ id: su2 }],
    "routes/admin.users.$id": [{ id: ctx.userId }],
    "routes/attachments.$id": [{ id: ctx.attachmentId }],
    "routes/complaints.$ref": [{ ref: ctx.ref }],
    "routes/follow-ups.$id": [{ id: ctx.followUpId }],
    "routes/inspections.$id": [{ id: ctx.inspectionId }],
    "routes/inspections.$id_.print": [{ id: ctx.inspectionId }],
    "routes/inspections.$id.report[.]pdf": [{ id: ctx.inspectionId }],
    "routes/open311.v2.$file": [{ file: "discovery.json" }, { file: "services.json" }, { file: "requests.json" }],
    "routes/open311.v2.$": [{ splat: "tidak-ada.json" }],
    "routes/open311.v2.requests.$file": [{ file: `${ctx.ref}.json` }],
    "routes/open311.v2.services.$file": [{ file: "EXTORTION.json" }],
    "routes/open311.v2.tokens.$file": [{ file: "0123456789abcdef.json" }],
    "routes/track.$code": [{ code: ctx.code }],
    "routes/track.$code.photos.$id": [{ code: ctx.code, id: ctx.attachmentId }],
    "routes/triage.$id": [{ id: ctx.complaintId }],
    "routes/units.$id": [{ id: su2 }],
  };
  if (route.params.length === 0) return [route.pattern];
  const values = p[route.id];
  if (!values) throw new Error(`${route.id} has params: add real values for it to urlsFor() in tests/e2e/security-forms.test.ts`);
  return values.map((v) => fill(route.pattern, v));
}

beforeAll(async () => {
  // Hostile text in a unit's name (only admins can type it; set in the copy before the server starts).
  const { runDir, baseDb } = runPaths(inject("runDir"));
  const dbFile = path.join(runDir, `security-forms-${crypto.randomBytes(3).toString("hex")}.db`);
  fs.copyFileSync(baseDb, dbFile);
  const pre = new Database(dbFile);
  su2 = (pre.prepare(`SELECT id FROM Unit WHERE name = 'UPT Dukcapil Seberang Ulu Dua'`).get() as { id: number }).id;
  pre.prepare(`UPDATE Unit SET name = name || ' ' || ? WHERE id = ?`).run(XSS, su2);
  ctx.userId = (pre.prepare(`SELECT id FROM User WHERE email = ?`).get(DEMO.headSu2) as { id: number }).id;
  ctx.templateId = (pre.prepare(`SELECT id FROM ChecklistTemplate ORDER BY id LIMIT 1`).get() as { id: number }).id;
  pre.close();
  server = await startServer({}, { dbFile });
  for (const [k, email] of Object.entries({ head: DEMO.headSu2, inspector: DEMO.inspector, admin: DEMO.admin, otherHead: DEMO.headAal })) cookies[k] = await sessionCookie(server, email);

  // A public complaint with hostile description and name, a photo, sent to the unit.
  const form = new FormData();
  const fields = { unitId: String(su2), category: "WAITING_TIME", privacy: "public", lat: "-3.0010", lng: "104.7700", description: `${GOOD_DESCRIPTION} ${XSS}`, reporterName: `Warga ${P_IMG}`, reporterPhone: "081234500000" };
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append("photos", new File([new Uint8Array(await jpeg(80, 60))], "f.jpg", { type: "image/jpeg" }));
  const res = await fetch(`${server.url}/complaints/new`, { method: "POST", body: form, redirect: "manual", headers: { origin: server.url } });
  expect(res.status, await res.clone().text()).toBe(303);
  ctx.code = decodeURIComponent(res.headers.get("location")!.replace("/track/", ""));
  let db = sql();
  const c = db.prepare(`SELECT id, ref FROM Complaint ORDER BY id DESC LIMIT 1`).get() as { id: number; ref: string };
  ctx.complaintId = c.id;
  ctx.ref = c.ref;
  ctx.attachmentId = (db.prepare(`SELECT id FROM Attachment WHERE complaintId = ?`).get(c.id) as { id: number }).id;
  db.close();
  expect((await post(`/triage/${c.id}`, cookies.inspector!, { intent: "send", instruction: `Periksa loket. ${XSS}`, severity: "HIGH" })).status).toBe(303);
  // The resident adds information on the tracking page.
  await post(`/track/${encodeURIComponent(ctx.code)}`, "", { intent: "info", body: `Tambahan dari warga ${XSS}` });

  // A sidak with a hostile finding and directive, submitted.
  const startedAt = new Date(Date.now() + 7 * 3600_000 - 120_000).toISOString().slice(0, 16);
  const started = await post("/inspections/new", cookies.inspector!, { unitId: String(su2), startedAt, team: `Tim ${XSS}`, trigger: "ROUTINE" });
  expect(started.status, await started.clone().text()).toBe(303);
  ctx.inspectionId = Number(started.headers.get("location")!.split("/").pop());
  const finding = await post(`/inspections/${ctx.inspectionId}`, cookies.inspector!, {
    intent: "finding-create", category: "FACILITY", severity: "MEDIUM", description: `Ruang tunggu sempit ${XSS}`, directive: `Tambah kursi ${XSS}`,
  });
  expect(finding.status).toBeLessThan(400);
  expect((await post(`/inspections/${ctx.inspectionId}`, cookies.inspector!, { intent: "submit" })).status).toBeLessThan(400);

  db = sql();
  ctx.followUpId = (db.prepare(`SELECT id FROM FollowUp WHERE complaintId = ?`).get(c.id) as { id: number }).id;
  ctx.findingFollowUpId = (db.prepare(`SELECT f.id FROM FollowUp f JOIN Finding d ON d.id = f.findingId WHERE d.inspectionId = ?`).get(ctx.inspectionId) as { id: number }).id;
  db.close();
  // The unit head answers with hostile text.
  const answer = await post(`/follow-ups/${ctx.followUpId}`, cookies.head!, { intent: "answer", body: `Sudah kami perbaiki ${XSS}` });
  expect(answer.status, await answer.clone().text()).toBe(303);
}, 240_000);

afterAll(async () => stopAndClean(server));

const routes = routeTable();

describe("cross-origin posts", () => {
  it("every route refuses a POST from another origin with 403 and changes nothing (Open311: API key instead)", async () => {
    const before = checksum();
    const problems: string[] = [];
    let refused = 0;
    for (const route of routes) {
      for (const url of urlsFor(route)) {
        for (const role of ["admin", "inspector", "head"]) {
          const res = await post(url, cookies[role]!, { intent: "save", email: DEMO.admin, password: DEMO_PASSWORD, body: "x", name: "Evil", description: GOOD_DESCRIPTION, unitId: String(su2) }, "https://evil.example");
          if (url.startsWith("/open311/")) {
            if (res.status < 400 || res.status >= 500) problems.push(`${role} POST ${url}: ${res.status} (no api_key)`);
          } else if (res.status !== 403) problems.push(`${role} POST ${url}: ${res.status}`);
          else refused++;
        }
      }
    }
    expect(problems).toEqual([]);
    expect(refused).toBeGreaterThan(40);
    expect(changed(before, checksum())).toEqual([]);
  }, 120_000);
});

describe("no GET changes state", () => {
  // One test per role: each stays well under Vitest's 60 s worker RPC window on a loaded machine (issue 22, item 8).
  it.each(["public", "head", "otherHead", "inspector", "admin"])("every route as %s, page and ?_data= payload, leaves every table unchanged", async (role) => {
    const before = checksum();
    const problems: string[] = [];
    let requests = 0;
    for (const route of routes) {
      for (const url of urlsFor(route)) {
        for (const u of route.hasLoader ? [url, `${url}${url.includes("?") ? "&" : "?"}_data=${encodeURIComponent(route.id)}`] : [url]) {
          const res = await fetch(server.url + u, { headers: role === "public" ? {} : { cookie: cookies[role]! }, redirect: "manual" });
          await res.arrayBuffer();
          requests++;
          if (res.status >= 500) problems.push(`${role} GET ${u}: ${res.status}`);
        }
        // A GET with an action's fields in the query string is still only a read.
        const withIntent = `${url}?intent=submit&verdict=accept&decision=approve&disable=1`;
        await (await fetch(server.url + withIntent, { headers: role === "public" ? {} : { cookie: cookies[role]! }, redirect: "manual" })).arrayBuffer();
        const diff = changed(before, checksum());
        if (diff.length) problems.push(`${role} GET ${url} changed ${diff.join(", ")}`);
      }
    }
    console.log(`GET sweep as ${role}: ${requests} requests`);
    expect(requests).toBeGreaterThan(routes.length);
    expect(problems).toEqual([]);
  }, 120_000);
});

describe("mass assignment", () => {
  it("the complaint form ignores status, ref, trackingHash, source, unit head and role fields", async () => {
    const form = new FormData();
    const fields: Record<string, string> = {
      unitId: String(su2), category: "FACILITY", privacy: "anonymous", description: `${GOOD_DESCRIPTION} massassign`,
      status: "CLOSED", ref: "ADU-HACK-1", trackingHash: "deadbeef", source: "OPEN311", publicDescription: "disunting", moderatedAt: "2026-01-01",
      unitHeadId: "1", role: "ADMIN", id: "1", reporterIpHash: "x", duplicateOfId: "1", statusReason: "hack", apiKeyId: "1",
    };
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    const res = await fetch(`${server.url}/complaints/new`, { method: "POST", body: form, redirect: "manual", headers: { origin: server.url } });
    expect(res.status).toBe(303);
    const db = sql();
    const row = db.prepare(`SELECT * FROM Complaint WHERE description LIKE '%massassign' ORDER BY id DESC LIMIT 1`).get() as Record<string, unknown>;
    db.close();
    expect(row).toMatchObject({ status: "NEW", source: "WEB", publicDescription: null, moderatedAt: null, duplicateOfId: null, statusReason: null, apiKeyId: null });
    expect(row.id).not.toBe(1);
    expect(row.ref).not.toBe("ADU-HACK-1");
    expect(row.trackingHash).not.toBe("deadbeef");
    expect(row.reporterIpHash).not.toBe("x");
  });

  it("the follow-up answer ignores state, unit, deadline and escalation fields", async () => {
    const db = sql();
    const before = db.prepare(`SELECT * FROM FollowUp WHERE id = ?`).get(ctx.findingFollowUpId) as Record<string, unknown>;
    db.close();
    const res = await post(`/follow-ups/${ctx.findingFollowUpId}`, cookies.head!, {
      intent: "answer", body: "Kursi sudah ditambah sepuluh buah.",
      state: "DONE", unitId: "1", dueAt: "2099-01-01", originalDueAt: "2099-01-01", escalationLevel: "0", closedAt: "2026-01-01", createdById: "1", findingId: "1", instruction: "diganti",
    });
    expect(res.status, await res.clone().text()).toBe(303);
    const db2 = sql();
    const after = db2.prepare(`SELECT * FROM FollowUp WHERE id = ?`).get(ctx.findingFollowUpId) as Record<string, unknown>;
    db2.close();
    expect(after.state).toBe("ANSWERED");
    for (const k of ["unitId", "dueAt", "originalDueAt", "closedAt", "createdById", "findingId", "instruction", "escalationLevel"]) expect(after[k], k).toEqual(before[k]);
  });

  it("the user admin form ignores e-mail, password hash, disabled and id fields", async () => {
    const db = sql();
    const before = db.prepare(`SELECT * FROM User WHERE id = ?`).get(ctx.userId) as Record<string, unknown>;
    db.close();
    const res = await post(`/admin/users/${ctx.userId}`, cookies.admin!, {
      intent: "save", name: "Kepala Dukcapil SU II", role: "UNIT_HEAD", unitId: String(su2),
      email: "penyusup@contoh.id", passwordHash: "x", disabledAt: "2026-01-01", id: "1", failedLogins: "0", createdAt: "2000-01-01",
    });
    expect(res.status, await res.clone().text()).toBe(303);
    const db2 = sql();
    const after = db2.prepare(`SELECT * FROM User WHERE id = ?`).get(ctx.userId) as Record<string, unknown>;
    db2.close();
    expect(after.name).toBe("Kepala Dukcapil SU II");
    for (const k of Object.keys(before).filter((k) => !["name", "updatedAt"].includes(k))) expect(after[k], k).toEqual(before[k]);
  });

  it("a unit head cannot give themselves a role or another unit through any form", async () => {
    const before = checksum();
    for (const url of ["/admin/users/" + ctx.userId, "/admin/users/new", `/follow-ups/${ctx.followUpId}`, "/notifications", "/lang"]) {
      await post(url, cookies.head!, { intent: "save", role: "ADMIN", unitId: "1", name: "x", email: "x@contoh.id" });
    }
    const db = sql();
    const me = db.prepare(`SELECT role, unitId FROM User WHERE id = ?`).get(ctx.userId) as { role: string; unitId: number };
    db.close();
    expect(me).toEqual({ role: "UNIT_HEAD", unitId: su2 });
    expect(changed(before, checksum()).filter((t) => t === "User")).toEqual([]);
  });
});

describe("hostile text is shown as text", () => {
  it("in Chromium, no page fires a dialog or grows an <img src=x>", async () => {
    const browser = await launchBrowser();
    const problems: string[] = [];
    let pagesWithPayload = 0;
    try {
      const plan: Array<[string | null, string[]]> = [
        [null, [`/complaints/${ctx.ref}`, `/track/${encodeURIComponent(ctx.code)}`, "/", "/map", `/units/${su2}`, "/dashboard", "/complaints"]],
        [DEMO.inspector, [`/triage/${ctx.complaintId}`, "/triage", `/inspections/${ctx.inspectionId}`, `/inspections/${ctx.inspectionId}/print`, `/follow-ups/${ctx.followUpId}`, `/follow-ups/${ctx.findingFollowUpId}`, "/follow-ups", "/inspections", "/map"]],
        [DEMO.headSu2, [`/follow-ups/${ctx.followUpId}`, `/follow-ups/${ctx.findingFollowUpId}`, "/follow-ups", "/notifications", `/inspections/${ctx.inspectionId}`]],
        [DEMO.admin, ["/admin/outbox", "/admin/units", `/admin/units/${su2}`, "/admin/users"]],
      ];
      for (const [email, paths] of plan) {
        const context = await desktopContext(browser);
        const page = await context.newPage();
        page.on("dialog", (d) => {
          problems.push(`dialog "${d.message()}" on ${page.url()}`);
          void d.dismiss();
        });
        if (email) {
          await page.goto(`${server.url}/login`);
          await page.getByLabel("Email").fill(email);
          await page.getByLabel("Kata sandi").fill(DEMO_PASSWORD);
          await Promise.all([page.waitForURL((u) => u.pathname === "/"), page.getByRole("button", { name: "Masuk" }).click()]);
        }
        for (const p of paths) {
          const res = await page.goto(server.url + p, { waitUntil: "load" });
          if (!res || res.status() >= 400) problems.push(`${email ?? "public"} ${p}: ${res?.status()}`);
          // Hydrated, with every component's first effects run: anything that could inject has had its turn.
          await page.locator("html[data-hydrated]").waitFor({ state: "attached" });
          const imgs = await page.locator('img[src="x"]').count();
          if (imgs) problems.push(`${email ?? "public"} ${p}: ${imgs} <img src=x>`);
          const text = await page.evaluate(() => document.body.innerText);
          if (text.includes("<img src=x")) pagesWithPayload++;
        }
        await context.close();
      }
    } finally {
      await browser.cleanup();
    }
    // The payload is on the pages, as text: otherwise the test proved nothing.
    expect(pagesWithPayload).toBeGreaterThan(10);
    expect(problems).toEqual([]);
  }, 240_000);

  it("map data carries the text as JSON strings", async () => {
    const res = await fetch(`${server.url}/map/data.json?layer=units,complaints,findings&bbox=104.6,-3.1,104.9,-2.8&zoom=18`);
    expect(res.headers.get("content-type")).toMatch(/application\/(geo\+)?json/);
    const raw = await res.text();
    const data = JSON.parse(raw);
    expect(JSON.stringify(data)).toContain("<img src=x");
  });

  it("e-mails from the outbox go out as plain text only, the hostile text in them as literal text", async () => {
    // A real SMTP server in this process receives the outbox, sent by the app's own mailer from the
    // server's database (the server itself has no SMTP_URL, so nothing was sent before).
    const smtp = await startCapturingSmtp();
    const { sendPendingEmails } = await import("~/lib/notify.server");
    const { PrismaClient } = await import("~/generated/prisma/client");
    const { createAdapterFactory } = await import("~/lib/sqlite-adapter.server");
    const db = new PrismaClient({ adapter: createAdapterFactory(server.dbFile) });
    const due = await db.notification.count({ where: { channel: "EMAIL", sentAt: null } });
    let sent = 0;
    try {
      for (let round = 0; round < 50; round++) {
        const result = await sendPendingEmails({ smtpUrl: smtp.url, batch: 200, client: db as never });
        expect(result.failed).toBe(0);
        sent += result.sent;
        if (result.sent === 0) break;
      }
    } finally {
      await db.$disconnect();
      await smtp.close();
    }
    expect(due).toBeGreaterThan(0);
    expect(sent).toBe(due);
    const received = smtp.received.map((m) => m.raw);
    expect(received).toHaveLength(sent);
    for (const raw of received) {
      const head = raw.split(/\r?\n\r?\n/)[0]!;
      expect(head, head).toMatch(/^content-type: text\/plain; charset=utf-8\r?$/im);
      expect(raw, head).not.toMatch(/text\/html|multipart\//i);
    }
    // The hostile text reached some messages (the unit name, the instruction) and stayed text: neither
    // removed nor turned into HTML entities, which only an HTML body would need.
    const texts = received.map(mailText);
    expect(texts.filter((t) => t.includes(P_IMG)).length).toBeGreaterThan(0);
    for (const t of texts) expect(t).not.toContain("&lt;");
  });
});
