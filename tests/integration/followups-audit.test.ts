import Database from "better-sqlite3";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/lib/db.server";
import { sqlitePath } from "~/lib/env.server";
import { verifyAuditChain } from "~/lib/audit.server";
import { answerFollowUp } from "~/models/follow-up/commands.server";
import { runScript } from "../support/cli";
import { demoUsers, makeFollowUp } from "../support/followups";

// The audit trail is append-only (triggers) and hash-chained: an attacker with the database file can drop
// the trigger and edit a row, but `verifyAuditChain` and `npm run audit:verify` then name that row.

const auditVerify = () => runScript("scripts/audit-verify.ts");

let answerEventId: number;

beforeAll(async () => {
  const users = await demoUsers();
  const fu = await makeFollowUp({ unitId: users.headSu2.unitId!, createdById: users.inspector.id, quantity: 50 });
  await answerFollowUp(users.headSu2, fu.id, { body: "Sudah diserahkan 45 kartu.", outstandingQuantity: 5 });
  answerEventId = (await db.auditEvent.findFirstOrThrow({ where: { entityId: String(fu.id), action: "followup.answer" } })).id;
  // A few events after it, so the altered row is in the middle of the chain.
  await makeFollowUp({ unitId: users.headSu2.unitId!, createdById: users.inspector.id });
});

describe("audit trail", () => {
  it("is intact, and the script says ok with the row count", async () => {
    const verdict = await verifyAuditChain();
    expect(verdict.ok).toBe(true);
    const { code, out } = await auditVerify();
    expect(code, out).toBe(0);
    expect(out).toMatch(new RegExp(`ok: ${verdict.rows} audit event`));
  }, 60_000);

  it("refuses UPDATE and DELETE while the triggers are in place", async () => {
    await expect(db.$executeRawUnsafe(`UPDATE "AuditEvent" SET "after" = '{}' WHERE id = ${answerEventId}`)).rejects.toThrow(/append-only/);
    await expect(db.$executeRawUnsafe(`DELETE FROM "AuditEvent" WHERE id = ${answerEventId}`)).rejects.toThrow(/append-only/);
  });

  it("names the altered row when an attacker drops the trigger and edits it", async () => {
    // The attacker works on the file directly, not through the app.
    const file = new Database(sqlitePath(process.env.DATABASE_URL!));
    file.exec(`DROP TRIGGER "AuditEvent_no_update"`);
    const changed = file
      .prepare(`UPDATE "AuditEvent" SET "after" = replace("after", '"outstandingQuantity":5', '"outstandingQuantity":0') WHERE id = ?`)
      .run(answerEventId);
    file.close();
    expect(changed.changes).toBe(1);

    const verdict = await verifyAuditChain();
    expect(verdict).toMatchObject({ ok: false, brokenAtId: answerEventId, reason: "content altered" });

    const { code, out } = await auditVerify();
    expect(code, out).toBe(1);
    expect(out).toContain(`id=${answerEventId}`);
    expect(out).toMatch(/content altered/);
  }, 60_000);
});
