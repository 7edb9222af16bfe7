import type { ClientRateLimitInfo, Options, Store } from "express-rate-limit";
import { db } from "./db.server";
import { perWorkerLimit } from "./cluster.server";
import { dateOf, numberOf, sqlEngine, type PrismaRaw } from "./sql/index.server";
import { countRateLimitHit, deleteEndedRateLimitWindows, resetRateLimitKey, uncountRateLimitHit, type CounterRow } from "./sql/writes/rate-limit.server";

// Where rate-limit counters live (issue 18, docs/decisions/0028). On SQLite, one machine: in each
// worker's memory, each applying its share of the limit (cluster.server.ts), as before. On PostgreSQL,
// several app servers: in the database (RateLimitCounter), one count for all of them, so a limit of 20
// a minute stays 20 whatever the number of servers and workers.

/** express-rate-limit's Store on the RateLimitCounter table, through the raw-SQL module (both engines). */
export class DatabaseRateLimitStore implements Store {
  /** Counts are shared by every process on the database (express-rate-limit's double-count check). */
  readonly localKeys = false;
  private windowMs = 60_000;

  constructor(
    /** Names the limit in each key, so two limits on the same client count apart. */
    readonly prefix: string,
    private readonly client: PrismaRaw = db,
  ) {}

  init(options: Options) {
    this.windowMs = options.windowMs;
  }

  async increment(key: string): Promise<ClientRateLimitInfo> {
    const row = await sqlEngine.onPrisma(this.client).get<CounterRow>(countRateLimitHit(this.prefix + key, new Date(), this.windowMs));
    return { totalHits: numberOf(row?.hits), resetTime: dateOf(row?.resetAt) ?? undefined };
  }

  async decrement(key: string): Promise<void> {
    await sqlEngine.onPrisma(this.client).run(uncountRateLimitHit(this.prefix + key, new Date()));
  }

  async resetKey(key: string): Promise<void> {
    await sqlEngine.onPrisma(this.client).run(resetRateLimitKey(this.prefix + key));
  }
}

/** Whether counters must be shared through the database: several app servers can share PostgreSQL only. */
export function sharedRateLimits(): boolean {
  return sqlEngine.dialect.name === "postgresql";
}

/**
 * The limit and store for one express-rate-limit: the whole limit on the shared table on PostgreSQL,
 * this worker's share in memory (express-rate-limit's own MemoryStore) on SQLite. A database that does
 * not answer lets the request through to the route, which answers 503 itself (issue 18), rather than
 * failing it here with a bare 500.
 */
export function rateLimitCounting(name: string, limit: number): Pick<Options, "limit" | "store" | "passOnStoreError"> | { limit: number } {
  return sharedRateLimits() ? { limit, store: new DatabaseRateLimitStore(`${name}:`), passOnStoreError: true } : { limit: perWorkerLimit(limit) };
}

/** Drops ended windows (an hourly job); nothing to do when the counters live in memory. */
export async function pruneRateLimitCounters(now = new Date()): Promise<number> {
  if (!sharedRateLimits()) return 0;
  return (await sqlEngine.onPrisma(db).run(deleteEndedRateLimitWindows(now))).changes;
}
