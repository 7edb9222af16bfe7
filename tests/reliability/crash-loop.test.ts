import fs from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { expect, it } from "vitest";
import { startServer, stopAndClean, type TestServer } from "../support/server";
import { activeUnitIds, integrityCheck, lanes, missingComplaints, submitComplaint } from "../support/load";
import Database from "better-sqlite3";

// Issue 9: kill the server with SIGKILL at random moments under a write load, 100 times, restarting it
// each time on the same database file. Afterwards the database is whole, every acknowledged complaint is
// there, no row points at a missing photo, and the orphan sweep removes files that have no row.

const KILLS = Number(process.env.CRASH_KILLS ?? 100);

it(`survives ${KILLS} SIGKILLs under write load without losing an acknowledged complaint`, async () => {
  const photo = await sharp({ create: { width: 320, height: 240, channels: 3, background: "#3a7" } }).jpeg().toBuffer();
  let server: TestServer = await startServer();
  const dbFile = server.dbFile;
  const uploadDir = server.uploadDir;
  const units = activeUnitIds(dbFile);
  const acknowledged: string[] = [];
  let attempts = 0;
  let seq = 0;
  // A deterministic sequence of kill delays between 300 and 1,500 ms.
  let seed = 42;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  for (let k = 0; k < KILLS; k++) {
    const controller = new AbortController();
    const killAt = Date.now() + 300 + Math.floor(random() * 1200);
    // New requests stop at the kill; those in flight then are cut off mid-way, which is the point.
    const load = lanes(6, { deadline: killAt }, async () => {
      const n = seq++;
      attempts++;
      const r = await submitComplaint(server.url, units[n % units.length]!, n, n % 4 === 0 ? photo : undefined, controller.signal);
      if (r.ok) acknowledged.push(r.trackingCode!);
      return r;
    });
    await new Promise((r) => setTimeout(r, Math.max(0, killAt - Date.now())));
    await server.stop("SIGKILL");
    controller.abort();
    await load;
    server = await startServer({}, { dbFile, uploadDir });
  }
  await server.stop("SIGTERM");

  const integrity = integrityCheck(dbFile);
  const missing = missingComplaints(dbFile, acknowledged);
  const db = new Database(dbFile, { readonly: true });
  const keys = (db.prepare("SELECT storageKey FROM Attachment WHERE backend = 'local'").all() as { storageKey: string }[]).map((r) => r.storageKey);
  db.close();
  const dangling = keys.filter((key) => !fs.existsSync(path.join(uploadDir, key)));
  console.log(
    `[crash-loop] kills survived: ${KILLS}; submissions attempted ${attempts}, acknowledged ${acknowledged.length}, ` +
      `missing ${missing.length}; integrity_check ${integrity}; attachments ${keys.length}, dangling ${dangling.length}`,
  );
  expect(integrity).toBe("ok");
  expect(acknowledged.length).toBeGreaterThan(KILLS);
  expect(missing).toEqual([]);
  expect(dangling).toEqual([]);

  const { sweepOrphanUploads } = await import("../../app/lib/orphan-sweep.server");
  const swept = await sweepOrphanUploads({ dbFile, uploadDir, olderThanMs: 0 });
  console.log(`[crash-loop] orphan sweep removed ${swept.removed.length} file(s) with no row`);
  const remaining = new Set(keys);
  for (const removed of swept.removed) expect(remaining.has(removed)).toBe(false);
  await stopAndClean({ ...server, dbFile, uploadDir } as TestServer);
}, 600_000);
