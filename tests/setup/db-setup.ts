import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";
import { afterAll, inject } from "vitest";
import { runPaths } from "./paths";

// Runs before each integration test file: a fresh copy of the seeded base database, used through the
// app's own Prisma client (DATABASE_URL is read when app/lib/db.server.ts is first imported).
const { runDir, baseDb } = runPaths(inject("runDir"));
const file = path.join(runDir, `it-${process.pid}-${crypto.randomBytes(4).toString("hex")}.db`);
fs.copyFileSync(baseDb, file);
process.env.DATABASE_URL = `file:${file}`;
process.env.UPLOAD_DIR = path.join(runDir, `uploads-${path.basename(file, ".db")}`);
// No background map re-warm timer by default: it would outlive the file's database. The test of the
// re-warm turns it on (tests/integration/caches.test.ts).
process.env.MAP_REWARM_MS = "0";
const g = globalThis as { __tindakDb?: { $disconnect(): Promise<void> }; __tindakReadDb?: { db: { close(): void } } };
delete g.__tindakDb;
g.__tindakReadDb?.db.close();
delete g.__tindakReadDb;

afterAll(async () => {
  await g.__tindakDb?.$disconnect().catch(() => undefined);
  delete g.__tindakDb;
  g.__tindakReadDb?.db.close();
  delete g.__tindakReadDb;
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
  fs.rmSync(process.env.UPLOAD_DIR!, { recursive: true, force: true });
});
