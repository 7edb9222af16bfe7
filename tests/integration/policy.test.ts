import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/lib/db.server";
import { sqlEngine } from "~/lib/sql/index.server";
import {
  andSql,
  findingDetailSql,
  findingDetailWhere,
  isPublicComplaint,
  overdueFollowUpSql,
  overdueFollowUpWhere,
  PROTECTED_COMPLAINT_WHERE,
  protectedComplaintSql,
  PUBLIC_COMPLAINT_WHERE,
  PUBLIC_FOLLOW_UP_WHERE,
  publicComplaintSql,
  publicFollowUpSql,
  unitScope,
  unitScopeSql,
  type SqlFragment,
} from "~/models/policy.server";
import { demoUsers, makeComplaint } from "../support/followups";

// Each rule of the policy module (app/models/policy.server.ts) is written in two query forms: a Prisma
// `where` and an SQL fragment with named parameters. On the seeded database (plus the rows a wrong
// privacy or a mis-filed pungli report would leave), both forms must select exactly the same ids, on
// both paths of the raw-SQL module (its read-only connection, and Prisma's connection through onPrisma).

const ids = (rows: { id: number | bigint }[]) => rows.map((r) => Number(r.id)).sort((a, b) => a - b);

let users: Awaited<ReturnType<typeof demoUsers>>;

beforeAll(async () => {
  users = await demoUsers();
  // Rows the strict rule exists for: a pungli report stored as public and as anonymous (a bug, an old
  // import, a hand edit), and an ordinary confidential one.
  const unitId = users.headSu2.unitId!;
  await makeComplaint({ unitId, category: "EXTORTION", privacy: "public", description: "Pungli tersimpan publik" });
  await makeComplaint({ unitId, category: "EXTORTION", privacy: "anonymous", description: "Pungli tersimpan anonim" });
  await makeComplaint({ unitId, category: "FACILITY", privacy: "confidential", description: "Rahasia biasa" });
});

