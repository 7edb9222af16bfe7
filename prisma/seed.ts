import type { PrismaClient } from "../app/generated/prisma/client";
import { RAISE_COUNTERS_FROM_COMPLAINTS_POSTGRES_SQL, RAISE_COUNTERS_FROM_COMPLAINTS_SQL } from "../app/models/reference.server";
import { ADVANCE_ID_SEQUENCES_SQL } from "../app/lib/sql/postgres/sequences";
import { appendAudit, auditHash, type AuditInput } from "../app/lib/audit.server";
import { hashPassword } from "../app/lib/auth.server";
import type { Tx } from "../app/lib/db.server";
import { DEMO_PASSWORD, seedCore } from "./seed/core";
import { buildHistory, DEMO_TRACKING_CODES, type IdBases } from "./seed/history";
import { loadPalembang } from "./seed/palembang";

// The Palembang demo (../shared/CONTRACT.md, "Demo data"). `npm start` calls seedDemo when demo seeding
// is on; `npm run seed` (scripts/seed.ts) migrates the DATABASE_URL database and seeds it.

export { DEMO_TRACKING_CODES } from "./seed/history";
export { DEMO_PASSWORD } from "./seed/core";

export type SeedResult =
  | { seeded: false; reason: string }
  | { seeded: true; ms: number; counts: Record<string, number> };

// Prisma's createMany splits on SQLite's variable limit itself; smaller chunks keep memory flat.
const CHUNK = 500;
async function insertAll<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += CHUNK) await insert(rows.slice(i, i + CHUNK));
}

/**
 * appendAudit for many rows at once: the same row content and hash (auditHash), chained in memory from
 * the last stored hash, written with createMany. appendAudit reads the previous row for every event,
 * which costs seconds over the demo's ~1,400 events; the result is identical, as verifyAuditChain checks.
 */
async function appendAuditBatch(tx: Tx, inputs: AuditInput[]) {
  const last = await tx.auditEvent.findFirst({ orderBy: { id: "desc" }, select: { hash: true } });
  if (!last) throw new Error("appendAuditBatch continues an existing chain: append the first event with appendAudit");
  let prevHash = last.hash;
  const toJson = (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v));
  const rows = inputs.map((input) => {
    const row = {
      prevHash,
      at: input.at ?? new Date(),
      actorId: input.actorId ?? null,
      actorKind: input.actorKind,
      action: input.action,
      entityType: input.entityType,
      entityId: String(input.entityId),
      before: toJson(input.before),
      after: toJson(input.after),
    };
    prevHash = auditHash(row);
    return { ...row, hash: prevHash };
  });
  // Rows must get ids in chain order: one createMany per chunk, chunks in order.
  await insertAll(rows, (data) => tx.auditEvent.createMany({ data }));
}

async function nextIds(tx: Tx): Promise<IdBases> {
  const max = async (table: string) => {
    const rows = await tx.$queryRawUnsafe<Array<{ m: number | bigint | null }>>(`SELECT MAX(id) AS m FROM "${table}"`);
    return Number(rows[0]?.m ?? 0) + 1;
  };
  return {
    complaint: await max("Complaint"),
    complaintEvent: await max("ComplaintEvent"),
    inspection: await max("Inspection"),
    answer: await max("ChecklistAnswer"),
    finding: await max("Finding"),
    followUp: await max("FollowUp"),
    response: await max("Response"),
    extension: await max("ExtensionRequest"),
    escalation: await max("Escalation"),
  };
}

/**
 * Seeds the Palembang demo into `client` when its Unit table is empty (so it never touches a database
 * in use); whether demo seeding is wanted at all is the caller's decision (SEED_DEMO). All in one
 * transaction: a crash leaves the database empty, not half-seeded. `now` anchors the history.
 */
export async function seedDemo(client: PrismaClient, options: { now?: number } = {}): Promise<SeedResult> {
  const started = Date.now();
  if ((await client.unit.count()) > 0) return { seeded: false, reason: "the database already has units" };
  const now = options.now ?? Date.now();
  // Slow on purpose (argon2id) and not database work: done before the write lock is taken.
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await loadPalembang();
  // The same client API on both engines (docs/decisions/0022); two statements differ.
  const postgres = (client as { _activeProvider?: string })._activeProvider === "postgresql";

  const counts = await client.$transaction(
    async (tx) => {
      if ((await tx.unit.count()) > 0) return null; // another process seeded meanwhile
      const ctx = await seedCore(tx, { now, passwordHash });
      const rows = buildHistory(ctx, now, await nextIds(tx));

      await insertAll(rows.complaints, (data) => tx.complaint.createMany({ data: data as never }));
      await insertAll(rows.complaintEvents, (data) => tx.complaintEvent.createMany({ data: data as never }));
      await insertAll(rows.inspections, (data) => tx.inspection.createMany({ data: data as never }));
      await insertAll(rows.inspectionComplaints, (data) => tx.inspectionComplaint.createMany({ data }));
      await insertAll(rows.answers, (data) => tx.checklistAnswer.createMany({ data: data as never }));
      await insertAll(rows.findings, (data) => tx.finding.createMany({ data: data as never }));
      await insertAll(rows.followUps, (data) => tx.followUp.createMany({ data: data as never }));
      await insertAll(rows.responses, (data) => tx.response.createMany({ data: data as never }));
      await insertAll(rows.extensions, (data) => tx.extensionRequest.createMany({ data: data as never }));
      await insertAll(rows.escalations, (data) => tx.escalation.createMany({ data: data as never }));
      // The next complaint filed continues each reference series where the demo history ends.
      await tx.$executeRawUnsafe(postgres ? RAISE_COUNTERS_FROM_COMPLAINTS_POSTGRES_SQL : RAISE_COUNTERS_FROM_COMPLAINTS_SQL);

      // `demoUpTo`: the highest id the demo gave in each table whose rows `npm run demo:remove` removes.
      // Every row up to it is demo data: the seed runs only while Unit is empty, and complaints and
      // inspections need a unit. (scripts/demo-remove.ts; older databases lack it and use `at`.)
      const maxId = async (table: string) =>
        Number((await tx.$queryRawUnsafe<Array<{ m: number | bigint | null }>>(`SELECT MAX(id) AS m FROM "${table}"`))[0]?.m ?? 0);
      await appendAudit(tx, {
        actorKind: "SYSTEM",
        action: "seed.demo",
        entityType: "System",
        entityId: "seed",
        at: new Date(now - 400 * 86_400_000),
        after: { units: ctx.units.length, demoUpTo: { unit: await maxId("Unit"), complaint: await maxId("Complaint"), inspection: await maxId("Inspection") } },
      });
      await appendAuditBatch(tx, rows.audits);
      // The history was inserted with its own ids: PostgreSQL's sequences must continue after them.
      if (postgres) await tx.$executeRawUnsafe(ADVANCE_ID_SEQUENCES_SQL);

      return {
        units: ctx.units.length,
        complaints: rows.complaints.length,
        complaintEvents: rows.complaintEvents.length,
        inspections: rows.inspections.length,
        findings: rows.findings.length,
        followUps: rows.followUps.length,
        responses: rows.responses.length,
        extensions: rows.extensions.length,
        escalations: rows.escalations.length,
        auditEvents: rows.audits.length + 1,
      };
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
  if (!counts) return { seeded: false, reason: "another process seeded the database first" };
  return { seeded: true, ms: Date.now() - started, counts };
}
