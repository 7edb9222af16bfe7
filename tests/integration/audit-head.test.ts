import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { db } from "~/lib/db.server";
import { sqlitePath } from "~/lib/env.server";
import * as headJson from "~/routes/audit.head[.]json";
import * as dashboard from "~/routes/dashboard";
import { demoUsers, makeFollowUp } from "../support/followups";
import { runScript } from "../support/cli";

// The published audit head (issue 23): the chain alone cannot show that its newest rows were cut off;
// a head saved earlier can.

const verify = (...args: string[]) => runScript("scripts/audit-verify.ts", args, { env: { DATABASE_URL: process.env.DATABASE_URL! } });

async function newest() {
  const row = await db.auditEvent.findFirstOrThrow({ orderBy: { id: "desc" } });
  return { count: await db.auditEvent.count(), hash: row.hash };
}

describe("audit head", () => {
  it("is served at /audit/head.json and shown on /dashboard", async () => {
    const expected = await newest();
    const res = await headJson.loader();
    expect(res.headers.get("Content-Type")).toBe("application/json");
    const body = await res.json();
    expect(body).toMatchObject({ count: expected.count, hash: expected.hash, expect: `${expected.count}:${expected.hash}` });

    const page = await dashboard.loader({ request: new Request("http://localhost/dashboard"), params: {}, context: {} });
    const data = await page.json();
    expect(data.auditHead).toMatchObject(expected);
  });

  it("audit:verify --expect passes while the log only grows, and fails once rows after an older point are deleted", async () => {
    const saved = await newest();
    const users = await demoUsers();
    for (let i = 0; i < 3; i++) await makeFollowUp({ unitId: users.headSu2.unitId!, createdById: users.inspector.id });
    expect((await newest()).count).toBeGreaterThan(saved.count);

    const grown = await verify("--expect", `${saved.count}:${saved.hash}`);
    expect(grown.code, grown.out).toBe(0);
    expect(grown.out).toContain("chain intact");

    // The attacker removes the newest events, the saved head among them, working on the file directly.
    const file = new Database(sqlitePath(process.env.DATABASE_URL!));
    file.exec(`DROP TRIGGER "AuditEvent_no_delete"`);
    const cut = (await db.auditEvent.findMany({ orderBy: { id: "desc" }, take: 5, select: { id: true } })).map((r) => r.id);
    file.prepare(`DELETE FROM "AuditEvent" WHERE id IN (${cut.join(",")})`).run();
    file.close();

    // The chain that is left is intact: only the saved head tells.
    const plain = await verify();
    expect(plain.code, plain.out).toBe(0);
    expect(plain.out).toContain("chain intact");
    const checked = await verify("--expect", `${saved.count}:${saved.hash}`);
    expect(checked.code).toBe(1);
    expect(checked.out).toMatch(/BROKEN.*(fewer than the \d+ of the expected head|does not carry the expected head's hash)/);
  }, 60_000);

  it("says how to write --expect when it is malformed", async () => {
    const run = await verify("--expect", "12:nothex");
    expect(run.code).toBe(1);
    expect(run.out.trim()).toBe('[audit:verify] --expect "12:nothex" is not <count>:<sha256 hex>. usage: npm run audit:verify [-- --expect <count>:<sha256 hex>]');
  }, 30_000);
});
