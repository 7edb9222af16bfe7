import Database from "better-sqlite3";
import pLimit from "p-limit";
import { getEnv, sqlitePath } from "~/lib/env.server";
import { insideRawWrite, PRAGMAS, pragmaStatements, withConnectionGate } from "~/lib/sqlite-adapter.server";
import type { SqlFragment } from "../fragment";
import { runnerOnPrisma } from "../on-prisma";
import type { PrismaRaw, RunResult, SqlEngine, SqlReader, SqlRunner, SqlTx } from "../engine";
import { sqliteDialect } from "./dialect";
import { groupCommit, inSavepoints, type Write } from "../group-commit.server";
import { WorkerAnswerError, WorkerThread } from "~/lib/worker-thread.server";
import { WalIndexHeader } from "./wal-index.server";

// The SQLite engine: two better-sqlite3 connections of its own beside Prisma's (docs/decisions/0026).
//
// - A read-only connection for the hot reads (every signed-in request's session, the public list, the
//   inbox, Open311, the map). A Prisma call costs about a millisecond before SQLite works; a cached
//   prepared statement tens of microseconds. In WAL mode it reads the last committed state while
//   Prisma writes, so a request that committed a write and then reads sees it.
// - A write connection for the hot writes (filing a complaint, the login throttle). It takes the
//   process's connection gate (sqlite-adapter.server.ts) first, so it never runs while Prisma's
//   connection is inside a transaction, then BEGIN IMMEDIATE with the same durable pragmas (WAL,
//   synchronous=FULL, foreign keys): a commit is on disk before it is acknowledged. It waits for a
//   write lock held by another process without stopping the event loop (beginImmediate).
// - Long reads (the dashboard's aggregates, the public list's total) go to a worker thread with a read
//   connection of its own (`aside`, ADR 0034), so the event loop keeps serving while they run.
//
// Both follow DATABASE_URL (tests switch files) and cache their prepared statements by text. DateTime
// columns are INTEGER unix milliseconds (ADR 0002); booleans are 0/1.

/** A statement that returns rows: in raw mode (arrays), with its column names to make the row objects. */
type RowStatement = { statement: Database.Statement; columns: string[] | null };
type Handle = { file: string; db: Database.Database; statements: Map<string, Database.Statement>; rowStatements: Map<string, RowStatement> };
const globalForSql = globalThis as unknown as { __tindakSql?: { read?: Handle; write?: Handle } };
const handles = (globalForSql.__tindakSql ??= {});

function open(kind: "read" | "write"): Handle {
  const file = sqlitePath(getEnv().DATABASE_URL);
  const current = handles[kind];
  if (current && current.file === file && current.db.open) return current;
  current?.db.close();
  const db =
    kind === "read"
      ? new Database(file, { readonly: true, fileMustExist: true, timeout: 10_000 })
      : new Database(file, { fileMustExist: true, timeout: 10_000 });
  if (kind === "read") db.pragma("query_only = ON");
  else {
    for (const sql of pragmaStatements()) db.exec(sql);
    // This connection waits for the write lock itself, without sleeping (beginImmediate).
    db.pragma("busy_timeout = 0");
  }
  const fresh = { file, db, statements: new Map<string, Database.Statement>(), rowStatements: new Map<string, RowStatement>() };
  handles[kind] = fresh;
  return fresh;
}

function prepared(handle: Handle, sql: string): Database.Statement {
  let statement = handle.statements.get(sql);
  if (!statement) {
    statement = handle.db.prepare(sql);
    handle.statements.set(sql, statement);
  }
  return statement;
}

/**
 * Rows come from better-sqlite3 as arrays and are made into objects here. better-sqlite3 makes each row
 * object through V8's C++ API, about half a microsecond per value on a 2-core server; the same objects
 * made in JavaScript cost a fraction of that: a 25-row page of the inbox (11 columns) 110–160 → 79 µs.
 * The objects are the same (same keys in the same order; a repeated column name keeps its last value).
 */
function rowStatement(handle: Handle, sql: string): RowStatement {
  let entry = handle.rowStatements.get(sql);
  if (!entry) {
    const statement = handle.db.prepare(sql);
    // A statement without rows stays as it is: its all() and get() refuse, as before.
    entry = statement.reader ? { statement: statement.raw(true), columns: statement.columns().map((c) => c.name) } : { statement, columns: null };
    handle.rowStatements.set(sql, entry);
  }
  return entry;
}

function rowObject(columns: string[], values: unknown[]): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (let i = 0; i < columns.length; i++) row[columns[i]!] = values[i];
  return row;
}

