import { spawn } from "node:child_process";
import sharp from "sharp";
import { afterEach, describe, expect, it } from "vitest";
import { backupDatabase } from "../../scripts/backup";
import { startServer, stopAndClean, type TestServer } from "../support/server";
import { activeUnitIds, countRows, integrityCheck, lanes, missingComplaints, submitComplaint } from "../support/load";

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

  it("an online backup taken while writes continue passes integrity_check and opens in the app", async () => {
    server = await startServer();
    const units = activeUnitIds(server.dbFile);
    const deadline = Date.now() + 3000;
    const writing = lanes(4, { deadline }, (i) => submitComplaint(server!.url, units[i % units.length]!, 3000 + i));
    await new Promise((r) => setTimeout(r, 500));
    const copy = `${server.dbFile}.backup.db`;
    const result = await backupDatabase(server.dbFile, copy);
    const written = (await writing).filter((r) => r.ok).length;
    console.log(`[reliability] backup during ${written} writes: ${result.complaints} complaints, ${result.ms} ms`);
    expect(integrityCheck(copy)).toBe("ok");
    const restored = await startServer({}, { dbFile: copy });
    extra.push(restored);
    const health = await fetch(`${restored.url}/healthz`);
    expect(health.status).toBe(200);
    expect((await fetch(`${restored.url}/complaints`)).status).toBe(200);
  });

  it("SIGTERM stops taking new requests and finishes those in flight", async () => {
    server = await startServer();
    const units = activeUnitIds(server.dbFile);
    // Photos make each request take a while on the server (decode, re-encode, write), so some are
    // surely being handled when the signal arrives.
    const photo = await sharp({ create: { width: 1600, height: 1200, channels: 3, background: "#7a3" } }).jpeg().toBuffer();
    const inFlight = Array.from({ length: 20 }, (_, i) => submitComplaint(server!.url, units[i % units.length]!, 4000 + i, photo));
    await new Promise((r) => setTimeout(r, 300));
    const exit = server.stop("SIGTERM");
    const results = await Promise.all(inFlight);
    const code = await exit;
    const ok = results.filter((r) => r.ok);
    console.log(`[reliability] SIGTERM answers: ${results.map((r) => r.status + (r.error ? ` ${r.error}` : "")).join(", ")}`);
    console.log(`[reliability] SIGTERM with 20 requests in flight: ${ok.length} answered, exit code ${code}`);
    // Every request the server had accepted got its answer, and each acknowledged one is stored.
    expect(results.every((r) => r.ok || r.status === 0)).toBe(true);
    expect(ok.length).toBeGreaterThan(0);
    expect(code).toBe(0);
    expect(missingComplaints(server.dbFile, ok.map((r) => r.trackingCode!))).toEqual([]);
    const refused = await fetch(`${server.url}/healthz`).then(
      () => false,
      () => true,
    );
    expect(refused).toBe(true);
  });
});