describe("policy rules: the Prisma and SQL forms select the same ids on the seeded database", () => {
  it("public complaint (never confidential, never EXTORTION whatever the stored privacy)", async () => {
    const prisma = ids(await db.complaint.findMany({ where: PUBLIC_COMPLAINT_WHERE, select: { id: true } }));
    const statement = ids(await sqlEngine.read.all<{ id: number }>({ sql: `SELECT c.id FROM "Complaint" c WHERE ${publicComplaintSql("c").sql}`, params: publicComplaintSql("c").params }));
    const queryRaw = ids(await sqlEngine.onPrisma(db).all<{ id: bigint }>({ sql: `SELECT c.id FROM "Complaint" c WHERE ${publicComplaintSql("c").sql}`, params: publicComplaintSql("c").params }));
    expect(prisma.length).toBeGreaterThan(10);
    expect(statement).toEqual(prisma);
    expect(queryRaw).toEqual(prisma);
    // And the predicate agrees with both, row by row; the mis-filed pungli reports are out.
    const all = await db.complaint.findMany({ select: { id: true, privacy: true, category: true } });
    expect(ids(all.filter(isPublicComplaint))).toEqual(prisma);
    const misfiled = all.filter((c) => c.category === "EXTORTION" && c.privacy !== "confidential");
    expect(misfiled.length).toBeGreaterThanOrEqual(2);
    for (const c of misfiled) expect(prisma).not.toContain(c.id);
  });

  it("protected complaint (confidential or EXTORTION) is exactly the complement", async () => {
    const prisma = ids(await db.complaint.findMany({ where: PROTECTED_COMPLAINT_WHERE, select: { id: true } }));
    const rule = protectedComplaintSql("x");
    const statement = ids(await sqlEngine.read.all<{ id: number }>({ sql: `SELECT x.id FROM "Complaint" x WHERE ${rule.sql}`, params: rule.params }));
    const queryRaw = ids(await sqlEngine.onPrisma(db).all<{ id: bigint }>({ sql: `SELECT x.id FROM "Complaint" x WHERE ${rule.sql}`, params: rule.params }));
    expect(prisma.length).toBeGreaterThan(3);
    expect(statement).toEqual(prisma);
    expect(queryRaw).toEqual(prisma);
    const publicIds = ids(await db.complaint.findMany({ where: PUBLIC_COMPLAINT_WHERE, select: { id: true } }));
    expect([...publicIds, ...prisma].sort((a, b) => a - b)).toEqual(ids(await db.complaint.findMany({ select: { id: true } })));
  });

  it("unit scope, for each role (a unit head without a unit sees nothing)", async () => {
    const noUnit = { ...users.headSu2, unitId: null };
    for (const user of [users.inspector, users.admin, users.headSu2, users.headAal, noUnit]) {
      const prisma = ids(await db.followUp.findMany({ where: unitScope(user), select: { id: true } }));
      const rule = unitScopeSql(user, "f.unitId");
      const statement = ids(await sqlEngine.read.all<{ id: number }>({ sql: `SELECT f.id FROM "FollowUp" f WHERE ${rule.sql}`, params: rule.params }));
      const queryRaw = ids(await sqlEngine.onPrisma(db).all<{ id: bigint }>({ sql: `SELECT f.id FROM "FollowUp" f WHERE ${rule.sql}`, params: rule.params }));
      expect(statement, user.email).toEqual(prisma);
      expect(queryRaw, user.email).toEqual(prisma);
    }
    expect(ids(await db.followUp.findMany({ where: unitScope(noUnit), select: { id: true } }))).toEqual([]);
    expect((await db.followUp.findMany({ where: unitScope(users.headSu2), select: { id: true } })).length).toBeGreaterThan(0);
  });

  it("finding detail: staff read every finding's detail, others never an EXTORTION finding's", async () => {
    for (const user of [users.inspector, users.headSu2, null]) {
      const prisma = ids(await db.finding.findMany({ where: findingDetailWhere(user), select: { id: true } }));
      const rule = findingDetailSql(user, "fi");
      const statement = ids(await sqlEngine.read.all<{ id: number }>({ sql: `SELECT fi.id FROM "Finding" fi WHERE ${rule.sql}`, params: rule.params }));
      const queryRaw = ids(await sqlEngine.onPrisma(db).all<{ id: bigint }>({ sql: `SELECT fi.id FROM "Finding" fi WHERE ${rule.sql}`, params: rule.params }));
      expect(statement).toEqual(prisma);
      expect(queryRaw).toEqual(prisma);
    }
    const extortion = await db.finding.count({ where: { category: "EXTORTION" } });
    expect(extortion).toBeGreaterThan(0);
    expect(await db.finding.count({ where: findingDetailWhere(users.headSu2) })).toBe((await db.finding.count()) - extortion);
  });

  it("public follow-up (not EXTORTION, from no complaint or a public one)", async () => {
    // A follow-up of a mis-filed pungli complaint that itself is not categorised EXTORTION.
    const misfiled = await db.complaint.findFirstOrThrow({ where: { category: "EXTORTION", privacy: "public" }, select: { id: true, unitId: true } });
    await db.followUp.create({
      data: {
        sourceType: "COMPLAINT",
        complaintId: misfiled.id,
        unitId: misfiled.unitId,
        instruction: "Periksa loket",
        category: "SERVICE_QUALITY",
        ackDueAt: new Date(Date.now() + 86_400_000),
        dueAt: new Date(Date.now() + 5 * 86_400_000),
        originalDueAt: new Date(Date.now() + 5 * 86_400_000),
        createdById: users.inspector.id,
      },
    });
    const prisma = ids(await db.followUp.findMany({ where: PUBLIC_FOLLOW_UP_WHERE, select: { id: true } }));
    const rule = publicFollowUpSql("f", "c");
    const join = `LEFT JOIN "Complaint" c ON c.id = f.complaintId`;
    const statement = ids(await sqlEngine.read.all<{ id: number }>({ sql: `SELECT f.id FROM "FollowUp" f ${join} WHERE ${rule.sql}`, params: rule.params }));
    const queryRaw = ids(await sqlEngine.onPrisma(db).all<{ id: bigint }>({ sql: `SELECT f.id FROM "FollowUp" f LEFT JOIN "Complaint" c ON c.id = f.complaintId WHERE ${rule.sql}`, params: rule.params }));
    expect(prisma.length).toBeGreaterThan(0);
    expect(statement).toEqual(prisma);
    expect(queryRaw).toEqual(prisma);
    expect(await db.followUp.count()).toBeGreaterThan(prisma.length);
  });

  it("overdue follow-up (OPEN past its deadline), at several instants", async () => {
    const dates = await db.followUp.findMany({ select: { dueAt: true } });
    const instants = [new Date(), ...dates.slice(0, 5).map((d) => d.dueAt), new Date(Date.now() + 60 * 86_400_000)];
    let someOverdue = false;
    for (const now of instants) {
      const prisma = ids(await db.followUp.findMany({ where: overdueFollowUpWhere(now), select: { id: true } }));
      const rule = andSql(overdueFollowUpSql(now, "f"), unitScopeSql(users.inspector, "f.unitId"));
      const statement = ids(await sqlEngine.read.all<{ id: number }>({ sql: `SELECT f.id FROM "FollowUp" f WHERE ${rule.sql}`, params: rule.params }));
      const queryRaw = ids(await sqlEngine.onPrisma(db).all<{ id: bigint }>({ sql: `SELECT f.id FROM "FollowUp" f WHERE ${rule.sql}`, params: rule.params }));
      expect(statement).toEqual(prisma);
      expect(queryRaw).toEqual(prisma);
      someOverdue ||= prisma.length > 0;
    }
    expect(someOverdue).toBe(true);
  });

  it("a fragment with a parameter it has no value for is refused on both paths", async () => {
    await expect(sqlEngine.onPrisma(db).all({ sql: `SELECT c.id FROM "Complaint" c WHERE c.privacy <> @nothing`, params: {} })).rejects.toThrow(/nothing/);
    await expect(sqlEngine.read.all({ sql: `SELECT c.id FROM "Complaint" c WHERE c.privacy <> @nothing`, params: {} })).rejects.toThrow(/nothing/);
    expect(() => andSql({ sql: "a = @x", params: { x: 1 } }, { sql: "b = @x", params: { x: 2 } })).toThrow(/@x/);
  });
});
