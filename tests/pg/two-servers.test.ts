import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startServer, type TestServer } from "../support/server";
import { formBody, rawRequest, sessionCookie } from "../support/http";
import { lanes, sha256, submitComplaint } from "../support/load";
import { runScript } from "../support/cli";
import { createDatabase, queryPostgres } from "../support/postgres";

// Issue 18, "Done when": two app servers on one PostgreSQL database, as behind a load balancer. 200
// complaints posted at once through both: every acknowledged one stored once, references unique.
// Escalation run by two servers at the same moment escalates each follow-up and level once. The audit
// chain written by both verifies. A session made on one server works on the other and ends on both;
// a complaint filed on one shows on the other's cached public list.

let url: string;
let a: TestServer | undefined;
let b: TestServer | undefined;

const query = <T extends pg.QueryResultRow>(text: string, values: unknown[] = []) => queryPostgres<T>(url, text, values);

/** A tracking code's stored hash: of its ungrouped form (app/lib/tracking-code.ts). */
const trackingHash = (code: string) => sha256(code.replaceAll("-", ""));

beforeAll(async () => {
  url = await createDatabase(inject("pgAdminUrl"), "two_servers");
  // The first server migrates and seeds; the second finds both done. The pool's wait bound is raised: this
  // file is about every write arriving once on a loaded test machine, not about answering 503 in time
  // (tests/pg/boot.test.ts checks that).
  const env = { DATABASE_URL: url, SEED_DEMO: "1", DATABASE_POOL_TIMEOUT_MS: "60000" };
  a = await startServer(env);
  b = await startServer(env);
}, 180_000);

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
});

describe("two app servers on one PostgreSQL", () => {
  it("store each of 200 complaints posted at once through both exactly once, with unique references", async () => {
    const [{ n: before }] = await query<{ n: string }>(`SELECT count(*) AS n FROM "Complaint"`);
    const units = (await query<{ id: number }>(`SELECT id FROM "Unit" WHERE active ORDER BY id`)).map((u) => u.id);
    const started = Date.now();
    const submissions = await lanes(200, { total: 200 }, (i) => submitComplaint((i % 2 === 0 ? a! : b!).url, units[i % units.length]!, i));
    console.log(`[two servers] 200 complaints through two servers in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const acknowledged = submissions.filter((s) => s.ok);
    expect(submissions.filter((s) => !s.ok)).toEqual([]);
    expect(acknowledged).toHaveLength(200);

    const stored = await query<{ trackingHash: string; n: string }>(
      `SELECT "trackingHash", count(*) AS n FROM "Complaint" WHERE "trackingHash" = ANY($1) GROUP BY "trackingHash"`,
      [acknowledged.map((s) => trackingHash(s.trackingCode!))],
    );
    expect(stored).toHaveLength(200);
    expect(stored.every((r) => Number(r.n) === 1)).toBe(true);
    const [{ n: after, refs }] = await query<{ n: string; refs: string }>(`SELECT count(*) AS n, count(DISTINCT ref) AS refs FROM "Complaint"`);
    expect(Number(after) - Number(before)).toBe(200);
    expect(refs).toBe(after);
  }, 180_000);

  it("escalate each overdue follow-up and level once when both servers run the escalation at the same moment", async () => {
    // Ten open follow-ups made 40 days overdue and never escalated: each must reach its level once.
    const overdue = await query<{ id: number }>(
      `UPDATE "FollowUp" SET "dueAt" = now() - interval '40 days', "ackDueAt" = now() - interval '45 days', "escalationLevel" = 0, "overdueAt" = NULL
       WHERE id IN (SELECT id FROM "FollowUp" WHERE state = 'OPEN' ORDER BY id LIMIT 10) RETURNING id`,
    );
    expect(overdue).toHaveLength(10);
    const ids = overdue.map((f) => f.id);
    await query(`DELETE FROM "Escalation" WHERE "followUpId" = ANY($1)`, [ids]);
    // The demo history has audit events of earlier escalations: only the ones written from here on count.
    const [{ last: lastAudit }] = await query<{ last: number }>(`SELECT max(id) AS last FROM "AuditEvent"`);

    const runs = await Promise.all([1, 2].map(() => runScript("scripts/escalate.ts", [], { env: { DATABASE_URL: url } })));
    for (const run of runs) expect(run.code, run.out).toBe(0);
    const reported = runs.flatMap((run) => JSON.parse(run.out.match(/^escalated (.*)$/m)![1]!) as { followUpId: number; level: number }[]);
    const mine = reported.filter((e) => ids.includes(e.followUpId));

    const rows = await query<{ followUpId: number; level: number }>(`SELECT "followUpId", level FROM "Escalation" WHERE "followUpId" = ANY($1) ORDER BY 1, 2`, [ids]);
    // Every escalation row was reported by exactly one of the two runs.
    expect(rows.length).toBeGreaterThanOrEqual(10);
    expect(mine.map((e) => `${e.followUpId}:${e.level}`).sort()).toEqual(rows.map((e) => `${e.followUpId}:${e.level}`).sort());
    const audits = await query<{ entityId: string; action: string; n: string }>(
      `SELECT "entityId", action, count(*) AS n FROM "AuditEvent" WHERE "entityType" = 'FollowUp' AND action LIKE 'followup.escalate.%' AND "entityId" = ANY($1) AND id > $2 GROUP BY 1, 2`,
      [ids.map(String), lastAudit],
    );
    expect(audits).toHaveLength(rows.length);
    expect(audits.every((r) => Number(r.n) === 1)).toBe(true);
  }, 120_000);

  it("keep one audit chain that verifies", async () => {
    const verify = await runScript("scripts/audit-verify.ts", [], { env: { DATABASE_URL: url } });
    expect(verify.out).toMatch(/^ok/m);
    expect(verify.code).toBe(0);
  });

  it("share sessions: signed in on one server, known on the other, signed out on both", async () => {
    const cookie = await sessionCookie(a!, "inspektur@demo.tindak.id");
    expect((await rawRequest(b!, "GET", "/inspections", { cookie })).status).toBe(200);
    const out = await rawRequest(a!, "POST", "/logout", { cookie, body: formBody({}) });
    expect([302, 303]).toContain(out.status);
    const after = await rawRequest(b!, "GET", "/inspections", { cookie });
    expect(after.status).toBe(302);
    expect(after.headers.location).toMatch(/\/login/);
  });

  it("show a complaint filed on one server on the other's cached public list", async () => {
    // Server B answers from its cache once it has heard the data version (its listener starts with the first request).
    await expect.poll(async () => (await rawRequest(b!, "GET", "/complaints")).headers["x-cache"], { timeout: 10_000, interval: 100 }).toBe("HIT");
    const [{ id: unitId }] = await query<{ id: number }>(`SELECT id FROM "Unit" WHERE active ORDER BY id LIMIT 1`);
    const filed = await submitComplaint(a!.url, unitId, 9001);
    expect(filed.ok).toBe(true);
    const [{ ref }] = await query<{ ref: string }>(`SELECT ref FROM "Complaint" WHERE "trackingHash" = $1`, [trackingHash(filed.trackingCode!)]);
    // The notification of the new data version reaches server B shortly after the commit.
    await expect.poll(async () => (await rawRequest(b!, "GET", "/complaints")).text, { timeout: 10_000, interval: 100 }).toContain(ref);
  });
});
