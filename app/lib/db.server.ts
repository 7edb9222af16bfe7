import { PrismaClient } from "~/generated/prisma/client";
import { getEnv, sqlitePath } from "./env.server";
import { createAdapterFactory, PRAGMAS } from "./sqlite-adapter.server";

// One Prisma client per process (kept on globalThis so dev rebuilds reuse it).
const globalForDb = globalThis as unknown as { __tindakDb?: PrismaClient };

function createClient(): PrismaClient {
  const file = sqlitePath(getEnv().DATABASE_URL);
  const client = new PrismaClient({
    adapter: createAdapterFactory(file),
    log: [{ level: "query", emit: "event" }],
    // Writes queue behind each other on the one connection and may wait up to busy_timeout (10 s) for
    // another process's lock: Prisma's defaults (2 s to start, 5 s to run) would fail them instead.
    transactionOptions: { maxWait: 20_000, timeout: 30_000 },
  });
  const slowMs = Number(process.env.SLOW_QUERY_MS ?? 100);
  client.$on("query", (e: { duration: number; query: string }) => {
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

/** A database round trip, for /healthz. */
export async function pingDatabase(): Promise<boolean> {
  try {
    await db.$queryRawUnsafe("SELECT 1");
    return true;
  } catch {
    return false;
  }
}
