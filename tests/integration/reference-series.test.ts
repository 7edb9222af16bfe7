import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { db } from "~/lib/db.server";
import { sha256 } from "~/lib/crypto.server";
import { applyMigrations, migrationsDir } from "~/lib/migrate.server";
import { sqlitePath } from "~/lib/env.server";
import { createComplaint } from "~/models/complaint/filing.server";
import { markDuplicate } from "~/models/complaint/triage.server";
import { PRIVACY_WITHOUT_CHOICE } from "~/models/policy.server";
import { readReferenceMarks, REFERENCE_MARKS_AHEAD, referenceMarkFile } from "~/models/reference.server";
import { action as fileComplaint } from "~/routes/complaints.new";
import { loader as complaintPage } from "~/routes/complaints.$ref";
import { loader as trackPage } from "~/routes/track.$code";
import * as open311 from "~/routes/open311.v2.$file";
import { cookieFor, DEMO, makeRequest, run } from "../support/requests";
import { complaintForm, GOOD_DESCRIPTION } from "../support/complaints";
import { call, ensureDemoKey, postForm, validRequest } from "./open311-support";

// Issue 12 item 5: confidential and pungli complaints are numbered in their own RHS series, so the
// public ADU series has no gaps that count them; old references keep resolving.

const ADU = /^ADU-(\d{4})-(\d{6})$/;
const RHS = /^RHS-(\d{4})-(\d{6})$/;
const numberOf = (ref: string) => Number(ref.slice(-6));

async function fileOnTheWeb(fields: Record<string, string>): Promise<string> {
  const res = await run(fileComplaint, makeRequest("/complaints/new", { form: await complaintForm(fields) }));
  expect(res.status).toBe(303);
  const code = res.headers.get("Location")!.split("/").pop()!.replaceAll("-", "");
  return (await db.complaint.findUniqueOrThrow({ where: { trackingHash: sha256(code) } })).ref;
}

async function fileByOpen311(fields: Record<string, string>): Promise<string> {
  const res = await call(open311.action, postForm("/open311/v2/requests.json", validRequest(fields)), "requests.json");
  expect(res.status).toBe(200);
  const [answer] = await res.json();
  if (answer.service_request_id) return answer.service_request_id;
  return (await db.open311Submission.findUniqueOrThrow({ where: { token: answer.token }, include: { complaint: true } })).complaint.ref;
}

async function fileByChannel(source: "SMS" | "WHATSAPP" | "EMAIL", privacy: string, category = "WAITING_TIME"): Promise<string> {
  const unit = await db.unit.findFirstOrThrow({ where: { active: true }, select: { id: true } });
  const result = await createComplaint({ unitId: unit.id, category, privacy, description: GOOD_DESCRIPTION }, { source });
  expect(result.ok).toBe(true);
  return result.ok ? result.complaint.ref : "";
}

