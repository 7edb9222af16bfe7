import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { applyPostgresMigrations } from "~/lib/migrate-pg.server";
import type { SqlEngine } from "~/lib/sql/engine";
import { sqlFragment } from "~/lib/sql/fragment";
import { createPostgresEngine } from "~/lib/sql/postgres/engine.server";
import { createDatabase, postgresPrisma } from "../support/postgres";

// Issue 18 with ADR 0030: the public response cache's data version on PostgreSQL, shared by every app
// server. Each engine here is one app server's: a commit made through any server (or any other client)
// moves the version every server reads, once per transaction; bookkeeping writes and rolled-back
// transactions do not move it; a server whose listening connection is cut reports no version (no cache)
// until it has reconnected and read the version again.

let url: string;
let serverA: SqlEngine;
let serverB: SqlEngine;
let prisma: Awaited<ReturnType<typeof postgresPrisma>>;

/** Waits until `read` returns something `accept`s (the notification travels asynchronously). */
async function until<T, S extends T = T>(read: () => T, accept: ((value: T) => value is S) | ((value: T) => boolean), what: string): Promise<S> {
  // Generous: a notification crosses processes, and CI machines are slower and busier than this one.
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = read();
    if (accept(value)) return value as S;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (last: ${String(value)})`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const known = (v: number | null): v is number => v !== null;

/**
 * The version in the database, once server A has heard it. A test that only waited for server B (the one
 * before) may leave A a notification behind, and "A's version before" must not be a step behind the data.
 */
async function settledVersion(): Promise<number> {
  const [row] = await prisma.$queryRawUnsafe<Array<{ version: number | bigint }>>(`SELECT "version" FROM "DataVersion" WHERE "id" = 1`);
  const version = Number(row!.version);
  return until(() => serverA.dataVersion(), (v): v is number => v === version, "server A to hear the last commit");
}

beforeAll(async () => {
  url = await createDatabase(inject("pgAdminUrl"), "data_version");
  await applyPostgresMigrations(url);
  serverA = createPostgresEngine(url);
  serverB = createPostgresEngine(url);
  prisma = await postgresPrisma(url);
});

afterAll(async () => {
  serverA?.close();
  serverB?.close();
  await prisma?.$disconnect();
});

describe("the data version on PostgreSQL", () => {
  it("moves on every server when any server commits a public change, once per transaction", async () => {
    const a0 = await until(() => serverA.dataVersion(), known, "server A's first version");
    await until(() => serverB.dataVersion(), (v) => v === a0, "server B to agree");

    // A raw write transaction on server B inserting three units: one bump, heard by A.
    await serverB.writeTransaction(async (tx) => {
      for (const slug of ["dv-1", "dv-2", "dv-3"]) {
        await tx.run(sqlFragment(`INSERT INTO "Unit" (slug, name, type, "kecamatanCode", "updatedAt") VALUES (@slug, @slug, 'DUKCAPIL', '16.71.01', now())`, { slug }));
      }
    });
    expect(await until(() => serverA.dataVersion(), (v) => v !== a0, "server A to hear B's commit")).toBe(a0 + 1);

    // A write through Prisma (another connection, another pool) counts alike.
    await prisma.unit.updateMany({ where: { slug: "dv-1" }, data: { name: "Unit diperbarui" } });
    expect(await until(() => serverB.dataVersion(), (v) => v === a0 + 2, "server B to hear Prisma's commit")).toBe(a0 + 2);
  });

  it("does not move for bookkeeping writes or for a transaction that rolled back", async () => {
    const before = await settledVersion();
    const user = await prisma.user.create({ data: { email: "dv@example.test", name: "DV", passwordHash: "x", role: "INSPECTOR" } });
    const afterUser = before + 1;
    await until(() => serverA.dataVersion(), (v) => v === afterUser, "the user insert");
    // A session is bookkeeping (ADR 0030): signing in must not empty every server's cache.
    await prisma.session.create({ data: { id: "dv-session", userId: user.id, expiresAt: new Date(Date.now() + 3_600_000) } });
    await expect(
      serverA.writeTransaction(async (tx) => {
        await tx.run(sqlFragment(`INSERT INTO "Unit" (slug, name, type, "kecamatanCode", "updatedAt") VALUES ('dv-rolled-back', 'x', 'DUKCAPIL', '16.71.01', now())`, {}));
        throw new Error("refused");
      }),
    ).rejects.toThrow("refused");
    // A later public write is the next number: nothing in between was counted.
    await prisma.unit.updateMany({ where: { slug: "dv-2" }, data: { name: "Unit dua" } });
    expect(await until(() => serverA.dataVersion(), (v) => v !== afterUser, "the next public write")).toBe(afterUser + 1);
  });

  it("is unknown while a server's listening connection is cut, and counts the writes made meanwhile once it is back", async () => {
    const before = await until(() => serverA.dataVersion(), known, "a version");
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'tindak data version' AND datname = current_database()`);
      // Cut: the version is unknown rather than stale (no cache hit can serve an old page).
      await until(() => serverA.dataVersion(), (v) => v === null, "server A to notice the cut");
      // A write while A cannot hear it…
      await admin.query(`UPDATE "Unit" SET name = 'ditulis saat terputus' WHERE slug = 'dv-3'`);
    } finally {
      await admin.end();
    }
    // …is counted once A has reconnected and read the version again.
    expect(await until(() => serverA.dataVersion(), known, "server A to reconnect")).toBeGreaterThanOrEqual(before + 1);
  });
});
