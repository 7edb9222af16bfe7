import { spawn } from "node:child_process";
import sharp from "sharp";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { backupDatabase } from "../../scripts/backup";
import { startServer, stopAndClean, type TestServer } from "../support/server";
import { activeUnitIds, countRows, holdComplaint, integrityCheck, lanes, missingComplaints, submitComplaint } from "../support/load";
import { crashFindings, killUnderLoad, startCrashRun, type CrashRun } from "../support/crash";

// Issue 9, the fast reliability checks (the long ones are in tests/reliability, `npm run test:reliability`).
// Each prints its figures so a run shows what was checked.

let server: TestServer | undefined;
const extra: TestServer[] = [];
afterEach(async () => {
  await stopAndClean(server);
  server = undefined;
  while (extra.length) await stopAndClean(extra.pop());
});

describe("reliability under concurrent writes", () => {
  it("200 simultaneous complaint submissions give 200 rows and 200 success answers", async () => {
    server = await startServer();
    const units = activeUnitIds(server.dbFile);
    const before = countRows(server.dbFile, "Complaint");
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) => submitComplaint(server!.url, units[i % units.length]!, i)),
    );
    const ok = results.filter((r) => r.ok);
    const after = countRows(server.dbFile, "Complaint");
    console.log(`[reliability] 200 concurrent submissions: ${ok.length} acknowledged, rows ${before} → ${after}`);
    expect(ok.length).toBe(200);
    expect(after - before).toBe(200);
    expect(missingComplaints(server.dbFile, ok.map((r) => r.trackingCode!))).toEqual([]);
  });

  it("a writer stuck for 6 s in another process delays writes but loses none, and later writes all succeed", async () => {
    server = await startServer();
    const units = activeUnitIds(server.dbFile);
    // Another process takes the write lock and holds it for 6 seconds.
    const holder = spawn(
      process.execPath,
      [
        "-e",
        `const D=require("better-sqlite3");const d=new D(process.argv[1]);d.pragma("busy_timeout=10000");` +
          `d.exec("BEGIN IMMEDIATE");d.prepare("UPDATE Unit SET phone = phone WHERE id = (SELECT min(id) FROM Unit)").run();` +
          `console.log("locked");setTimeout(()=>{d.exec("COMMIT");console.log("released");d.close()},6000);`,
        server.dbFile,
      ],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    const holderExited = new Promise<void>((resolve) => holder.once("exit", () => resolve()));
    await new Promise<void>((resolve) => holder.stdout!.once("data", () => resolve()));
    const started = Date.now();
    const during = await Promise.all(Array.from({ length: 10 }, (_, i) => submitComplaint(server!.url, units[0]!, 1000 + i)));
    const waited = Date.now() - started;
    await holderExited;
    console.log(`[reliability] answers during the lock: ${during.map((r) => r.status + (r.error ? ` ${r.error}` : "")).join(", ")}`);
    // Writes during the lock either waited and succeeded or failed cleanly (503); none is a 500.
    expect(during.every((r) => r.ok || r.status === 503)).toBe(true);
    const after = await lanes(8, { total: 100 }, (i) => submitComplaint(server!.url, units[i % units.length]!, 2000 + i));
    const acknowledged = [...during, ...after].filter((r) => r.ok).map((r) => r.trackingCode!);
    console.log(
      `[reliability] stuck writer: ${during.filter((r) => r.ok).length}/10 writes during the lock succeeded after ${waited} ms; ` +
        `${after.filter((r) => r.ok).length}/100 after it`,
    );
    expect(after.every((r) => r.ok)).toBe(true);
    expect(missingComplaints(server.dbFile, acknowledged)).toEqual([]);
  });

  it("an online backup taken while writes go on passes integrity_check and opens in the app; writes continued through it", async () => {
    server = await startServer();
    const units = activeUnitIds(server.dbFile);
    const before = countRows(server.dbFile, "Complaint");
    // Four writers post complaints without pause until told to stop; each answer is timed.
    const answers: Array<{ sent: number; answered: number; ok: boolean }> = [];
    let stop = false;
    let n = 0;
    const writer = async () => {
      while (!stop) {
        const sent = performance.now();
        const r = await submitComplaint(server!.url, units[n % units.length]!, 3000 + n++);
        answers.push({ sent, answered: performance.now(), ok: r.ok });
      }
    };
    const writing = Promise.all(Array.from({ length: 4 }, writer));
    const acknowledged = (from = 0) => answers.filter((a) => a.ok && a.answered > from).length;
    try {
      await vi.waitFor(() => expect(acknowledged()).toBeGreaterThanOrEqual(8), { timeout: 60_000, interval: 20 });
      const copy = `${server.dbFile}.backup.db`;
      const backupStarted = performance.now();
      const result = await backupDatabase(server.dbFile, copy);
      const backupEnded = performance.now();
      await vi.waitFor(() => expect(acknowledged(backupEnded)).toBeGreaterThanOrEqual(8), { timeout: 60_000, interval: 20 });
      stop = true;
      await writing;
      const overlapping = answers.filter((a) => a.sent < backupEnded && a.answered > backupStarted).length;
      const after = countRows(server.dbFile, "Complaint");
      console.log(
        `[reliability] backup in ${result.ms} ms: ${overlapping} writes in flight during it; complaints ${before} before the writes, ` +
          `${result.complaints} in the copy, ${after} at the end`,
      );
      // Requests were being written while the copy was taken, and the copy is one state between the first
      // acknowledged writes and the last ones.
      expect(overlapping).toBeGreaterThan(0);
      expect(result.complaints).toBeGreaterThan(before);
      expect(after).toBeGreaterThan(result.complaints);
      expect(integrityCheck(copy)).toBe("ok");
      const restored = await startServer({}, { dbFile: copy });
      extra.push(restored);
      const health = await fetch(`${restored.url}/healthz`);
      expect(health.status).toBe(200);
      expect((await fetch(`${restored.url}/complaints`)).status).toBe(200);
    } finally {
      stop = true;
      await writing;
    }
  });

  it("SIGTERM stops taking new connections and answers every request in flight with its real status", async () => {
    server = await startServer();
    const units = activeUnitIds(server.dbFile);
    const photo = await sharp({ create: { width: 800, height: 600, channels: 3, background: "#7a3" } }).jpeg().toBuffer();
    // Six uploads the server has taken (it answered 100 Continue) and holds half the body of.
    const held = Array.from({ length: 6 }, (_, i) => holdComplaint(server!.url, units[i % units.length]!, 4000 + i, i % 2 === 0 ? photo : undefined));
    await Promise.all(held.map((h) => h.started));
    const exit = server.stop("SIGTERM");
    await vi.waitFor(() => expect(server!.output()).toContain("SIGTERM: finishing requests in flight"), { timeout: 30_000, interval: 20 });
    // No new connection is taken while the six are still open…
    const refused = await fetch(`${server.url}/healthz`).then(
      () => false,
      () => true,
    );
    expect(refused).toBe(true);
    // …and each of them, its body completed now, is answered and stored.
    const results = await Promise.all(held.map((h) => h.finish()));
    const code = await exit;
    console.log(`[reliability] SIGTERM with ${held.length} uploads in flight: answers ${results.map((r) => r.status + (r.error ? ` ${r.error}` : "")).join(", ")}, exit code ${code}`);
    expect(results.map((r) => r.status)).toEqual(held.map(() => 303));
    expect(code).toBe(0);
    expect(missingComplaints(server.dbFile, results.map((r) => r.trackingCode!))).toEqual([]);
  });
});

