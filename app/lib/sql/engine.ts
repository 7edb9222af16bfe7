import type { SqlFragment, SqlValue } from "./fragment";

// What a database engine provides to Tindak's raw SQL (docs/decisions/0026). SQLite implements it in
// app/lib/sql/sqlite/; a second engine (PostgreSQL, issue 18) implements the same interface and the
// same dialect functions, and the models do not change. Models never hold a connection or a prepared
// statement: they call the query functions of app/lib/sql/queries/ and app/lib/sql/writes/.

export type RunResult = { changes: number; lastInsertId: number };

/** Reads of the hot paths. On SQLite a read-only connection that sees the last committed state. */
export interface SqlReader {
  all<Row>(query: SqlFragment): Promise<Row[]>;
  get<Row>(query: SqlFragment): Promise<Row | undefined>;
}

/** The same statements on the Prisma client or inside a Prisma transaction (`onPrisma`). */
export interface SqlRunner extends SqlReader {
  run(query: SqlFragment): Promise<{ changes: number }>;
}

/**
 * Inside a raw write transaction. Asynchronous, so that an engine whose driver is asynchronous
 * (PostgreSQL's `pg`, issue 18) runs the same bodies; on SQLite each call is synchronous underneath and
 * resolves at once. A body runs only these statements: it must not call Prisma, which would wait for
 * the connection gate the body holds (a deadlock the SQLite engine refuses loudly, see
 * app/lib/sqlite-adapter.server.ts), nor wait on anything slow while it holds the write lock.
 */
export interface SqlTx {
  all<Row>(query: SqlFragment): Promise<Row[]>;
  get<Row>(query: SqlFragment): Promise<Row | undefined>;
  run(query: SqlFragment): Promise<RunResult>;
  /**
   * Runs `task` once, inside this transaction, just before its COMMIT, however many bodies of the
   * transaction ask for the same `key` (a batch of filings writes the reference marks file once, not
   * once per filing: ADR 0023). A task that throws rolls the transaction back. Absent where nothing
   * needs it (PostgreSQL has no marks file); callers then do the work at once.
   */
  beforeCommit?(key: string, task: () => Promise<void>): void;
}

/** The Prisma client or a Prisma transaction: both take raw SQL with positional values. */
export type PrismaRaw = {
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T>;
  $executeRawUnsafe(query: string, ...values: unknown[]): Promise<number>;
};

/** The few expressions whose SQL differs between engines; queries build them through here. */
export interface SqlDialect {
  readonly name: "sqlite" | "postgresql";
  /** A moment as a bound value (SQLite stores DateTime as INTEGER unix milliseconds, ADR 0002). */
  time(moment: Date | number): SqlValue;
  /** `column IN (…the values of @param…)`: one statement whatever the length of the list. */
  inList(column: string, param: string): string;
  /** The value bound to an inList parameter. */
  listValue(values: readonly (string | number)[]): SqlValue;
  /** Whole days of a millisecond column shifted by `offsetMs`, as an integer. */
  dayNumber(column: string, offsetMs: number): string;
  /** One row, one column `data`: the rows of `select` (its columns in order) as a JSON array of arrays. */
  packedRows(columns: readonly string[], select: string): string;
  /** `INSERT` that skips, without an error, a row a unique key already holds. */
  insertIgnoringDuplicates(table: string, columns: readonly string[], conflict: readonly string[]): string;
  /** A boolean condition as a value that sums to a count. */
  countIf(condition: string): string;
  /** A DateTime column as unix milliseconds (what SQLite stores; PostgreSQL converts its TIMESTAMP). */
  epochMs(column: string): string;
  /** After `FROM table alias`: make the planner read that index (SQLite); nothing where the planner needs no hint. */
  indexedBy(index: string): string;
  /**
   * Ends an INSERT whose new id the caller reads (RunResult.lastInsertId): SQLite's driver reports it
   * itself; PostgreSQL returns it with `RETURNING id`.
   */
  readonly returningId: string;
  /** A column in GROUP BY that the planner must not walk an index for (SQLite's unary +); the column elsewhere. */
  unindexed(column: string): string;
  /** A join that keeps the left side as the outer loop (SQLite's `CROSS JOIN … ON`; a plain JOIN elsewhere). */
  readonly outerLoopJoin: string;
}

export interface SqlEngine {
  readonly dialect: SqlDialect;
  readonly read: SqlReader;
  /**
   * Reads that take long (the dashboard's aggregates: about half a second at a million complaints).
   * SQLite runs them in a worker thread on its own read connection, so they do not hold up the event
   * loop (ADR 0034); an engine whose driver is asynchronous reads them as `read` does.
   */
  readonly aside: SqlReader;
  /**
   * Long reads whose answer can wait: the dashboard's aggregates, whose page is answered from the last
   * figures while they are recomputed (ADR 0035). SQLite runs them in the same worker thread as `aside`,
   * one at a time, so a read aside (the public list's total) waits behind at most one of them instead of
   * all of a dashboard's (ADR 0034). Elsewhere as `aside`.
   */
  readonly background: SqlReader;
  /** One write transaction of its own (BEGIN IMMEDIATE on SQLite); rolled back if `body` throws. */
  writeTransaction<T>(body: (tx: SqlTx) => Promise<T>): Promise<T>;
  /** A write sharing its commit with the writes queued at the same moment (ADR 0023). */
  groupWriteTransaction<T>(body: (tx: SqlTx) => Promise<T>): Promise<T>;
  /** These statements on Prisma's connection (inside its transaction when given one). */
  onPrisma(client: PrismaRaw): SqlRunner;
  /**
   * Makes a Prisma transaction wait for, then hold until it ends, the lock every raw write transaction
   * takes, so it writes one at a time with them and with each other across all app servers (the audit
   * chain: two writers reading the same previous hash would fork it). Call it as the transaction's first
   * statement. SQLite: nothing to do, its one writer serialises already. PostgreSQL: the
   * transaction-scoped advisory lock of raw writes (RAW_WRITE_LOCK).
   */
  serialiseWrites(tx: PrismaRaw): Promise<void>;
  /** The data version (ADR 0030), null when the counter is missing. Read on every cached request. */
  dataVersion(): number | null;
  /** The database file (SQLite), or null for an engine without one: the reference marks file sits beside it. */
  databaseFile(): string | null;
  /** Closes the engine's own connections (shutdown, tests switching databases). */
  close(): void;
}
