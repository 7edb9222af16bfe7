import { AsyncLocalStorage } from "node:async_hooks";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import type {
  SqlDriverAdapter,
  SqlMigrationAwareDriverAdapterFactory,
  SqlQuery,
  Transaction,
} from "@prisma/driver-adapter-utils";

/**
 * One SQLite connection, used by one request at a time.
 *
 * The stock adapter takes a mutex for interactive transactions only; a plain query issued by another
 * request while a transaction is open runs on the same connection and so *inside* that transaction,
 * and is rolled back with it although its caller was told it succeeded. This wrapper makes every
 * statement outside a transaction wait for the open transaction to finish (docs/decisions/0003).
 */
class Gate {
  #tail: Promise<void> = Promise.resolve();
  acquire(): Promise<() => void> {
    // The body of a raw write transaction holds the gate; waiting for it again from inside would wait
    // forever. Refused at once instead, so the mistake fails its test rather than hanging a server.
    if (insideRawWrite.getStore()) return Promise.reject(new Error("sql: Prisma (or another write) called inside a raw write transaction's body"));
    let release!: () => void;
    const next = new Promise<void>((resolve) => (release = resolve));
    const ready = this.#tail.then(() => release);
    this.#tail = this.#tail.then(() => next);
    return ready;
  }
}

/** Set while the body of a raw write transaction runs (app/lib/sql/sqlite/): it holds the gate. */
export const insideRawWrite = new AsyncLocalStorage<true>();

export const PRAGMAS = {
  journal_mode: "wal",
  synchronous: 2, // FULL: a commit is on disk before it is acknowledged
  foreign_keys: 1,
  busy_timeout: 10_000,
} as const;

export function pragmaStatements(): string[] {
  return [
    `PRAGMA journal_mode = ${PRAGMAS.journal_mode}`,
    `PRAGMA synchronous = FULL`,
    `PRAGMA foreign_keys = ON`,
    `PRAGMA busy_timeout = ${PRAGMAS.busy_timeout}`,
  ];
}

export function createAdapterFactory(filePath: string): SqlMigrationAwareDriverAdapterFactory {
  const inner = new PrismaBetterSQLite3(
    { url: filePath, timeout: PRAGMAS.busy_timeout },
    { timestampFormat: "unixepoch-ms" },
  );
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    connectToShadowDb: () => inner.connectToShadowDb(),
    async connect(): Promise<SqlDriverAdapter> {
      const adapter = await inner.connect();
      for (const sql of pragmaStatements()) await adapter.executeScript(sql);
      return serialize(adapter);
    },
  };
}

/**
 * One gate per process: the Prisma connection and the raw write connection of the SQLite engine (app/lib/sql/sqlite/) take
 * turns through it, so the two never wait on each other's SQLite lock inside the same event loop.
 */
const globalForGate = globalThis as unknown as { __tindakGate?: Gate };
const gate: Gate = (globalForGate.__tindakGate ??= new Gate());

/** Runs `fn` while no Prisma statement or transaction is in progress on this process's connection. */
export async function withConnectionGate<T>(fn: () => T | Promise<T>): Promise<T> {
  const release = await gate.acquire();
  try {
    return await fn();
  } finally {
    release();
  }
}

function serialize(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const guarded = async <T>(fn: () => Promise<T>): Promise<T> => {
    const release = await gate.acquire();
    try {
      return await fn();
    } finally {
      release();
    }
  };
  return {
    provider: adapter.provider,
    adapterName: adapter.adapterName,
    queryRaw: (q: SqlQuery) => guarded(() => adapter.queryRaw(q)),
    executeRaw: (q: SqlQuery) => guarded(() => adapter.executeRaw(q)),
    executeScript: (s: string) => guarded(() => adapter.executeScript(s)),
    getConnectionInfo: adapter.getConnectionInfo?.bind(adapter),
    dispose: () => adapter.dispose(),
    /**
     * Transactions begin with BEGIN IMMEDIATE instead of the stock adapter's deferred BEGIN: a deferred
     * transaction that reads first and then writes gets SQLITE_BUSY at once, without waiting out
     * busy_timeout, when another process holds the write lock. IMMEDIATE takes the lock up front and
     * waits for it. Prisma sends COMMIT / ROLLBACK itself through executeRaw; when either fails (SQLite
     * may already have rolled back), the connection is returned to autocommit and the gate is released
     * here, so one failed transaction can never leave the connection inside a dangling transaction
     * or the gate held — the failure mode that otherwise poisons every later write.
     */
    async startTransaction(isolationLevel): Promise<Transaction> {
      if (isolationLevel && isolationLevel !== "SERIALIZABLE") {
        return adapter.startTransaction(isolationLevel); // the stock adapter raises the right error
      }
      const release = await gate.acquire();
      const client = (adapter as unknown as { client: { inTransaction: boolean; exec(sql: string): void } }).client;
      try {
        await adapter.executeScript("BEGIN IMMEDIATE");
      } catch (e) {
        release();
        throw e;
      }
      let released = false;
      const done = () => {
        if (!released) {
          released = true;
          release();
        }
      };
      const forceRollback = () => {
        try {
          if (client.inTransaction) client.exec("ROLLBACK");
        } catch {
          /* nothing left to roll back */
        }
      };
      const run = async <T>(q: SqlQuery, fn: () => Promise<T>): Promise<T> => {
        const verb = q.sql.trim().toUpperCase();
        try {
          const result = await fn();
          if (verb === "COMMIT" || verb === "ROLLBACK") done();
          return result;
        } catch (error) {
          if (verb === "ROLLBACK") {
            forceRollback();
            done();
            return 0 as T; // rolled back already: what the caller asked for is true
          }
          if (verb === "COMMIT") {
            forceRollback();
            done();
          }
          throw error;
        }
      };
      return {
        provider: adapter.provider,
        adapterName: adapter.adapterName,
        options: { usePhantomQuery: false },
        queryRaw: (q: SqlQuery) => run(q, () => adapter.queryRaw(q)),
        executeRaw: (q: SqlQuery) => run(q, () => adapter.executeRaw(q)),
        commit: async () => done(),
        rollback: async () => {
          forceRollback();
          done();
        },
      };
    },
  };
}
