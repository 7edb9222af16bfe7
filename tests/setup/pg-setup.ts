import fs from "node:fs";
import crypto from "node:crypto";
import { execFileSync } from "node:child_process";
import type { TestProject } from "vitest/node";
import { startPostgres, type ThrowawayPostgres } from "../support/postgres";

// `npm run test:pg` (docs/decisions/0022): one throwaway PostgreSQL cluster per run, each test file makes
// its own database in it (tests/support/postgres.ts). The PostgreSQL Prisma client (app/generated/prisma-pg,
// git-ignored like the SQLite one) is generated from prisma/postgres/schema.prisma when it is missing or
// older than that schema.
const PG_SCHEMA = "prisma/postgres/schema.prisma";
const STAMP = "app/generated/prisma-pg/.schema-sha256";

function generatePostgresClient() {
  const sha = crypto.createHash("sha256").update(fs.readFileSync(PG_SCHEMA)).digest("hex");
  if (fs.existsSync(STAMP) && fs.readFileSync(STAMP, "utf8") === sha) return;
  execFileSync("node_modules/.bin/prisma", ["generate", "--schema", PG_SCHEMA], {
    stdio: ["ignore", "pipe", "pipe"],
    // Generating reads no database; the URL only has to name the provider's scheme.
    env: { ...process.env, DATABASE_URL: "postgresql://tindak@127.0.0.1:5432/tindak", CHECKPOINT_DISABLE: "1", PRISMA_HIDE_UPDATE_MESSAGE: "1" },
  });
  fs.writeFileSync(STAMP, sha);
}

/**
 * The run's one cluster, started by whichever PostgreSQL project (pg, pg-integration) comes first and
 * stopped when the runner exits; its admin URL is provided to the project's tests.
 */
export async function startSharedPostgres(project: TestProject): Promise<string> {
  const shared = globalThis as { __tindakPg?: Promise<ThrowawayPostgres> };
  shared.__tindakPg ??= (async () => {
    generatePostgresClient();
    const cluster = await startPostgres();
    process.once("exit", () => cluster.stop());
    return cluster;
  })();
  const cluster = await shared.__tindakPg;
  project.provide("pgAdminUrl", cluster.url);
  return cluster.url;
}

export default async function setup(project: TestProject) {
  await startSharedPostgres(project);
}

declare module "vitest" {
  export interface ProvidedContext {
    pgAdminUrl: string;
  }
}