describe("reference series", () => {
  it("public complaints get consecutive ADU numbers whatever confidential ones are filed between them, on every channel", async () => {
    await ensureDemoKey();
    const refs: Array<{ ref: string; public: boolean }> = [];
    const add = async (ref: Promise<string>, isPublic: boolean) => refs.push({ ref: await ref, public: isPublic });
    await add(fileOnTheWeb({ privacy: "public" }), true);
    await add(fileOnTheWeb({ privacy: "confidential" }), false);
    await add(fileOnTheWeb({ category: "EXTORTION", privacy: "public" }), false);
    await add(fileOnTheWeb({ privacy: "anonymous" }), true);
    await add(fileByOpen311({ service_code: "EXTORTION", description: "Petugas meminta uang Rp50.000 agar akta cepat selesai." }), false);
    await add(fileByOpen311({}), true);
    await add(fileByChannel("SMS", PRIVACY_WITHOUT_CHOICE), false);
    await add(fileByChannel("WHATSAPP", "anonymous"), true);
    await add(fileByChannel("EMAIL", PRIVACY_WITHOUT_CHOICE), false);
    await add(fileByChannel("WHATSAPP", "public"), true);

    const publicRefs = refs.filter((r) => r.public).map((r) => r.ref);
    const protectedRefs = refs.filter((r) => !r.public).map((r) => r.ref);
    for (const ref of publicRefs) expect(ref).toMatch(ADU);
    // A confidential or pungli complaint never takes an ADU number.
    for (const ref of protectedRefs) expect(ref).toMatch(RHS);
    // No gaps: each public number follows the one before, and the same in RHS.
    expect(publicRefs.map(numberOf)).toEqual(publicRefs.map((r, i) => numberOf(publicRefs[0]!) + i));
    expect(protectedRefs.map(numberOf)).toEqual(protectedRefs.map((r, i) => numberOf(protectedRefs[0]!) + i));

    // The counters are also written beside the database, for `npm run restore`: never behind a number issued.
    const marks = readReferenceMarks(referenceMarkFile(sqlitePath(process.env.DATABASE_URL!)));
    const [, year] = ADU.exec(publicRefs.at(-1)!)!;
    expect(marks[`ADU-${year}`]).toBeGreaterThanOrEqual(numberOf(publicRefs.at(-1)!));
    expect(marks[`RHS-${year}`]).toBeGreaterThanOrEqual(numberOf(protectedRefs.at(-1)!));
  });

  it("rewrites the marks file only when a number passes the mark it holds, and then before that number is committed", async () => {
    const markFile = referenceMarkFile(sqlitePath(process.env.DATABASE_URL!));
    const first = await fileOnTheWeb({ privacy: "public" });
    const [, year] = ADU.exec(first)!;
    const held = readReferenceMarks(markFile)[`ADU-${year}`]!;
    expect(held).toBeGreaterThanOrEqual(numberOf(first));
    expect(held).toBeLessThanOrEqual(numberOf(first) + REFERENCE_MARKS_AHEAD);

    // Below the mark: the file is not written again (no fsync and rename for each filing).
    const text = fs.readFileSync(markFile, "utf8");
    const written = fs.statSync(markFile).mtimeMs;
    const second = await fileOnTheWeb({ privacy: "public" });
    expect(numberOf(second)).toBeLessThanOrEqual(held);
    expect(fs.readFileSync(markFile, "utf8")).toBe(text);
    expect(fs.statSync(markFile).mtimeMs).toBe(written);

    // The next number would pass the mark: the file reserves past it before the filing commits.
    await db.referenceCounter.update({ where: { series_year: { series: "ADU", year: Number(year) } }, data: { last: held } });
    const past = await fileOnTheWeb({ privacy: "public" });
    expect(numberOf(past)).toBe(held + 1);
    expect(readReferenceMarks(markFile)[`ADU-${year}`]).toBe(held + 1 + REFERENCE_MARKS_AHEAD);
  });

  it("never reissues a moved complaint's old ADU number, nor a number already taken", async () => {
    const before = await fileOnTheWeb({ privacy: "public" });
    const year = before.slice(4, 8);
    // As if the next two ADU numbers had been given to a complaint that moved to RHS and to a hand-made row.
    const moved = await db.complaint.findFirstOrThrow({ where: { ref: { startsWith: "RHS-" } } });
    const next1 = `ADU-${year}-${String(numberOf(before) + 1).padStart(6, "0")}`;
    const next2 = `ADU-${year}-${String(numberOf(before) + 2).padStart(6, "0")}`;
    await db.complaint.update({ where: { id: moved.id }, data: { legacyRef: next1 } });
    await db.complaint.update({ where: { ref: before }, data: { ref: next2 } });
    const after = await fileOnTheWeb({ privacy: "public" });
    expect(numberOf(after)).toBe(numberOf(before) + 3);
  });

  it("an old ADU reference of a confidential complaint resolves for staff and is shown to its reporter, and stays a 404 for everyone else", async () => {
    const moved = await db.complaint.findFirstOrThrow({ where: { ref: { startsWith: "RHS-" }, legacyRef: null } });
    const legacyRef = "ADU-2024-000777";
    await db.complaint.update({ where: { id: moved.id }, data: { legacyRef } });

    const asInspector = await run(complaintPage, makeRequest(`/complaints/${legacyRef}`, { cookie: await cookieFor(DEMO.inspector) }), { ref: legacyRef });
    expect(asInspector.status).toBe(302);
    expect(asInspector.headers.get("Location")).toBe(`/triage/${moved.id}`);
    const byNewRef = await run(complaintPage, makeRequest(`/complaints/${moved.ref}`, { cookie: await cookieFor(DEMO.admin) }), { ref: moved.ref });
    expect(byNewRef.headers.get("Location")).toBe(`/triage/${moved.id}`);
    for (const cookie of [undefined, await cookieFor(DEMO.headSu2)]) {
      expect((await run(complaintPage, makeRequest(`/complaints/${legacyRef}`, { cookie }), { ref: legacyRef })).status).toBe(404);
    }

    // An inspector may name it by its old number (a duplicate, a sidak's complaints).
    const inspector = await db.user.findUniqueOrThrow({ where: { email: DEMO.inspector } });
    const fresh = await createComplaint({ unitId: moved.unitId, category: "OTHER", privacy: "anonymous", description: GOOD_DESCRIPTION });
    expect(fresh.ok).toBe(true);
    if (!fresh.ok) return;
    expect(await markDuplicate({ ...inspector, role: "INSPECTOR" }, fresh.complaint.id, legacyRef.toLowerCase())).toMatchObject({ ok: true });
    expect((await db.complaint.findUniqueOrThrow({ where: { id: fresh.complaint.id } })).duplicateOfId).toBe(moved.id);

    // The reporter's tracking page shows the old number beside the new one.
    const demo = await db.complaint.findUniqueOrThrow({ where: { trackingHash: sha256("DEMO-LACAK-PUNGLI-2026") } });
    expect(demo.ref).toMatch(RHS);
    await db.complaint.update({ where: { id: demo.id }, data: { legacyRef: "ADU-2024-000778" } });
    const track = await run(trackPage, makeRequest("/track/DEMO-LACAK-PUNGLI-2026"), { code: "DEMO-LACAK-PUNGLI-2026" });
    expect((await track.json()).complaint).toMatchObject({ ref: demo.ref, legacyRef: "ADU-2024-000778" });
  });
});

