import fs from "node:fs";
import path from "node:path";
import sharp from "sharp";
import Database from "better-sqlite3";
import { startServer, type TestServer } from "./server";
import { activeUnitIds, integrityCheck, lanes, missingComplaints, submitComplaint } from "./load";

// Killing the server with SIGKILL at a random moment under a write load, and restarting it on the same
// database file and upload folder: the long loop of tests/reliability/crash-loop.test.ts (100 kills) and
// the short one of tests/e2e/reliability.test.ts (a few kills, inside `npm test`).

export type CrashRun = {
  server: TestServer;
  dbFile: string;
  uploadDir: string;
  units: number[];
  photo: Buffer;
  acknowledged: string[];
  attempts: number;
  kills: number;
  next: number;
  random: () => number;
};

export async function startCrashRun(seed = 42): Promise<CrashRun> {
  const photo = await sharp({ create: { width: 320, height: 240, channels: 3, background: "#3a7" } }).jpeg().toBuffer();
  const server = await startServer();
  let state = seed;
  // A deterministic sequence of numbers in [0, 1): the kill moments are the same on every run.
  const random = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  return { server, dbFile: server.dbFile, uploadDir: server.uploadDir, units: activeUnitIds(server.dbFile), photo, acknowledged: [], attempts: 0, kills: 0, next: 0, random };
}

/**
 * Six lanes post complaints (every fourth with a photo) until a moment 300 to 1,500 ms away, when the
 * server is killed with SIGKILL; requests in flight then are cut off mid-way, which is the point. The
 * server is then started again on the same files.
 */
export async function killUnderLoad(run: CrashRun, options: { afterAcknowledged?: number } = {}): Promise<void> {
  const controller = new AbortController();
  const server = run.server;
  let stop = false;
  let acknowledgedNow = 0;
  let firstAcks!: () => void;
  const enough = new Promise<void>((resolve) => (firstAcks = resolve));
  if (!options.afterAcknowledged) firstAcks();
  const load = lanes(6, { stop: () => stop }, async () => {
    const n = run.next++;
    run.attempts++;
    const r = await submitComplaint(server.url, run.units[n % run.units.length]!, n, n % 4 === 0 ? run.photo : undefined, controller.signal);
    if (r.ok) {
      run.acknowledged.push(r.trackingCode!);
      if (++acknowledgedNow >= (options.afterAcknowledged ?? 0)) firstAcks();
    }
    return r;
  });
  // On a slow machine the short test first waits for some acknowledged writes, so a kill always has some
  // to lose. Then the kill comes 300 to 1,500 ms later: not a synchronisation sleep, the moment is what varies.
  await enough;
  const killAt = Date.now() + 300 + Math.floor(run.random() * 1200);
  await new Promise((r) => setTimeout(r, Math.max(0, killAt - Date.now())));
  stop = true;
  await server.stop("SIGKILL");
  controller.abort();
  await load;
  run.kills++;
  run.server = await startServer({}, { dbFile: run.dbFile, uploadDir: run.uploadDir });
}

/** What the files hold after the kills: integrity_check, acknowledged complaints missing, photos whose file is gone. */
export function crashFindings(run: CrashRun) {
  const integrity = integrityCheck(run.dbFile);
  const missing = missingComplaints(run.dbFile, run.acknowledged);
  const db = new Database(run.dbFile, { readonly: true, timeout: 10_000 });
  const keys = (db.prepare("SELECT storageKey FROM Attachment WHERE backend = 'local'").all() as { storageKey: string }[]).map((r) => r.storageKey);
  db.close();
  const dangling = keys.filter((key) => !fs.existsSync(path.join(run.uploadDir, key)));
  return { integrity, missing, keys, dangling };
}