function allRows(handle: Handle, q: SqlFragment): unknown[] {
  const { statement, columns } = rowStatement(handle, q.sql);
  const rows = statement.all(q.params) as unknown[];
  return columns ? (rows as unknown[][]).map((values) => rowObject(columns, values)) : rows;
}

function firstRow(handle: Handle, q: SqlFragment): unknown {
  const { statement, columns } = rowStatement(handle, q.sql);
  const values = statement.get(q.params);
  return columns && values !== undefined ? rowObject(columns, values as unknown[]) : values;
}

/** better-sqlite3 is synchronous: the statements of one connection as they run. */
type SyncStatements = {
  all<Row>(query: SqlFragment): Row[];
  get<Row>(query: SqlFragment): Row | undefined;
  run(query: SqlFragment): RunResult;
};

/** Statements on one connection, with `@name` bound by better-sqlite3 itself. */
function onConnection(handle: () => Handle): SyncStatements {
  return {
    all: <Row>(q: SqlFragment) => allRows(handle(), q) as Row[],
    get: <Row>(q: SqlFragment) => firstRow(handle(), q) as Row | undefined,
    run: (q: SqlFragment) => {
      const result = prepared(handle(), q.sql).run(q.params);
      return { changes: result.changes, lastInsertId: Number(result.lastInsertRowid) };
    },
  };
}

const readConnection = onConnection(() => open("read"));
const writeConnection = onConnection(() => open("write"));

const reader: SqlReader = {
  all: async <Row>(q: SqlFragment) => readConnection.all<Row>(q),
  get: async <Row>(q: SqlFragment) => readConnection.get<Row>(q),
};

/** Long reads: a thread of their own, on its own read connection to the same file (ADR 0034). */
const readWorker = new WorkerThread("app/lib/sqlite-read-worker.mjs", "SQLite read worker", 60_000);

function readAside<Result>(type: "all" | "get", q: SqlFragment, onThisThread: () => Result): Promise<Result> {
  const file = sqlitePath(getEnv().DATABASE_URL);
  return readWorker.request<Result>(readWorker.session(), { type, file, sql: q.sql, params: q.params }).catch((error: Error) => {
    // A worker that died or stalled costs this one read on the event loop. SQL that failed in the worker
    // fails again here, as the same better-sqlite3 error (with its `code`) a read on this thread throws.
    if (!(error instanceof WorkerAnswerError)) console.warn(`[sql] ${error.message}; reading on the main thread`);
    return onThisThread();
  });
}

const asideReader: SqlReader = {
  all: <Row>(q: SqlFragment) => readAside("all", q, () => readConnection.all<Row>(q)),
  get: <Row>(q: SqlFragment) => readAside("get", q, () => readConnection.get<Row>(q)),
};

/**
 * Background reads go to the worker one at a time: the worker runs what it is sent in order, and a
 * dashboard sends six aggregates at once, each up to a few hundred milliseconds at a million complaints.
 * A read aside sent meanwhile waits behind the one running, not behind all six.
 */
const oneBackgroundRead = pLimit(1);
const backgroundReader: SqlReader = {
  all: <Row>(q: SqlFragment) => oneBackgroundRead(() => asideReader.all<Row>(q)),
  get: <Row>(q: SqlFragment) => oneBackgroundRead(() => asideReader.get<Row>(q)),
};

/**
 * The tasks of the transaction now open on the write connection, run just before its COMMIT. One map
 * is enough: the connection gate lets one raw write transaction run at a time in this process.
 */
const beforeCommitTasks = new Map<string, () => Promise<void>>();

const commitHooks = {
  async beforeCommit() {
    try {
      for (const task of beforeCommitTasks.values()) await task();
    } finally {
      beforeCommitTasks.clear();
    }
  },
  discard: () => beforeCommitTasks.clear(),
};

/** The write connection as a transaction body sees it (each call runs at once; the promise is settled). */
const writeTx: SqlTx = {
  all: async <Row>(q: SqlFragment) => writeConnection.all<Row>(q),
  get: async <Row>(q: SqlFragment) => writeConnection.get<Row>(q),
  run: async (q: SqlFragment) => writeConnection.run(q),
  beforeCommit: (key, task) => {
    if (!beforeCommitTasks.has(key)) beforeCommitTasks.set(key, task);
  },
};

/** Runs a body marked as holding the gate (a Prisma call from inside it is refused, not deadlocked). */
function runBody<T>(body: (tx: SqlTx) => Promise<T>): Promise<T> {
  return insideRawWrite.run(true, () => body(writeTx));
}

function onPrisma(client: PrismaRaw): SqlRunner {
  return runnerOnPrisma(client, () => "?");
}