describe("migration of existing complaints into the RHS series", () => {
  it("moves confidential and pungli complaints to RHS, keeps every public ADU number, and starts the counters past the highest", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tindak-refs-"));
    try {
      // The migrations as they were before the reference series, then rows as the old code numbered them.
      const all = fs.readdirSync(migrationsDir()).filter((n) => fs.statSync(path.join(migrationsDir(), n)).isDirectory()).sort();
      const mine = all.findIndex((n) => n.endsWith("_reference_series"));
      expect(mine).toBeGreaterThan(0);
      const old = path.join(dir, "migrations");
      for (const n of all.slice(0, mine)) fs.cpSync(path.join(migrationsDir(), n), path.join(old, n), { recursive: true });
      const file = path.join(dir, "old.db");
      applyMigrations(file, old);
      const sqlite = new Database(file);
      sqlite.prepare(`INSERT INTO "Unit" (slug, name, type, kecamatanCode, kelurahanCode, active, createdAt, updatedAt) VALUES ('u', 'U', 'PUSKESMAS', '16.71.01', '16.71.01.1001', 1, 0, 0)`).run();
      const insert = sqlite.prepare(
        `INSERT INTO "Complaint" (ref, trackingHash, unitId, category, privacy, description, status, source, meTooCount, createdAt, updatedAt)
         VALUES (?, ?, 1, ?, ?, 'teks', 'NEW', 'WEB', 0, 0, 0)`,
      );
      const rows: Array<[string, string, string]> = [
        ["ADU-2025-000001", "FACILITY", "public"],
        ["ADU-2025-000002", "FACILITY", "confidential"],
        ["ADU-2026-000001", "OTHER", "anonymous"],
        ["ADU-2026-000002", "EXTORTION", "confidential"],
        ["ADU-2026-000003", "WAITING_TIME", "public"],
        ["ADU-2026-000004", "EXTORTION", "public"], // a pungli report stored with a wrong privacy
        ["ADU-2026-000005", "WAITING_TIME", "confidential"],
      ];
      for (const [ref, category, privacy] of rows) insert.run(ref, `h-${ref}`, category, privacy);
      sqlite.close();

      applyMigrations(file);
      const after = new Database(file, { readonly: true });
      const refs = after.prepare(`SELECT ref, legacyRef FROM "Complaint" ORDER BY id`).all();
      expect(refs).toEqual([
        { ref: "ADU-2025-000001", legacyRef: null },
        { ref: "RHS-2025-000001", legacyRef: "ADU-2025-000002" },
        { ref: "ADU-2026-000001", legacyRef: null },
        { ref: "RHS-2026-000001", legacyRef: "ADU-2026-000002" },
        { ref: "ADU-2026-000003", legacyRef: null },
        { ref: "RHS-2026-000002", legacyRef: "ADU-2026-000004" },
        { ref: "RHS-2026-000003", legacyRef: "ADU-2026-000005" },
      ]);
      // Past the highest ADU number ever handed out (the moved ADU-2026-000005 included), and past RHS.
      expect(after.prepare(`SELECT series, year, last FROM "ReferenceCounter" ORDER BY series, year`).all()).toEqual([
        { series: "ADU", year: 2025, last: 2 },
        { series: "ADU", year: 2026, last: 5 },
        { series: "RHS", year: 2025, last: 1 },
        { series: "RHS", year: 2026, last: 3 },
      ]);
      after.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
