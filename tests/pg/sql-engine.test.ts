import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { applyPostgresMigrations } from "~/lib/migrate-pg.server";
import type { SqlEngine } from "~/lib/sql/engine";
import { createPostgresEngine } from "~/lib/sql/postgres/engine.server";
import { createDatabase } from "../support/postgres";

// Issue 18: the raw-SQL module's PostgreSQL engine (app/lib/sql/postgres/) on a real PostgreSQL, with
// the schema its migrations make: named values, lists, the dialect's expressions, write transactions
// that commit or roll back whole, and the times and counts as the SQLite engine returns them.

let engine: SqlEngine;

beforeAll(async () => {
  const url = await createDatabase(inject("pgAdminUrl"), "sql_engine_on_postgres");
  await applyPostgresMigrations(url);
  engine = createPostgresEngine(url);
});
afterAll(() => engine?.close());

const unitId = async (slug: string) => {
  const row = await engine.writeTransaction((tx) =>
    tx.get<{ id: number }>({
      sql: `INSERT INTO "Unit" (slug, name, type, "kecamatanCode", active, "createdAt", "updatedAt") VALUES (@slug, @name, 'DUKCAPIL', '16.71.01', true, @now, @now) RETURNING id`,
      params: { slug, name: `Unit ${slug}`, now: engine.dialect.time(new Date()) },
    }),
  );
  return row!.id;
};

describe("the PostgreSQL engine", () => {
  it("binds named values in order, returns counts as numbers and times as UTC Dates", async () => {
    const id = await unitId("upt-engine-1");
    const at = new Date("2026-11-30T23:30:00.123Z");
    await engine.writeTransaction((tx) =>
      tx.run({
        sql: `INSERT INTO "Complaint" (ref, "trackingHash", "unitId", category, privacy, description, status, "createdAt", "updatedAt") VALUES (@ref, @hash, @unitId, 'EXTORTION', 'confidential', @text, 'NEW', @at, @at)`,
        params: { ref: "ADU-2026-900001", hash: "h-engine-1", unitId: id, text: "Diminta uang di loket", at: engine.dialect.time(at) },
      }),
    );
    const row = await engine.read.get<{ n: number; createdAt: Date }>({
      sql: `SELECT COUNT(*) OVER () AS n, c."createdAt" FROM "Complaint" c WHERE c."unitId" = @unitId AND c.ref = @ref`,
      params: { unitId: id, ref: "ADU-2026-900001" },
    });
    expect(row?.n).toBe(1);
    expect(row?.createdAt).toEqual(at);
  });

  it("reads a list parameter whole and spells day and counting in PostgreSQL", async () => {
    const id = await unitId("upt-engine-2");
    const d = engine.dialect;
    const rows = await engine.read.all<{ slug: string; day: number; named: number }>({
      sql: `SELECT u.slug, ${d.dayNumber("u.createdAt", 0)} AS day,
              ${d.countIf("u.slug LIKE 'upt-engine-%'")} AS named
            FROM "Unit" u WHERE ${d.inList("u.id", "ids")} ORDER BY u.slug`,
      params: { ids: d.listValue([id, -1]) },
    });
    expect(rows.map((r) => r.slug)).toEqual(["upt-engine-2"]);
    expect(rows[0]!.day).toBe(Math.floor(Date.now() / 86_400_000));
    expect(rows[0]!.named).toBe(1);
    const packed = await engine.read.get<{ data: string }>({ sql: d.packedRows(["id", "slug"], `SELECT id, slug FROM "Unit" WHERE id = ${id}`), params: {} });
    expect(JSON.parse(packed!.data)).toEqual([[id, "upt-engine-2"]]);
  });

  it("skips a duplicate insert without an error, and rolls back everything a failing write transaction did", async () => {
    const insert = engine.dialect.insertIgnoringDuplicates("Holiday", ["date", "name", "kind"], ["date"]);
    const first = await engine.writeTransaction((tx) => tx.run({ sql: insert, params: { date: "2031-01-02", name: "Uji", kind: "NATIONAL" } }));
    const again = await engine.writeTransaction((tx) => tx.run({ sql: insert, params: { date: "2031-01-02", name: "Uji lagi", kind: "NATIONAL" } }));
    expect([first.changes, again.changes]).toEqual([1, 0]);

    await expect(
      engine.writeTransaction(async (tx) => {
        await tx.run({ sql: insert, params: { date: "2031-01-03", name: "Hilang", kind: "NATIONAL" } });
        throw new Error("the body fails after its write");
      }),
    ).rejects.toThrow("the body fails after its write");
    const kept = await engine.read.all<{ date: string }>({ sql: `SELECT date FROM "Holiday" WHERE date LIKE '2031-%' ORDER BY date`, params: {} });
    expect(kept.map((r) => r.date)).toEqual(["2031-01-02"]);
  });

  it("serialises raw write transactions: ten concurrent count-then-insert bodies see each other's rows", async () => {
    const name = "serial";
    const seen = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        engine.writeTransaction(async (tx) => {
          const before = (await tx.get<{ n: number }>({ sql: `SELECT COUNT(*) AS n FROM "Holiday" WHERE name = @name`, params: { name } }))!.n;
          await tx.run({ sql: `INSERT INTO "Holiday" (date, name, kind) VALUES (@date, @name, 'NATIONAL')`, params: { date: `2032-01-${String(i + 1).padStart(2, "0")}`, name } });
          return before;
        }),
      ),
    );
    expect([...seen].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
});
