import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { db } from "~/lib/db.server";
import { demoBoundary } from "~/lib/demo-removal.server";
import { sqlitePath } from "~/lib/env.server";
import { addReporterInfo } from "~/models/complaint/reporter.server";
import { createComplaint } from "~/models/complaint/filing.server";
import { verifyComplaint } from "~/models/complaint/triage.server";
import { createUser, NewUserForm } from "~/models/user.server";
import { DEMO_TRACKING_CODES } from "../../prisma/seed";
import { runPaths } from "../setup/paths";
import { runScript } from "../support/cli";
import { GOOD_DESCRIPTION, jpeg, unitIdBySlugPart } from "../support/complaints";
import { DEMO } from "../support/requests";

// `npm run demo:remove` (issue 23) on a database a city has started to use: the demo seeded, then the
// city's own account, a resident's complaint with a photo, and the demo inspector verifying it (so a kept
// record names a demo account); meanwhile someone added a photo to a demo complaint. The command must take
// the demo away, photo files included, and leave the city's records, their photo and a verifiable audit
// trail; a second run changes nothing.

const file = sqlitePath(process.env.DATABASE_URL!);
const uploads = process.env.UPLOAD_DIR!;
const env = { DATABASE_URL: `file:${file}`, UPLOAD_DIR: uploads };
const { baseDb } = runPaths(inject("runDir"));
afterAll(() => fs.rmSync(path.join(path.dirname(file), "backups"), { recursive: true, force: true }));

function read<T>(sql: string, ...params: unknown[]): T[] {
  const sqlite = new Database(file, { readonly: true });
  try {
    return sqlite.prepare(sql).all(...params) as T[];
  } finally {
    sqlite.close();
  }
}
const count = (table: string, where = "1") => read<{ n: number }>(`SELECT COUNT(*) AS n FROM "${table}" WHERE ${where}`)[0]!.n;
const photo = async () => [{ name: "lapangan.jpg", type: "image/jpeg", bytes: new Uint8Array(await jpeg(160, 120)) }];

