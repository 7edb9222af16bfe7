import { describe, expect, it } from "vitest";
import { db } from "~/lib/db.server";
import { sqlEngine } from "~/lib/sql/index.server";

// The raw write transaction (app/lib/sql/, ADR 0026): its body is asynchronous, so that an engine with
// an asynchronous driver runs the same bodies, and it holds the process's connection gate. A body that
// calls Prisma would wait for that gate forever: it is refused at once instead, and nothing is kept.

const marker = () => `engine-${Math.random().toString(36).slice(2)}`;
const holidays = (name: string) => db.holiday.count({ where: { name } });

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
});
