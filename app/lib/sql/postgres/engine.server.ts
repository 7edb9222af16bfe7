import pg from "pg";
import { bindPositional, type SqlFragment } from "../fragment";
import { runnerOnPrisma } from "../on-prisma";
import { groupCommit, inSavepoints, type Write } from "../group-commit.server";
import type { PrismaRaw, SqlEngine, SqlReader, SqlTx } from "../engine";
import { listenForDataVersion } from "./data-version-listener.server";
import { postgresDialect } from "./dialect";

// The PostgreSQL engine (issue 18, docs/decisions/0022 and 0026): the same interface as the SQLite one,
// on a `pg` pool of its own beside Prisma's. app/lib/sql/index.server.ts picks it when DATABASE_URL is
// postgresql://. Tested on a throwaway cluster (tests/pg/sql-engine.test.ts, tests/pg/raw-queries.test.ts).
//
// - `@name` values become `$1, $2 …` in order (bindPositional).
// - COUNT(*) and other BIGINT values come back as numbers (ids and counts stay far below 2^53), and
//   TIMESTAMP(3) columns, which hold UTC, as Dates read as UTC whatever the server's time zone.
// - A raw write transaction takes one transaction-scoped advisory lock first, so raw writers are
//   serialised across every app server as SQLite's single writer serialises them: the audit chain and
//   the login throttle's count-then-insert stay correct with N servers.

const INT8 = 20;
const TIMESTAMP = 1114;
/** The advisory lock key of raw write transactions (any constant; "tndk" in ASCII). */
export const RAW_WRITE_LOCK = 0x746e646b;
/** The statement that takes it (a constant: nothing bound). */
const SERIALISE_WRITES = `SELECT pg_advisory_xact_lock(${RAW_WRITE_LOCK})`;

const types = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    if (oid === INT8) return (value: string) => Number(value);
    if (oid === TIMESTAMP) return (value: string) => new Date(`${value.replace(" ", "T")}Z`);
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

const positional = (q: SqlFragment) => bindPositional(q, (i) => `$${i}`);

function runnerOn(client: pg.Pool | pg.PoolClient): SqlTx {
  const query = async <Row>(q: SqlFragment) => {
    const { text, values } = positional(q);
    return client.query({ text, values: values as unknown[] }) as unknown as Promise<pg.QueryResult & { rows: Row[] }>;
  };
  return {
    all: async <Row>(q: SqlFragment) => (await query<Row>(q)).rows,
    get: async <Row>(q: SqlFragment) => (await query<Row>(q)).rows[0],
    run: async (q: SqlFragment) => {
      const result = await query<{ id?: number }>(q);
      // PostgreSQL has no "last insert id": a statement that wants it says RETURNING id.
      return { changes: result.rowCount ?? 0, lastInsertId: Number(result.rows[0]?.id ?? 0) };
    },
  };
}

export type PostgresPoolOptions = {
  /** Connections in this engine's pool. */
  max?: number;
  /** How long a caller waits for a free connection before the call fails (then answered 503). */
  connectionTimeoutMillis?: number;
};

export function createPostgresEngine(connectionString: string, options: PostgresPoolOptions = {}): SqlEngine {
  const pool = new pg.Pool({ connectionString, types, max: options.max ?? 10, connectionTimeoutMillis: options.connectionTimeoutMillis ?? 5000 });
  // An idle connection the server dropped (restart, failover) reports here; without a listener the
  // process would crash. The pool discards it and the next caller gets a new connection.
  pool.on("error", (error) => console.warn(`[db] idle PostgreSQL connection lost: ${error.message}`));

  /** `work` on a connection of its own, in a transaction holding the raw writers' lock; rolled back if it throws. */
  async function lockedTransaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await pool.connect();
    // A connection whose ROLLBACK failed (lost mid-transaction) is destroyed, not handed to the next caller.
    let broken: Error | undefined;
    try {
      await client.query("BEGIN");
      await client.query(SERIALISE_WRITES);
      const value = await work(client);
      await client.query("COMMIT");
      return value;
    } catch (error) {
      await client.query("ROLLBACK").catch((rollbackError: Error) => (broken = rollbackError));
      throw error;
    } finally {
      client.release(broken);
    }
  }

  const writeTransaction = <T>(body: (tx: SqlTx) => Promise<T>) => lockedTransaction((client) => body(runnerOn(client)));

  // Filings at the same moment share one transaction (docs/decisions/0023): one hold of the lock and one
  // commit for the batch. Each filing holding the lock through its own commit (a WAL flush) capped filing
  // at about 120 a second for all app servers together (docs/benchmarks.md, PostgreSQL next to SQLite).
  const commitBatch = (take: () => Write[]) =>
    lockedTransaction((client) => {
      const tx = runnerOn(client);
      return inSavepoints(take(), (sql) => client.query(sql), (write) => write(tx));
    });

  const read = runnerOn(pool);
  const reader: SqlReader = { all: read.all, get: read.get };
  const dataVersion = listenForDataVersion(connectionString);
  return {
    dialect: postgresDialect,
    read: reader,
    // pg waits for PostgreSQL without holding the event loop: a long read needs no thread of its own.
    aside: reader,
    background: reader,
    writeTransaction,
    groupWriteTransaction: groupCommit(commitBatch),
    onPrisma: (prisma: PrismaRaw) => runnerOnPrisma(prisma, (i) => `$${i}`),
    // The raw writers' lock, taken on Prisma's transaction: held until it commits or rolls back. Taken
    // again in the same transaction it is granted at once (advisory locks nest).
    serialiseWrites: async (tx: PrismaRaw) => {
      await tx.$executeRawUnsafe(SERIALISE_WRITES);
    },
    // The last version this server heard (LISTEN/NOTIFY); null while unknown: no cache hits, never stale.
    dataVersion: () => dataVersion.current(),
    databaseFile: () => null,
    close: () => {
      dataVersion.close();
      void pool.end();
    },
  };
}
