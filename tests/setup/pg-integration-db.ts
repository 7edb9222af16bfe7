import path from "node:path";
import crypto from "node:crypto";
import fs from "node:fs";
import pg from "pg";
import { afterAll, inject } from "vitest";
import { runPaths } from "./paths";

// Runs before each integration test file in the pg-integration project: a fresh database copied from the
// seeded base (tests/setup/pg-integration-setup.ts), used through the app's own Prisma client and raw-SQL
// engine, which DATABASE_URL points at PostgreSQL (read when app/lib/db.server.ts is first imported).
const adminUrl = inject("pgAdminUrl");
const name = `it_${process.pid}_${crypto.randomBytes(4).toString("hex")}`;
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
try {
  await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${inject("pgBaseDatabase")}"`);
} finally {
  await admin.end();
}
const url = new URL(adminUrl);
url.pathname = `/${name}`;
process.env.DATABASE_URL = url.toString();
const { runDir } = runPaths(inject("runDir"));
process.env.UPLOAD_DIR = path.join(runDir, `uploads-${name}`);
process.env.MAP_REWARM_MS = "0";

afterAll(async () => {
  const g = globalThis as { __tindakDb?: { $disconnect(): Promise<void> }; __tindakSqlEngine?: { close(): void } };
  await g.__tindakDb?.$disconnect().catch(() => undefined);
  g.__tindakSqlEngine?.close();
  fs.rmSync(process.env.UPLOAD_DIR!, { recursive: true, force: true });
});
