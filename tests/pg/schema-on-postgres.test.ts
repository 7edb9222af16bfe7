import fs from "node:fs";
import crypto from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { applyPostgresMigrations } from "~/lib/migrate-pg.server";
import { createDatabase, postgresPrisma, queryPostgres } from "../support/postgres";

// Issue 18, "one schema, two engines" (the foundation): the PostgreSQL migrations generated from
// prisma/schema.prisma (npm run db:pg-schema) apply to an empty PostgreSQL cluster, and the generated
// PostgreSQL Prisma client, through @prisma/adapter-pg, stores and reads Tindak's records there.

let url = "";
let prisma: Awaited<ReturnType<typeof postgresPrisma>>;
const schemaText = fs.readFileSync("prisma/schema.prisma", "utf8");
const models = [...schemaText.matchAll(/^model (\w+) \{/gm)].map((m) => m[1]);
/** The columns each model declares in prisma/schema.prisma: its scalar fields (relations have no column). */
const columnsByModel = new Map(
  [...schemaText.matchAll(/^model (\w+) \{\n([\s\S]*?)^\}/gm)].map((m) => [
    m[1],
    [...m[2].matchAll(/^\s+(\w+)\s+(?:String|Int|BigInt|Float|Decimal|Boolean|DateTime|Bytes|Json)\??(?:\s|$)/gm)].map((f) => f[1]).sort(),
  ]),
);

beforeAll(async () => {
  url = await createDatabase(inject("pgAdminUrl"), "schema_on_postgres");
});
afterAll(async () => {
  await prisma?.$disconnect();
});

const sql = <T extends pg.QueryResultRow>(text: string, values: unknown[] = []) => queryPostgres<T>(url, text, values);

describe("the generated PostgreSQL schema on a real PostgreSQL", () => {
  it("applies to an empty database once, with a table for every model and a column for every field of prisma/schema.prisma", async () => {
    const first = await applyPostgresMigrations(url);
    expect(first.applied.length).toBeGreaterThan(0);
    expect(first.applied).toHaveLength(first.total);

    const tables = (await sql<{ table_name: string }>(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`)).map((r) => r.table_name);
    expect(models.length).toBeGreaterThan(30);
    expect(tables.sort()).toEqual([...models, "_prisma_migrations"].sort());
    const recorded = await sql<{ migration_name: string }>(`SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL ORDER BY migration_name`);
    expect(recorded.map((r) => r.migration_name)).toEqual(first.applied);

    // Every column of every model: a schema change whose PostgreSQL migration is missing shows here.
    const columns = await sql<{ table_name: string; column_name: string }>(
      `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'`,
    );
    const actual = new Map<string, string[]>();
    for (const c of columns) actual.set(c.table_name, [...(actual.get(c.table_name) ?? []), c.column_name]);
    for (const list of actual.values()) list.sort();
    expect(columnsByModel.get("Complaint")).toContain("trackingHash");
    expect(actual).toEqual(columnsByModel);

    // A second start (another app server, a restart) applies nothing again.
    expect(await applyPostgresMigrations(url)).toEqual({ applied: [], total: first.total });
  });

  it("stores and reads a unit, a complaint with its events and duplicate, and an audit event through Prisma", async () => {
    prisma = await postgresPrisma(url);
    const unit = await prisma.unit.create({
      data: { slug: "upt-dukcapil-ilir-barat-i", name: "UPT Dukcapil Ilir Barat I", type: "DUKCAPIL", kecamatanCode: "16.71.01", lat: -2.9761, lng: 104.7754 },
    });
    const original = await prisma.complaint.create({
      data: {
        ref: "ADU-2026-000001",
        trackingHash: crypto.createHash("sha256").update("K7Q2-9XWM").digest("hex"),
        unitId: unit.id,
        category: "EXTORTION",
        privacy: "confidential",
        description: "Diminta uang Rp 50.000 untuk mempercepat KTP-el — “pungli” di loket 3",
        lat: -2.9761,
        lng: 104.7754,
        events: { create: [{ kind: "CREATED", visibility: "REPORTER" }, { kind: "NOTE", body: "Diperiksa besok", visibility: "INTERNAL" }] },
      },
    });
    await prisma.complaint.create({
      data: { ref: "ADU-2026-000002", trackingHash: "h2", unitId: unit.id, category: "EXTORTION", privacy: "confidential", description: "Sama", status: "DUPLICATE", duplicateOfId: original.id },
    });

    const read = await prisma.complaint.findUniqueOrThrow({
      where: { ref: "ADU-2026-000001" },
      include: { unit: true, events: { orderBy: { id: "asc" } }, duplicates: true },
    });
    expect(read.unit.name).toBe("UPT Dukcapil Ilir Barat I");
    expect(read.description).toBe("Diminta uang Rp 50.000 untuk mempercepat KTP-el — “pungli” di loket 3");
    expect(read.status).toBe("NEW");
    expect(read.lat).toBeCloseTo(-2.9761, 6);
    expect(read.createdAt).toBeInstanceOf(Date);
    expect(read.events.map((e) => [e.kind, e.visibility])).toEqual([["CREATED", "REPORTER"], ["NOTE", "INTERNAL"]]);
    expect(read.duplicates.map((d) => d.ref)).toEqual(["ADU-2026-000002"]);

    const audit = await prisma.auditEvent.create({
      data: { actorKind: "SYSTEM", action: "complaint.create", entityType: "Complaint", entityId: String(original.id), after: JSON.stringify({ ref: original.ref }), prevHash: "0".repeat(64), hash: "a".repeat(64) },
    });
    const audits = await prisma.auditEvent.findMany({ where: { entityType: "Complaint", entityId: String(original.id) } });
    expect(audits.map((a) => [a.id, a.action, a.hash])).toEqual([[audit.id, "complaint.create", "a".repeat(64)]]);
  });

  it("keeps the audit trail append-only there too: a change, a removal or a truncation of an audit event is refused", async () => {
    prisma ??= await postgresPrisma(url);
    const audit = await prisma.auditEvent.create({
      data: { actorKind: "USER", actorId: 1, action: "complaint.verify", entityType: "Complaint", entityId: "1", prevHash: "a".repeat(64), hash: "b".repeat(64) },
    });
    await expect(prisma.auditEvent.update({ where: { id: audit.id }, data: { action: "complaint.reject" } })).rejects.toThrow("AuditEvent is append-only");
    await expect(prisma.auditEvent.delete({ where: { id: audit.id } })).rejects.toThrow("AuditEvent is append-only");
    await expect(sql(`TRUNCATE "AuditEvent"`)).rejects.toThrow("AuditEvent is append-only");
    expect(await prisma.auditEvent.findUniqueOrThrow({ where: { id: audit.id } })).toMatchObject({ action: "complaint.verify", hash: "b".repeat(64) });
  });

  it("enforces the schema's constraints there too: a reused reference and a missing unit are refused, nothing half-stored", async () => {
    prisma ??= await postgresPrisma(url);
    const unit = await prisma.unit.findFirstOrThrow();
    const before = await prisma.complaint.count();
    await expect(
      prisma.complaint.create({ data: { ref: "ADU-2026-000001", trackingHash: "h3", unitId: unit.id, category: "OTHER", privacy: "public", description: "Lagi" } }),
    ).rejects.toMatchObject({ code: "P2002" });
    await expect(
      prisma.complaint.create({ data: { ref: "ADU-2026-000099", trackingHash: "h4", unitId: 999_999, category: "OTHER", privacy: "public", description: "Unit tidak ada" } }),
    ).rejects.toMatchObject({ code: "P2003" });
    // A transaction whose second write fails leaves the first undone.
    await expect(
      prisma.$transaction(async (tx) => {
        await tx.complaint.create({ data: { ref: "ADU-2026-000100", trackingHash: "h5", unitId: unit.id, category: "OTHER", privacy: "public", description: "Setengah" } });
        await tx.complaint.create({ data: { ref: "ADU-2026-000100", trackingHash: "h6", unitId: unit.id, category: "OTHER", privacy: "public", description: "Setengah" } });
      }),
    ).rejects.toMatchObject({ code: "P2002" });
    expect(await prisma.complaint.count()).toBe(before);
  });
});
