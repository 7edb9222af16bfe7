import crypto from "node:crypto";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "~/lib/db.server";
import { verifyAuditChain } from "~/lib/audit.server";
import type { SqlFragment, SqlTx } from "~/lib/sql/index.server";
import { bindPositional } from "~/lib/sql/fragment";
import { createComplaint } from "~/models/complaint/filing.server";
import { GOOD_DESCRIPTION, unitIdBySlugPart } from "../support/complaints";

// Issue 17, group commit (docs/decisions/0023): complaints filed at the same moment share one
// transaction (SQLite's BEGIN IMMEDIATE … COMMIT; on PostgreSQL one transaction holding the raw writers'
// lock, `npm run test:pg`). Twenty filings at once give twenty complaints with twenty distinct
// references and an intact audit chain; a filing that fails inside the shared transaction is rolled back
// alone and its neighbours are kept. That they really shared a transaction is seen from outside: a
// filing that runs after others of its batch sees their rows inside the transaction, while a separate
// connection does not see them yet (they are not committed).

const N = 20;
const url = process.env.DATABASE_URL!;
const onPostgres = /^postgres(ql)?:/.test(url);
// A second connection, as another process (or app server) would read the database: it sees committed rows only.
const sqliteOutside = onPostgres ? null : new Database(url.replace(/^file:/, ""), { readonly: true });
const postgresOutside = onPostgres ? new pg.Client({ connectionString: url }) : null;
beforeAll(() => postgresOutside?.connect());
afterAll(async () => {
  sqliteOutside?.close();
  await postgresOutside?.end();
});

const countSql = (marker: string): SqlFragment => ({ sql: `SELECT count(*) AS n FROM "Complaint" WHERE description LIKE @like`, params: { like: `%${marker}%` } });
/** Complaints carrying the marker, as the filing transaction (`tx`) or the outside connection sees them. */
const inside = async (tx: SqlTx, marker: string) => Number((await tx.get<{ n: number }>(countSql(marker)))!.n);
const outsideCount = async (marker: string) => {
  const q = countSql(marker);
  if (postgresOutside) {
    const { text, values } = bindPositional(q, (i) => `$${i}`);
    return Number((await postgresOutside.query(text, values as unknown[])).rows[0].n);
  }
  return (sqliteOutside!.prepare(q.sql).get(q.params) as { n: number }).n;
};

/** N filings started together; `failAt` throws after that one's rows are written (inside its transaction). */
async function fileTogether(marker: string, failAt?: number) {
  const unitId = await unitIdBySlugPart("Seberang Ulu Dua");
  const seen: Array<{ inside: number; outside: number }> = [];
  let atFailure: { inside: number; outside: number } | null = null;
  const results = await Promise.allSettled(
    Array.from({ length: N }, (_, i) =>
      createComplaint(
        { unitId, category: "WAITING_TIME", privacy: "public", description: `${GOOD_DESCRIPTION} ${marker} #${i}` },
        {
          ip: "10.9.9.9",
          beforeInsert: async (tx) => {
            seen.push({ inside: await inside(tx, marker), outside: await outsideCount(marker) });
            return undefined;
          },
          afterInsert: async (tx) => {
            if (i !== failAt) return;
            atFailure = { inside: await inside(tx, marker), outside: await outsideCount(marker) };
            throw new Error(`filing ${i} fails after its rows are written`);
          },
        },
      ),
    ),
  );
  return { results, seen, atFailure: atFailure as { inside: number; outside: number } | null };
}

describe("complaints filed at the same moment share one commit", () => {
  it(`${N} filings at once: ${N} complaints, ${N} distinct references, the audit chain intact`, async () => {
    const marker = `GROUP-${crypto.randomBytes(4).toString("hex")}`;
    const { results, seen } = await fileTogether(marker);
    const refs = results.map((r) => (r.status === "fulfilled" && r.value.ok ? r.value.complaint.ref : null));
    expect(refs.every((ref) => ref !== null)).toBe(true);
    expect(new Set(refs).size).toBe(N);
    const stored = await db.complaint.findMany({ where: { description: { contains: marker } }, select: { id: true, ref: true } });
    expect(stored.map((c) => c.ref).sort()).toEqual([...refs].sort());
    const events = await db.auditEvent.count({ where: { action: "complaint.create", entityId: { in: stored.map((c) => String(c.id)) } } });
    expect(events).toBe(N);
    expect(await verifyAuditChain()).toMatchObject({ ok: true });
    // Some filing ran while earlier ones of its batch were written but not yet committed: one transaction.
    expect(seen.some((s) => s.inside > s.outside)).toBe(true);
  });

  it("a filing that fails inside the shared transaction is rolled back alone; the others are kept", async () => {
    const marker = `GROUPFAIL-${crypto.randomBytes(4).toString("hex")}`;
    const auditBefore = await db.auditEvent.count();
    const failAt = 7;
    const { results, atFailure } = await fileTogether(marker, failAt);
    const failed = results.filter((r) => r.status === "rejected");
    expect(failed).toHaveLength(1);
    expect(String((results[failAt] as PromiseRejectedResult).reason)).toContain(`filing ${failAt} fails`);
    expect(results.filter((r) => r.status === "fulfilled" && r.value.ok)).toHaveLength(N - 1);
    // Its rows (complaint, audit event) are gone; the others' are all there, the chain unbroken.
    expect(await db.complaint.count({ where: { description: { contains: marker } } })).toBe(N - 1);
    expect(await db.complaint.count({ where: { description: { contains: `${marker} #${failAt}` } } })).toBe(0);
    expect(await db.auditEvent.count()).toBe(auditBefore + N - 1);
    expect(await verifyAuditChain()).toMatchObject({ ok: true });
    // And the failing one shared its transaction with others, kept (it did not run alone): when it
    // failed, its transaction held its own row and at least one more not yet committed.
    expect(atFailure).not.toBeNull();
    expect(atFailure!.inside - atFailure!.outside).toBeGreaterThanOrEqual(2);
  });
});

describe("the web form's daily allowance, counted inside the shared transaction", () => {
  it("holds for posts from one address at the same moment: exactly the allowance is filed, the rest are 429 and store nothing", async () => {
    const marker = `ALLOWANCE-${crypto.randomBytes(4).toString("hex")}`;
    const ip = `10.77.${crypto.randomInt(256)}.${crypto.randomInt(256)}`;
    const unitId = await unitIdBySlugPart("Seberang Ulu Dua");
    const allowance = 3;
    const file = (i: number) =>
      createComplaint({ unitId, category: "WAITING_TIME", privacy: "public", description: `${GOOD_DESCRIPTION} ${marker} #${i}` }, { ip, dailyAllowance: allowance });
    // Counted before the transaction, all eight would see none filed yet and all would be stored.
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => file(i)));
    expect(results.filter((r) => r.ok)).toHaveLength(allowance);
    const refused = results.filter((r) => !r.ok);
    expect(refused).toHaveLength(8 - allowance);
    for (const r of refused) expect(r).toMatchObject({ ok: false, status: 429, overDailyAllowance: true });
    expect(await db.complaint.count({ where: { description: { contains: marker } } })).toBe(allowance);
    // Another address is not held back by this one.
    expect((await createComplaint({ unitId, category: "WAITING_TIME", privacy: "public", description: `${GOOD_DESCRIPTION} ${marker} other` }, { ip: ip.replace("10.77.", "10.78."), dailyAllowance: allowance })).ok).toBe(true);
  });
});
