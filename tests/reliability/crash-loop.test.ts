import { expect, it } from "vitest";
import { stopAndClean, type TestServer } from "../support/server";
import { crashFindings, killUnderLoad, startCrashRun } from "../support/crash";
import { sizeFromEnv } from "../support/knobs";

// Issue 9: kill the server with SIGKILL at random moments under a write load, 100 times, restarting it
// each time on the same database file. Afterwards the database is whole, every acknowledged complaint is
// there, no row points at a missing photo, and the orphan sweep removes files that have no row.
// (`npm test` runs a short version of this: tests/e2e/reliability.test.ts.)

const KILLS = sizeFromEnv("CRASH_KILLS", 100, 10);

it(`survives ${KILLS} SIGKILLs under write load without losing an acknowledged complaint`, async () => {
  const run = await startCrashRun();
  for (let k = 0; k < KILLS; k++) await killUnderLoad(run);
  await run.server.stop("SIGTERM");

  const { integrity, missing, keys, dangling } = crashFindings(run);
  console.log(
    `[crash-loop] kills survived: ${run.kills}; submissions attempted ${run.attempts}, acknowledged ${run.acknowledged.length}, ` +
      `missing ${missing.length}; integrity_check ${integrity}; attachments ${keys.length}, dangling ${dangling.length}`,
  );
  expect(integrity).toBe("ok");
  expect(run.acknowledged.length).toBeGreaterThan(KILLS);
  expect(missing).toEqual([]);
  expect(dangling).toEqual([]);

  const { sweepOrphanUploads } = await import("../../app/lib/orphan-sweep.server");
  const swept = await sweepOrphanUploads({ dbFile: run.dbFile, uploadDir: run.uploadDir, olderThanMs: 0 });
  console.log(`[crash-loop] orphan sweep removed ${swept.removed.length} file(s) with no row`);
  const remaining = new Set(keys);
  for (const removed of swept.removed) expect(remaining.has(removed)).toBe(false);
  await stopAndClean({ ...run.server, dbFile: run.dbFile, uploadDir: run.uploadDir } as TestServer);
}, 780_000);