describe("npm run demo:remove", () => {
  // The city's use of the demo database, made in the first test and checked in the second.
  let su2: number;
  let inspector: { id: number };
  let real: { id: number; ref: string };
  let realPhoto: { id: number; storageKey: string };
  let demoPhoto: { storageKey: string };
  let complaintsBefore: number;
  let auditBefore: number;
  let demoComplaints: number;

  it("without --yes only says what it would remove, and never runs under a running server", async () => {
    su2 = await unitIdBySlugPart("Seberang Ulu Dua");
    const admin = await db.user.findUniqueOrThrow({ where: { email: DEMO.admin } });
    inspector = await db.user.findUniqueOrThrow({ where: { email: DEMO.inspector } });
    const account = NewUserForm.parse({ email: "kepala.su2@palembang.go.id", name: "Agus Salim", role: "UNIT_HEAD", unitId: String(su2), password: "loket-tiga-buka-pagi-2026" });
    const head = await createUser({ id: admin.id, role: "ADMIN", unitId: null }, account);
    expect(head.id).toBeGreaterThan(0);
    const filed = await createComplaint({ unitId: su2, category: "FACILITY", description: GOOD_DESCRIPTION, privacy: "public" }, { photos: await photo() });
    expect(filed.ok).toBe(true);
    if (!filed.ok) return;
    real = filed.complaint;
    expect((await verifyComplaint({ id: inspector.id, role: "INSPECTOR", unitId: null }, real.id)).ok).toBe(true);
    realPhoto = read<{ id: number; storageKey: string }>(`SELECT id, storageKey FROM "Attachment" WHERE complaintId = ?`, real.id)[0]!;
    const added = await addReporterInfo(DEMO_TRACKING_CODES.public, "Foto tambahan dari loket.", await photo());
    expect(added.ok).toBe(true);
    demoPhoto = read<{ storageKey: string }>(`SELECT storageKey FROM "Attachment" ORDER BY id DESC LIMIT 1`)[0]!;
    expect(demoPhoto.storageKey).not.toBe(realPhoto.storageKey);
    for (const p of [realPhoto, demoPhoto]) expect(fs.existsSync(path.join(uploads, p.storageKey))).toBe(true);
    await db.$disconnect();

    complaintsBefore = count("Complaint");
    auditBefore = count("AuditEvent");
    demoComplaints = complaintsBefore - 1;

    // Without --yes: says what it would remove, exit 0, nothing changes.
    const dry = await runScript("scripts/demo-remove.ts", [], { env });
    expect(dry.code, dry.out).toBe(0);
    expect(dry.out).toContain(`would remove: ${demoComplaints} complaints`);
    expect(dry.out).toContain("kept, disabled and without password because the city's own records name them: inspektur@demo.tindak.id");
    expect(dry.out).toContain("npm run demo:remove -- --yes");
    expect(count("Complaint")).toBe(complaintsBefore);
    expect(count("AuditEvent")).toBe(auditBefore);
    expect(fs.existsSync(path.join(uploads, demoPhoto.storageKey))).toBe(true);

    const keepingUnits = await runScript("scripts/demo-remove.ts", ["--keep-units"], { env });
    expect(keepingUnits.code, keepingUnits.out).toBe(0);
    expect(keepingUnits.out).toContain("demo accounts, 0 units");

    // Never under a running server: this test process plays it (its pid is alive).
    fs.writeFileSync(`${file}.lock`, JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString() }));
    const refused = await runScript("scripts/demo-remove.ts", ["--yes"], { env });
    fs.rmSync(`${file}.lock`);
    expect(refused.code).toBe(1);
    expect(refused.out).toContain("is already served by another Tindak process");
    expect(count("Complaint")).toBe(complaintsBefore);
  }, 60_000);

  it("with --yes removes the demo and its photo files, keeps the city's records and photo, the audit chain verifies, and a second run is a no-op", async () => {
    expect(real).toBeDefined(); // made by the test above
    const run = await runScript("scripts/demo-remove.ts", ["--yes"], { env });
    expect(run.code, run.out).toBe(0);
    expect(run.out).toContain(`removed: ${demoComplaints} complaints`);
    expect(run.out).toMatch(/backup: .*pre-demo-remove-.*\.db/);

    // The city's records: the complaint with its photo (row and file), the verification, the account, the unit.
    expect(read(`SELECT ref, status FROM "Complaint"`)).toEqual([{ ref: real.ref, status: "VERIFIED" }]);
    expect(read(`SELECT id FROM "Attachment"`)).toEqual([{ id: realPhoto.id }]);
    expect(fs.existsSync(path.join(uploads, realPhoto.storageKey))).toBe(true);
    expect(count("ComplaintEvent", `complaintId = ${real.id} AND authorId = ${inspector.id}`)).toBe(1);
    expect(read(`SELECT email FROM "User" WHERE email NOT LIKE '%@demo.tindak.id'`)).toEqual([{ email: "kepala.su2@palembang.go.id" }]);
    expect(read(`SELECT id FROM "Unit"`)).toEqual([{ id: su2 }]);

    // The demo: gone, its photo file too; the one demo account a kept record names is disabled, no password.
    expect(fs.existsSync(path.join(uploads, demoPhoto.storageKey))).toBe(false);
    for (const table of ["Inspection", "Finding", "FollowUp", "Response", "ApiKey"]) expect(count(table), table).toBe(0);
    expect(read(`SELECT email, passwordHash, disabledAt IS NOT NULL AS disabled FROM "User" WHERE email LIKE '%@demo.tindak.id'`)).toEqual([
      { email: DEMO.inspector, passwordHash: "!", disabled: 1 },
    ]);
    // Reference data stays: a city needs its holidays, deadline rules and checklists.
    for (const table of ["Holiday", "DeadlineRule", "ChecklistTemplate"]) expect(count(table), table).toBeGreaterThan(0);

    // The audit trail: every earlier row kept, one event for the removal, and the chain verifies.
    expect(count("AuditEvent")).toBe(auditBefore + 1);
    const [last] = read<{ action: string; after: string }>(`SELECT action, after FROM "AuditEvent" ORDER BY id DESC LIMIT 1`);
    expect(last!.action).toBe("demo.remove");
    expect(JSON.parse(last!.after)).toMatchObject({ complaints: demoComplaints, photos: 1, keptAccounts: 1 });
    const verify = await runScript("scripts/audit-verify.ts", [], { env });
    expect(verify.code, verify.out).toBe(0);
    expect(verify.out).toContain(`ok: ${auditBefore + 1} audit event(s), chain intact`);

    // A second run finds nothing and writes nothing.
    const again = await runScript("scripts/demo-remove.ts", ["--yes"], { env });
    expect(again.code, again.out).toBe(0);
    expect(again.out).toContain("nothing to remove");
    expect(count("AuditEvent")).toBe(auditBefore + 1);
    expect(count("User")).toBe(2);
  }, 60_000);

  it("tells the demo apart the same way on a database seeded before the seed recorded its ids", () => {
    const sqlite = new Database(baseDb, { readonly: true });
    try {
      const recorded = demoBoundary(sqlite);
      expect(recorded.source).toBe("seed record");
      expect(recorded.complaint).toBeGreaterThan(100);
      expect({ ...demoBoundary(sqlite, { fromClock: true }), source: "seed record" }).toEqual(recorded);
    } finally {
      sqlite.close();
    }
  });
});
