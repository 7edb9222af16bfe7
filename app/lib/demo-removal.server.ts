import type Database from "better-sqlite3";
import { appendAuditSync } from "./audit.server";
import { DEMO_EMAIL_DOMAIN } from "./boot.server";
import { sha256 } from "./crypto.server";

// `npm run demo:remove` (issue 23): takes the Palembang demo out of a database a city has started to use,
// and leaves the city's own records alone. What the demo is:
// - its history: every complaint and inspection the seed wrote, with everything hanging off them
//   (events, answers, findings, follow-ups, answers to them, extensions, escalations, photos). The seed
//   runs only while Unit is empty and records the highest id it gave (`demoUpTo` in its `seed.demo` audit
//   event); for a database seeded before it did, rows created up to the seed's own clock (`at` + 400
//   days, prisma/seed.ts) are the demo's;
// - its accounts (@demo.tindak.id). One that a kept record names (say the demo inspector verified a real
//   complaint) is kept, disabled, with no usable password, so the record keeps its author;
// - its units, unless a kept record or account uses them (or `keepUnits`: a Palembang installation may
//   want the official unit list);
// - the published demo Open311 key (revoked instead when a kept complaint came through it).
// Holidays, deadline rules and checklist templates are reference data, not demo, and stay. The audit
// trail is append-only (ADR 0005): its rows stay, and one `demo.remove` event records what went.

export type DemoRemoval = {
  /** Rows removed (or, in a dry run, that would be), by what a person calls them. */
  counts: Record<string, number>;
  /** Demo accounts kept (disabled) because kept records name them. */
  keptAccounts: string[];
  /** Demo units kept because kept records use them (or because keepUnits). */
  keptUnits: number;
  /** Storage keys of the removed photos, by backend: delete the files after the commit. */
  photos: Array<{ storageKey: string; backend: string }>;
  /** How the demo's rows were told apart. */
  boundary: { source: "seed record" | "seed clock" | "no demo seed"; unit: number; complaint: number; inspection: number };
  total: number;
};

type Sqlite = Database.Database;

const DAY = 86_400_000;

/**
 * The highest id of the demo's rows in each root table. `fromClock` ignores the seed's record and uses
 * what a database seeded before the record existed has to use (tests compare the two).
 */
export function demoBoundary(sqlite: Sqlite, options: { fromClock?: boolean } = {}): DemoRemoval["boundary"] {
  const seed = sqlite.prepare(`SELECT at, after FROM "AuditEvent" WHERE action = 'seed.demo' ORDER BY id LIMIT 1`).get() as
    | { at: number; after: string | null }
    | undefined;
  if (!seed) return { source: "no demo seed", unit: 0, complaint: 0, inspection: 0 };
  const recorded = (JSON.parse(seed.after ?? "{}") as { demoUpTo?: { unit: number; complaint: number; inspection: number } }).demoUpTo;
  if (recorded && !options.fromClock) return { source: "seed record", ...recorded };
  const seededAt = Number(seed.at) + 400 * DAY;
  const upTo = (table: string) =>
    (sqlite.prepare(`SELECT COALESCE(MAX(id), 0) AS m FROM "${table}" WHERE typeof(createdAt) = 'integer' AND createdAt <= ?`).get(seededAt) as { m: number }).m;
  return { source: "seed clock", unit: upTo("Unit"), complaint: upTo("Complaint"), inspection: upTo("Inspection") };
}

/**
 * Removes the demo inside one transaction on `sqlite` (foreign keys on: a reference this code forgot
 * fails the whole removal instead of leaving a dangling row). With `dryRun` the transaction is rolled
 * back: the counts are those a real run would give.
 */
