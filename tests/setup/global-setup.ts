import fs from "node:fs";
import type { TestProject } from "vitest/node";
import { applyMigrations } from "../../app/lib/migrate.server";
import { runDirFor, runPaths } from "./paths";
import { reportEventLoopStalls } from "../support/event-loop-stalls";

/** The same watch as tests/setup/event-loop-watch.ts, once, on Vitest's own process (it answers the workers). */
function watchRunnerEventLoop() {
  const flag = globalThis as { __tindakRunnerWatch?: true };
  if (flag.__tindakRunnerWatch) return;
  flag.__tindakRunnerWatch = true;
  reportEventLoopStalls("the Vitest runner");
}

// Migrates one base database and seeds the Palembang demo data into it once per run; every test file
// then works on its own copy (tests/setup/db-setup.ts), so tests never see each other's writes.
export default async function setup(project: TestProject) {
  watchRunnerEventLoop();
  const { runDir, baseDb } = runPaths(runDirFor(process.pid));
  project.provide("runDir", runDir);
  if (fs.existsSync(baseDb)) return; // the other project of this run made it already
  fs.mkdirSync(runDir, { recursive: true });
  applyMigrations(baseDb);
  process.env.DATABASE_URL = `file:${baseDb}`;
  const { PrismaClient } = await import("../../app/generated/prisma/client");
  const { createAdapterFactory } = await import("../../app/lib/sqlite-adapter.server");
  const client = new PrismaClient({ adapter: createAdapterFactory(baseDb) });
  const { seedDemo } = await import("../../prisma/seed");
  await seedDemo(client);
  // Fold the WAL into the main file so a plain file copy is a complete database.
  await client.$queryRawUnsafe("PRAGMA wal_checkpoint(TRUNCATE)");
  await client.$disconnect();
  return () => {
    fs.rmSync(runDir, { recursive: true, force: true });
  };
}
