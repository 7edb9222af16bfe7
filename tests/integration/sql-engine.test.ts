import { once } from "node:events";
import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { db } from "~/lib/db.server";
import { sqlEngine, type SqlTx } from "~/lib/sql/index.server";

// The raw write transaction (app/lib/sql/, ADR 0026): its body is asynchronous, so that an engine with
// an asynchronous driver runs the same bodies, and it holds the process's connection gate. A body that
// calls Prisma would wait for that gate forever: it is refused at once instead, and nothing is kept.

const marker = () => `engine-${Math.random().toString(36).slice(2)}`;
const holidays = (name: string) => db.holiday.count({ where: { name } });
const insertHoliday = (tx: SqlTx, date: string, name: string) =>
  tx.run({ sql: `INSERT INTO "Holiday" (date, name, kind) VALUES (@date, @name, 'NATIONAL')`, params: { date, name } });
/** Lets the event loop turn once: another request's work gets its chance to run in between. */
const anotherTurn = () => new Promise((resolve) => setImmediate(resolve));

describe("raw write transactions", () => {
  it("commit what the body wrote", async () => {
    const name = marker();
    await sqlEngine.writeTransaction(async (tx) => {
      await tx.run({ sql: `INSERT INTO "Holiday" (date, name, kind) VALUES (@date, @name, 'NATIONAL')`, params: { date: "2031-01-02", name } });
    });
    expect(await holidays(name)).toBe(1);
  });

  it("roll back everything the body wrote when it throws", async () => {
    const name = marker();
    await expect(
      sqlEngine.writeTransaction(async (tx) => {
        await tx.run({ sql: `INSERT INTO "Holiday" (date, name, kind) VALUES (@date, @name, 'NATIONAL')`, params: { date: "2031-01-03", name } });
        throw new Error("the body fails after its write");
      }),
    ).rejects.toThrow("the body fails after its write");
    expect(await holidays(name)).toBe(0);
  });

  it("refuse a Prisma call from inside the body at once (no deadlock), keep nothing, and leave the gate free", async () => {
    const name = marker();
    await expect(
      sqlEngine.writeTransaction(async (tx) => {
        await tx.run({ sql: `INSERT INTO "Holiday" (date, name, kind) VALUES (@date, @name, 'NATIONAL')`, params: { date: "2031-01-04", name } });
        await db.unit.count();
      }),
    ).rejects.toThrow(/inside a raw write transaction/);
    expect(await holidays(name)).toBe(0);
  });

  it("run one body at a time on the write connection, even when bodies yield to the event loop", async () => {
    // Without the gate a second BEGIN IMMEDIATE on the one write connection fails ("cannot start a
    // transaction within a transaction"), or a body's statements land in another body's transaction.
    const name = marker();
    const seen = await Promise.all(
      [1, 2, 3, 4, 5].map((day) =>
        sqlEngine.writeTransaction(async (tx) => {
          const before = (await tx.get<{ n: number }>({ sql: `SELECT COUNT(*) AS n FROM "Holiday" WHERE name = @name`, params: { name } }))!.n;
          await anotherTurn();
          await insertHoliday(tx, `2031-02-0${day}`, name);
          return before;
        }),
      ),
    );
    expect([...seen].sort()).toEqual([0, 1, 2, 3, 4]);
    expect(await holidays(name)).toBe(5);
  });

  it("let a Prisma call from outside a body wait for the body's commit, not fail", async () => {
    const name = marker();
    let bodyDone = false;
    const raw = sqlEngine.writeTransaction(async (tx) => {
      await insertHoliday(tx, "2031-03-01", name);
      await anotherTurn();
      await anotherTurn();
      bodyDone = true;
    });
    const viaPrisma = (async () => {
      await anotherTurn();
      const row = await db.holiday.create({ data: { date: "2031-03-02", name, kind: "NATIONAL" } });
      return { row, bodyDoneFirst: bodyDone };
    })();
    const [, prisma] = await Promise.all([raw, viaPrisma]);
    expect(prisma.bodyDoneFirst).toBe(true);
    expect(await holidays(name)).toBe(2);
  });

  it("wait for a write lock another process holds without stopping the server, then commit", async () => {
    // Another worker's batch (or a maintenance script) holds SQLite's write lock; here a thread with a
    // connection of its own, for 600 ms. A filing waiting for that lock must not put the whole worker to
    // sleep: requests keep being read and pages served meanwhile, here a 10 ms timer keeps firing.
    const holder = new Worker(
      `const { parentPort, workerData } = require("node:worker_threads");
       const Database = require("better-sqlite3");
       const held = new Database(workerData.file);
       held.exec("BEGIN IMMEDIATE");
       parentPort.postMessage("locked");
       setTimeout(() => { held.exec("COMMIT"); held.close(); parentPort.postMessage("released"); }, 600);`,
      { eval: true, workerData: { file: process.env.DATABASE_URL!.replace(/^file:/, "") } },
    );
    const events: string[] = [];
    try {
      expect((await once(holder, "message"))[0]).toBe("locked");
      const released = once(holder, "message").then(() => events.push("released"));
      let ticks = 0;
      const timer = setInterval(() => ticks++, 10);
      const name = marker();
      await sqlEngine.writeTransaction((tx) => insertHoliday(tx, "2031-04-01", name)).then(() => events.push("committed"));
      clearInterval(timer);
      await released;
      expect(events).toEqual(["released", "committed"]); // it waited for the lock rather than failing
      expect(await holidays(name)).toBe(1);
      // About 60 turns of the timer in 600 ms; a BEGIN IMMEDIATE sleeping in SQLite's busy handler gives 0 or 1.
      expect(ticks).toBeGreaterThanOrEqual(10);
    } finally {
      await holder.terminate();
    }
  });
});
