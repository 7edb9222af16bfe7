import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "~/generated/prisma/client";
import { PrismaClient as PostgresPrismaClient } from "~/generated/prisma-pg/client";
import { databaseEngineOf, getEnv, sqlitePath } from "./env.server";
import { createAdapterFactory, PRAGMAS } from "./sqlite-adapter.server";

// One Prisma client per process (kept on globalThis so dev rebuilds reuse it). DATABASE_URL decides the
// engine (docs/decisions/0022): `file:` is SQLite through better-sqlite3, `postgresql://` PostgreSQL
// through @prisma/adapter-pg. Both generated clients have the same model API, so the PostgreSQL one is
// typed as the SQLite one and no model code knows which engine it talks to.
const globalForDb = globalThis as unknown as { __tindakDb?: PrismaClient };

/** The database engine of this process. */
export function databaseEngine() {
  return databaseEngineOf(getEnv().DATABASE_URL);
}

function createClient(): PrismaClient {
  const env = getEnv();
  const client =
    databaseEngine() === "postgresql"
      ? (new PostgresPrismaClient({
          adapter: new PrismaPg({
            connectionString: env.DATABASE_URL,
            max: env.DATABASE_POOL_MAX,
            // A request waits this long for a free connection, then fails and is answered 503 (issue 18).
            connectionTimeoutMillis: env.DATABASE_POOL_TIMEOUT_MS,
          }),
          log: [{ level: "query", emit: "event" }],
          transactionOptions: { maxWait: env.DATABASE_POOL_TIMEOUT_MS, timeout: 30_000 },
        }) as unknown as PrismaClient)
      : new PrismaClient({
          adapter: createAdapterFactory(sqlitePath(env.DATABASE_URL)),
          log: [{ level: "query", emit: "event" }],
          // Writes queue behind each other on the one connection and may wait up to busy_timeout (10 s) for
          // another process's lock: Prisma's defaults (2 s to start, 5 s to run) would fail them instead.
          transactionOptions: { maxWait: 20_000, timeout: 30_000 },
        });
  const slowMs = Number(process.env.SLOW_QUERY_MS ?? 100);
  // Both clients were made with query events on; the common type below does not record that option.
  const events = client as unknown as { $on(event: "query", listener: (e: { duration: number; query: string }) => void): void };
  events.$on("query", (e) => {
    if (e.duration >= slowMs) console.warn(`[db] slow query ${e.duration}ms: ${e.query.slice(0, 300)}`);
  });
  return client;
}

export const db: PrismaClient = (globalForDb.__tindakDb ??= createClient());
export type Db = PrismaClient;
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

/**
 * Reads the connection's pragmas back and throws when any did not take: without WAL, FULL sync and
 * foreign keys the durability promises of the README would be false (docs/decisions/0003).
 */
export async function verifyPragmas(client: PrismaClient = db) {
  const read = async (name: string) => {
    const rows = await client.$queryRawUnsafe<Record<string, unknown>[]>(`PRAGMA ${name}`);
    const value = rows[0] ? Object.values(rows[0])[0] : undefined;
    return typeof value === "bigint" ? Number(value) : value;
  };
  const actual = {
    journal_mode: String(await read("journal_mode")).toLowerCase(),
    synchronous: Number(await read("synchronous")),
    foreign_keys: Number(await read("foreign_keys")),
    busy_timeout: Number(await read("busy_timeout")),
  };
  const problems: string[] = [];
  if (actual.journal_mode !== PRAGMAS.journal_mode) problems.push(`journal_mode=${actual.journal_mode}`);
  if (actual.synchronous !== PRAGMAS.synchronous) problems.push(`synchronous=${actual.synchronous}`);
  if (actual.foreign_keys !== 1) problems.push(`foreign_keys=${actual.foreign_keys}`);
  if (actual.busy_timeout < 5000) problems.push(`busy_timeout=${actual.busy_timeout}`);
  if (problems.length) throw new Error(`SQLite pragmas did not take: ${problems.join(", ")}`);
  return actual;
}

/** PostgreSQL 15 or newer (issue 18): an older server is refused at boot with its version. */
export async function verifyPostgresVersion(client: PrismaClient = db) {
  const rows = await client.$queryRawUnsafe<{ server_version_num: string }[]>("SHOW server_version_num");
  const version = Number(rows[0]?.server_version_num ?? 0);
  if (version < 150000) throw new Error(`PostgreSQL 15 or newer is required (this server is ${Math.floor(version / 10000)}).`);
  return version;
}

/** A database round trip, for /healthz. */
export async function pingDatabase(): Promise<boolean> {
  try {
    await db.$queryRawUnsafe("SELECT 1");
    return true;
  } catch {
    return false;
  }
}
