import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import readline from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sqlEngine } from "~/lib/sql/index.server";

// The response cache reads the data version on every request, and on SQLite that read looks at the
// WAL-index header first and reads the counter only when something was committed since
// (app/lib/sql/sqlite/wal-index.server.ts). A commit it misses would serve a page without the complaint
// just filed through another worker. So: every commit of another process, each followed at once by a read.

/** Another process with its own connection on the test database: runs each SQL line it is sent, answers "ok" once committed. */
function anotherProcess(file: string) {
  const child: ChildProcessWithoutNullStreams = spawn(
    process.execPath,
    [
      "-e",
      `const Database = require("better-sqlite3");
       const db = new Database(process.argv[1], { timeout: 10000 });
       require("node:readline").createInterface({ input: process.stdin }).on("line", (sql) => {
         try { db.exec(sql); process.stdout.write("ok\\n"); } catch (e) { process.stdout.write("error " + e.message + "\\n"); }
       });`,
      file,
    ],
    { stdio: ["pipe", "pipe", "pipe"] },
  );
  const answers = readline.createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  return {
    async exec(sql: string) {
      child.stdin.write(sql.replace(/\n/g, " ") + "\n");
      const answer = await answers.next();
      if (answer.value !== "ok") throw new Error(`the other process answered ${answer.value}`);
    },
    stop: () => child.kill(),
  };
}

describe("the data version on SQLite", () => {
  const file = process.env.DATABASE_URL!.replace(/^file:/, "");
  let other: ReturnType<typeof anotherProcess>;
  beforeAll(() => {
    other = anotherProcess(file);
  });
  afterAll(async () => {
    await other.exec(`DELETE FROM "Holiday" WHERE name LIKE 'watch-%'`);
    await other.exec(`DELETE FROM "RateLimitCounter" WHERE key = 'watch'`);
    other.stop();
  });

  it("moves at the very next read after each public commit of another process, through WAL restarts, and not for bookkeeping", async () => {
    let expected = sqlEngine.dataVersion();
    expect(expected).toEqual(expect.any(Number));
    for (let i = 0; i < 60; i++) {
      const date = new Date(Date.UTC(2041, 0, 1 + i)).toISOString().slice(0, 10);
      await other.exec(`INSERT INTO "Holiday" (date, name, kind) VALUES ('${date}', 'watch-${i}', 'NATIONAL')`);
      expected! += 1;
      expect(sqlEngine.dataVersion()).toBe(expected);
      expect(sqlEngine.dataVersion()).toBe(expected);
      // A commit that changes no public page (a rate-limit counter) is read again, and the version stays.
      if (i % 3 === 0) {
        await other.exec(`INSERT OR REPLACE INTO "RateLimitCounter" (key, hits, resetAt) VALUES ('watch', ${i}, 0)`);
        expect(sqlEngine.dataVersion()).toBe(expected);
      }
      // After a full checkpoint the next commit starts the WAL over from its first frame.
      if (i % 5 === 0) await other.exec(`PRAGMA wal_checkpoint(TRUNCATE)`);
    }
  });
});