export function removeDemoData(sqlite: Sqlite, options: { dryRun: boolean; keepUnits?: boolean; now?: Date }): DemoRemoval {
  const now = options.now ?? new Date();
  sqlite.pragma("foreign_keys = ON");
  let result: DemoRemoval | undefined;
  const rollback = new Error("dry run");
  const run = sqlite.transaction(() => {
    const boundary = demoBoundary(sqlite);
    const exec = (sql: string, ...params: unknown[]) => sqlite.prepare(sql).run(...params).changes;
    const count = (sql: string, ...params: unknown[]) => (sqlite.prepare(sql).get(...params) as { n: number }).n;

    // The demo's rows, gathered first into temporary tables, children from their parents.
    for (const t of ["c", "i", "f", "fu", "r", "ev", "ans", "u", "unit"]) exec(`DROP TABLE IF EXISTS temp.demo_${t}`);
    exec(`CREATE TEMP TABLE demo_c AS SELECT id FROM "Complaint" WHERE id <= ?`, boundary.complaint);
    exec(`CREATE TEMP TABLE demo_i AS SELECT id FROM "Inspection" WHERE id <= ?`, boundary.inspection);
    exec(`CREATE TEMP TABLE demo_f AS SELECT id FROM "Finding" WHERE inspectionId IN (SELECT id FROM demo_i)`);
    exec(`CREATE TEMP TABLE demo_fu AS SELECT id FROM "FollowUp" WHERE complaintId IN (SELECT id FROM demo_c) OR findingId IN (SELECT id FROM demo_f)`);
    exec(`CREATE TEMP TABLE demo_r AS SELECT id FROM "Response" WHERE followUpId IN (SELECT id FROM demo_fu)`);
    exec(`CREATE TEMP TABLE demo_ev AS SELECT id FROM "ComplaintEvent" WHERE complaintId IN (SELECT id FROM demo_c)`);
    exec(`CREATE TEMP TABLE demo_ans AS SELECT id FROM "ChecklistAnswer" WHERE inspectionId IN (SELECT id FROM demo_i)`);

    const photoWhere = `complaintId IN (SELECT id FROM demo_c) OR complaintEventId IN (SELECT id FROM demo_ev)
      OR inspectionId IN (SELECT id FROM demo_i) OR findingId IN (SELECT id FROM demo_f)
      OR checklistAnswerId IN (SELECT id FROM demo_ans) OR responseId IN (SELECT id FROM demo_r)`;
    const photos = sqlite.prepare(`SELECT storageKey, backend FROM "Attachment" WHERE ${photoWhere}`).all() as DemoRemoval["photos"];

    const counts: Record<string, number> = {};
    counts.photos = exec(`DELETE FROM "Attachment" WHERE ${photoWhere}`);
    counts.escalations = exec(`DELETE FROM "Escalation" WHERE followUpId IN (SELECT id FROM demo_fu)`);
    counts.extensionRequests = exec(`DELETE FROM "ExtensionRequest" WHERE followUpId IN (SELECT id FROM demo_fu)`);
    counts.responses = exec(`DELETE FROM "Response" WHERE id IN (SELECT id FROM demo_r)`);
    counts.followUps = exec(`DELETE FROM "FollowUp" WHERE id IN (SELECT id FROM demo_fu)`);
    counts.findings = exec(`DELETE FROM "Finding" WHERE id IN (SELECT id FROM demo_f)`);
    exec(`DELETE FROM "InspectionComplaint" WHERE inspectionId IN (SELECT id FROM demo_i) OR complaintId IN (SELECT id FROM demo_c)`);
    counts.checklistAnswers = exec(`DELETE FROM "ChecklistAnswer" WHERE id IN (SELECT id FROM demo_ans)`);
    exec(`DELETE FROM "InspectionAmendment" WHERE inspectionId IN (SELECT id FROM demo_i)`);
    counts.inspections = exec(`DELETE FROM "Inspection" WHERE id IN (SELECT id FROM demo_i)`);
    // A kept complaint marked as a duplicate of a demo one loses only that link.
    counts.duplicateLinksCleared = exec(
      `UPDATE "Complaint" SET duplicateOfId = NULL WHERE duplicateOfId IN (SELECT id FROM demo_c) AND id NOT IN (SELECT id FROM demo_c)`,
    );
    exec(`DELETE FROM "ChannelComplaint" WHERE complaintId IN (SELECT id FROM demo_c)`);
    exec(`DELETE FROM "Open311Submission" WHERE complaintId IN (SELECT id FROM demo_c)`);
    counts.complaintEvents = exec(`DELETE FROM "ComplaintEvent" WHERE id IN (SELECT id FROM demo_ev)`);
    // Demo complaints that are duplicates of each other: unlink first, then delete.
    exec(`UPDATE "Complaint" SET duplicateOfId = NULL WHERE id IN (SELECT id FROM demo_c) AND duplicateOfId IS NOT NULL`);
    counts.complaints = exec(`DELETE FROM "Complaint" WHERE id IN (SELECT id FROM demo_c)`);

    // The published demo Open311 key: gone, or revoked when a kept complaint came through it.
    const demoKeyHash = sha256("demo-open311-key");
    const keyInUse = count(
      `SELECT COUNT(*) AS n FROM "ApiKey" k WHERE k.keyHash = ? AND (EXISTS (SELECT 1 FROM "Complaint" WHERE apiKeyId = k.id) OR EXISTS (SELECT 1 FROM "Open311Submission" WHERE apiKeyId = k.id))`,
      demoKeyHash,
    );
    counts.apiKeys = keyInUse ? 0 : exec(`DELETE FROM "ApiKey" WHERE keyHash = ?`, demoKeyHash);
    counts.apiKeysRevoked = keyInUse ? exec(`UPDATE "ApiKey" SET revokedAt = ? WHERE keyHash = ? AND revokedAt IS NULL`, now.getTime(), demoKeyHash) : 0;

    // Demo accounts: kept (disabled, no usable password) when a kept record names them.
    exec(`CREATE TEMP TABLE demo_u AS SELECT id, email FROM "User" WHERE email LIKE ?`, `%${DEMO_EMAIL_DOMAIN}`);
    const named = `SELECT inspectorId FROM "Inspection" UNION SELECT authorId FROM "InspectionAmendment"
      UNION SELECT createdById FROM "FollowUp" UNION SELECT authorId FROM "Response" UNION SELECT verdictById FROM "Response"
      UNION SELECT requestedById FROM "ExtensionRequest" UNION SELECT decidedById FROM "ExtensionRequest"
      UNION SELECT authorId FROM "ComplaintEvent" UNION SELECT createdById FROM "ApiKey"`;
    const kept = sqlite.prepare(`SELECT id, email FROM demo_u WHERE id IN (${named}) ORDER BY email`).all() as Array<{ id: number; email: string }>;
    const keptIds = JSON.stringify(kept.map((u) => u.id));
    // "!" is no argon2 hash: no password opens a kept account.
    counts.accountsDisabled = exec(
      `UPDATE "User" SET disabledAt = COALESCE(disabledAt, ?), passwordHash = '!', updatedAt = ? WHERE id IN (SELECT value FROM json_each(?)) AND (disabledAt IS NULL OR passwordHash <> '!')`,
      now.getTime(),
      now.getTime(),
      keptIds,
    );
    exec(`DELETE FROM "Session" WHERE userId IN (SELECT id FROM demo_u)`);
    exec(`DELETE FROM "Notification" WHERE userId IN (SELECT id FROM demo_u) AND userId NOT IN (SELECT value FROM json_each(?))`, keptIds);
    exec(`DELETE FROM "Notification" WHERE userId IS NULL AND toEmail LIKE ?`, `%${DEMO_EMAIL_DOMAIN}`);
    exec(`DELETE FROM "LoginFailure" WHERE email LIKE ?`, `%${DEMO_EMAIL_DOMAIN}`);
    exec(`DELETE FROM "LoginAddress" WHERE email LIKE ?`, `%${DEMO_EMAIL_DOMAIN}`);
    counts.accounts = exec(`DELETE FROM "User" WHERE id IN (SELECT id FROM demo_u) AND id NOT IN (SELECT value FROM json_each(?))`, keptIds);

    // Demo units nobody uses any more.
    exec(`CREATE TEMP TABLE demo_unit AS SELECT id FROM "Unit" WHERE id <= ?`, boundary.unit);
    const unitUsed = `SELECT unitId FROM "User" WHERE unitId IS NOT NULL UNION SELECT unitId FROM "Complaint" UNION SELECT unitId FROM "Inspection"
      UNION SELECT unitId FROM "Finding" UNION SELECT unitId FROM "FollowUp"`;
    counts.units = options.keepUnits ? 0 : exec(`DELETE FROM "Unit" WHERE id IN (SELECT id FROM demo_unit) AND id NOT IN (${unitUsed})`);
    const keptUnits = count(`SELECT COUNT(*) AS n FROM "Unit" WHERE id IN (SELECT id FROM demo_unit)`);

    for (const t of ["c", "i", "f", "fu", "r", "ev", "ans", "u", "unit"]) exec(`DROP TABLE temp.demo_${t}`);

    const total = Object.entries(counts).reduce((sum, [name, n]) => (name === "duplicateLinksCleared" ? sum : sum + n), 0);
    // Accounts kept and disabled by an earlier run are not counted again: a second run is a no-op.
    result = { counts, keptAccounts: kept.map((u) => u.email), keptUnits, photos, boundary, total };
    if (total > 0 && !options.dryRun) {
      appendAuditSync(sqlite, {
        actorKind: "SYSTEM",
        action: "demo.remove",
        entityType: "System",
        entityId: "demo",
        at: now,
        after: { ...counts, keptAccounts: kept.length, keptUnits, boundary },
      });
    }
    if (options.dryRun) throw rollback;
  });
  try {
    run.immediate();
  } catch (error) {
    if (error !== rollback) throw error;
  }
  return result!;
}
