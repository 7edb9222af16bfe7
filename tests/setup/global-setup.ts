import fs from "node:fs";
import { applyMigrations } from "../../app/lib/migrate.server";
import { BASE_DB, TMP_DIR } from "./paths";

// Migrates one base database and seeds the Palembang demo data into it once per run; every test file
// then works on its own copy (tests/setup/db-setup.ts), so tests never see each other's writes.
export default async function setup() {
  fs.mkdirSync(TMP_DIR, { recursive: true });
  if (process.env.TINDAK_BASE_READY === BASE_DB && fs.existsSync(BASE_DB)) return;
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(BASE_DB + suffix, { force: true });
  applyMigrations(BASE_DB);
  process.env.DATABASE_URL = `file:${BASE_DB}`;
  const { PrismaClient } = await import("../../app/generated/prisma/client");
  const { createAdapterFactory } = await import("../../app/lib/sqlite-adapter.server");
  const client = new PrismaClient({ adapter: createAdapterFactory(BASE_DB) });
  const { seedDemo } = await import("../../prisma/seed");
  await seedDemo(client);
  // Fold the WAL into the main file so a plain file copy is a complete database.
  await client.$queryRawUnsafe("PRAGMA wal_checkpoint(TRUNCATE)");
  await client.$disconnect();
  process.env.TINDAK_BASE_READY = BASE_DB;
}