// The promise that every acknowledged complaint survives a crash, inside `npm test`: a few SIGKILLs under
// write load, one test each. The 100-kill loop is `npm run test:reliability` (tests/reliability).
describe("crash safety, short", () => {
  let run: CrashRun | undefined;
  beforeAll(async () => {
    run = await startCrashRun(7);
  });
  afterAll(async () => {
    if (run) await stopAndClean({ ...run.server, dbFile: run.dbFile, uploadDir: run.uploadDir });
  });

  it.each([1, 2, 3])("SIGKILL %i under write load: the restarted server has every complaint acknowledged so far", async (k) => {
    const acknowledgedBefore = run!.acknowledged.length;
    await killUnderLoad(run!, { afterAcknowledged: 3 });
    const { integrity, missing, dangling } = crashFindings(run!);
    console.log(
      `[reliability] kill ${k}: submissions attempted ${run!.attempts}, acknowledged ${run!.acknowledged.length}, missing ${missing.length}, ` +
        `integrity_check ${integrity}, photos without their file ${dangling.length}`,
    );
    expect(run!.acknowledged.length).toBeGreaterThan(acknowledgedBefore);
    expect(integrity).toBe("ok");
    expect(missing).toEqual([]);
    expect(dangling).toEqual([]);
    // The restarted server answers.
    expect((await fetch(`${run!.server.url}/healthz`)).status).toBe(200);
  });
});