/**
 * BEGIN IMMEDIATE, waiting for a write lock another process holds (another worker's batch, ADR 0020; a
 * maintenance script) by polling, between turns of the event loop. With busy_timeout SQLite waits by
 * sleeping, 1, 2, 5, 10, 15 ms… at a time, and the whole worker sleeps with it: no request read, no page
 * served. Two workers filing at once spent about 6% of their time so (issue 17). The wait is as long as
 * busy_timeout was (10 s), then the BUSY error is thrown as before. Once BEGIN IMMEDIATE succeeds the
 * lock is held: nothing later in the transaction waits for it (WAL: COMMIT takes no other lock).
 */
async function beginImmediate(db: Database.Database): Promise<void> {
  const deadline = Date.now() + PRAGMAS.busy_timeout;
  for (;;) {
    try {
      db.exec("BEGIN IMMEDIATE");
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== "SQLITE_BUSY" || Date.now() >= deadline) throw error;
    }
    // Another worker's batch holds the lock for a few milliseconds; a failed BEGIN costs microseconds.
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

/**
 * `work` inside one IMMEDIATE transaction on the write connection, once the gate is ours: committed with
 * its `beforeCommit` tasks, or rolled back if it throws. The database's triggers move the data version in
 * the same transaction (ADR 0030).
 */
function immediateTransaction<T>(work: (db: Database.Database) => Promise<T>): Promise<T> {
  return withConnectionGate(async () => {
    const { db } = open("write");
    await beginImmediate(db);
    try {
      const value = await work(db);
      await commitHooks.beforeCommit();
      db.exec("COMMIT");
      return value;
    } catch (error) {
      commitHooks.discard();
      if (db.inTransaction) db.exec("ROLLBACK");
      throw error;
    }
  });
}

function writeTransaction<T>(body: (tx: SqlTx) => Promise<T>): Promise<T> {
  return immediateTransaction(() => runBody(body));
}

/** A batch of filings, each in its own savepoint (docs/decisions/0023). */
function commitBatch(take: () => Write[]) {
  return immediateTransaction((db) => inSavepoints(take(), (sql) => db.exec(sql), runBody));
}

const groupWriteTransaction = groupCommit(commitBatch);

const DATA_VERSION: SqlFragment = { sql: `SELECT "version" FROM "DataVersion" WHERE "id" = 1`, params: {} };

/**
 * The data version as last read on the read connection, with the WAL-index header as it was just before
 * that read. While the header reads the same, nothing was committed by any process, so the version is the
 * same: one pread instead of a read transaction on every cached hit (wal-index.server.ts). Any commit
 * reads the counter again, a session's too. `wal`: undefined until the first read has opened `-shm`; null
 * where there is none (not WAL).
 */
let versionWatch: { handle: Handle; wal: WalIndexHeader | null | undefined; header: Buffer | null; version: number } | null = null;

function dataVersion(): number | null {
  try {
    const handle = open("read");
    if (versionWatch?.handle !== handle) {
      versionWatch?.wal?.close();
      versionWatch = { handle, wal: undefined, header: null, version: 0 };
    }
    const watch = versionWatch;
    const header = watch.wal?.read() ?? null;
    if (header && watch.header?.equals(header)) return watch.version;
    const row = firstRow(handle, DATA_VERSION) as { version: number } | undefined;
    // Kept with the header read before this read: a commit in between shows as a change next time.
    watch.header = row && header ? Buffer.from(header) : null;
    watch.version = row ? Number(row.version) : 0;
    // This connection's read has opened `-shm`, and holds it in place while the connection is open.
    if (watch.wal === undefined) watch.wal = WalIndexHeader.open(handle.file);
    return row ? watch.version : null;
  } catch {
    return null;
  }
}

function close() {
  readWorker.stop();
  versionWatch?.wal?.close();
  versionWatch = null;
  for (const kind of ["read", "write"] as const) {
    handles[kind]?.db.close();
    delete handles[kind];
  }
}

export const sqliteEngine: SqlEngine = {
  dialect: sqliteDialect,
  read: reader,
  aside: asideReader,
  background: backgroundReader,
  writeTransaction,
  groupWriteTransaction,
  onPrisma,
  // One writer at a time already: a Prisma transaction's first write waits for SQLite's write lock.
  serialiseWrites: async () => {},
  dataVersion,
  databaseFile: () => sqlitePath(getEnv().DATABASE_URL),
  close,
};

/** The read connection's synchronous face, for the few callers that must not await (the response cache). */
export const sqliteReadNow = readConnection;

/** Tests only: makes the long-read worker throw an uncaught error, as a crash would. */
export function crashReadWorkerForTests() {
  readWorker.crashForTests();
}
