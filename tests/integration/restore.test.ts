import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { sha256 } from "~/lib/crypto.server";
import { REFERENCE_MARKS_AHEAD } from "~/lib/reference-marks.server";
import { runPaths } from "../setup/paths";
import { runScript } from "../support/cli";
import { complaintForm } from "../support/complaints";
import { startServer, type TestServer } from "../support/server";

// Issue 23 item 8: `npm run restore -- <backup>` refuses while a server runs, moves the old files aside
// (whichever of -wal and -shm exist), and no reference issued after the backup is issued again.

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "tindak-restore-"));
const servers: TestServer[] = [];
afterAll(async () => {
  for (const s of servers) await s.stop();
  fs.rmSync(scratch, { recursive: true, force: true });
});
const { baseDb } = runPaths(inject("runDir"));

function countRefs(dbFile: string, refs: string[]): number {
  const sqlite = new Database(dbFile, { readonly: true });
  try {
    return (sqlite.prepare(`SELECT COUNT(*) AS n FROM "Complaint" WHERE ref IN (SELECT value FROM json_each(?))`).get(JSON.stringify(refs)) as { n: number }).n;
  } finally {
    sqlite.close();
  }
}

function refOf(dbFile: string, trackingCode: string): string {
  const sqlite = new Database(dbFile, { readonly: true });
  try {
    return (sqlite.prepare(`SELECT ref FROM "Complaint" WHERE trackingHash = ?`).get(sha256(trackingCode.replaceAll("-", ""))) as { ref: string }).ref;
  } finally {
    sqlite.close();
  }
}

/** Files a complaint on the real server's web form; its reference. */
async function file(server: TestServer, privacy: string, category = "WAITING_TIME"): Promise<string> {
  const res = await fetch(`${server.url}/complaints/new`, {
    method: "POST",
    body: await complaintForm({ privacy, category }),
    redirect: "manual",
    headers: { Origin: server.url },
  });
  expect(res.status).toBe(303);
  return refOf(server.dbFile, res.headers.get("location")!.split("/").pop()!);
}

describe("npm run restore", () => {
  // One story in three steps (each its own test, to stay short on a busy machine).
  const live = path.join(scratch, "tindak.db");
  const backup = path.join(scratch, "backups", "before.db");
  const env = { DATABASE_URL: `file:${live}` };
  let first: TestServer;
  let beforeBackup: string[] = [];
  let afterBackup: string[] = [];

  it("refuses while a server runs on the database, and changes nothing", async () => {
    fs.copyFileSync(baseDb, live);
    first = await startServer({}, { dbFile: live, uploadDir: path.join(scratch, "uploads") });
    servers.push(first);
    beforeBackup = [await file(first, "anonymous"), await file(first, "confidential")];
    const backedUp = await runScript("scripts/backup.ts", [backup], { env });
    expect(backedUp.code, backedUp.out).toBe(0);
    // Acknowledged to their reporters after the backup: these numbers must never name another complaint.
    afterBackup = [await file(first, "public"), await file(first, "anonymous"), await file(first, "confidential", "EXTORTION")];
    expect(afterBackup.map((r) => r.slice(0, 3))).toEqual(["ADU", "ADU", "RHS"]);

    const refused = await runScript("scripts/restore.ts", [backup], { env });
    expect(refused.code).toBe(1);
    expect(refused.out).toContain(`is already served by another Tindak process (pid ${first.process.pid}`);
    // The live file is untouched.
    expect(countRefs(live, afterBackup)).toBe(3);
  }, 60_000);

  it("after the server stops: moves the old database files aside and puts the backup in place", async () => {
    expect(await first.stop()).toBe(0);
    const present = ["", "-wal", "-shm"].filter((s) => fs.existsSync(live + s)).map((s) => path.basename(live + s));
    const restored = await runScript("scripts/restore.ts", [backup], { env });
    expect(restored.code, restored.out).toBe(0);
    const aside = /the replaced files \(([^)]*)\) are in (\S+)/.exec(restored.out);
    expect(aside, restored.out).not.toBeNull();
    expect(fs.readdirSync(aside![2]!).sort()).toEqual(present.sort());
    // The restored database has what the backup had, not what came after.
    expect(countRefs(live, beforeBackup)).toBe(2);
    expect(countRefs(live, afterBackup)).toBe(0);
  }, 60_000);

  it("issues no reference again that was given out after the backup", async () => {
    const second = await startServer({}, { dbFile: live, uploadDir: path.join(scratch, "uploads") });
    servers.push(second);
    const afterRestore = [await file(second, "public"), await file(second, "confidential"), await file(second, "anonymous")];
    for (const ref of afterRestore) expect(afterBackup).not.toContain(ref);
    const highest = (series: string, refs: string[]) => Math.max(...refs.filter((r) => r.startsWith(series)).map((r) => Number(r.slice(-6))));
    expect(highest("ADU", afterRestore) - 1).toBeGreaterThan(highest("ADU", afterBackup));
    // The marks file holds numbers reserved ahead (ADR 0016): the restore skips at most that many more.
    expect(Number(afterRestore[1]!.slice(-6))).toBeGreaterThan(highest("RHS", afterBackup));
    expect(Number(afterRestore[1]!.slice(-6))).toBeLessThanOrEqual(highest("RHS", afterBackup) + 1 + REFERENCE_MARKS_AHEAD);
    expect(await second.stop()).toBe(0);
  }, 120_000);

  it("works when the database has no -wal or -shm file, refuses a file that is not a Tindak backup, and needs a backup argument", async () => {
    const dir = path.join(scratch, "plain");
    fs.mkdirSync(dir);
    const live = path.join(dir, "plain.db");
    fs.copyFileSync(baseDb, live);
    for (const s of ["-wal", "-shm"]) expect(fs.existsSync(live + s)).toBe(false);
    const env = { DATABASE_URL: `file:${live}` };
    const backup = path.join(scratch, "plain-backup.db");
    fs.copyFileSync(baseDb, backup);

    const usage = await runScript("scripts/restore.ts", [], { env });
    expect(usage.code).toBe(1);
    expect(usage.out).toContain("usage: npm run restore -- <backup file>");
    const garbage = path.join(scratch, "not-a-backup.db");
    fs.writeFileSync(garbage, "this is not a database at all ".repeat(200));
    const bad = await runScript("scripts/restore.ts", [garbage], { env });
    expect(bad.code).toBe(1);
    expect(bad.out).toContain("not-a-backup.db");
    expect(fs.readdirSync(dir).filter((n) => n.startsWith("replaced-"))).toEqual([]);

    const run = await runScript("scripts/restore.ts", [backup], { env });
    expect(run.code, run.out).toBe(0);
    const aside = /the replaced files \(([^)]*)\) are in (\S+)/.exec(run.out)!;
    expect(fs.readdirSync(aside[2]!)).toContain("plain.db");
    // The restored file sits alone: no -wal or -shm of the replaced database next to it.
    for (const s of ["-wal", "-shm"]) expect(fs.existsSync(live + s)).toBe(false);
    const sqlite = new Database(live, { readonly: true });
    expect(sqlite.pragma("integrity_check", { simple: true })).toBe("ok");
    sqlite.close();
  }, 60_000);
});
