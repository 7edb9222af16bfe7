import type Database from "better-sqlite3";
import { withConnectionGate } from "~/lib/sqlite-adapter.server";
import type { SqlTx } from "../engine";

// Group commit (docs/decisions/0023): complaints filed at the same moment share one
// `BEGIN IMMEDIATE … COMMIT`, so one fsync acknowledges all of them instead of one each.
//
// A filing queues its write and waits. The first one in an empty queue schedules a flush; the flush
// waits for the connection gate (a Prisma statement or another batch may hold it), and every filing that
// queued meanwhile joins the batch it takes when it gets the gate. Inside the one transaction each write
// runs in its own savepoint, one after the other: a write that throws is rolled back to its savepoint
// alone and its filer gets the error, the others go on. Every promise
// is settled only after COMMIT has returned (synchronous=FULL: on disk), so nothing is acknowledged that
// a crash could take back; if COMMIT itself fails, every filer of the batch gets the error and none is
// acknowledged. Writes run in the order they queued, so the audit chain (each event hashes the previous
// row, read inside the transaction) stays in order and intact; a rolled-back savepoint takes its audit
// row with it, and the next write chains to the row before.

/** Runs a body on the write connection, marked as holding the gate (engine.server.ts). */
type RunBody = <T>(body: (tx: SqlTx) => Promise<T>) => Promise<T>;
/** The transaction's `SqlTx.beforeCommit` tasks: run once before COMMIT, or dropped on ROLLBACK. */
type CommitHooks = { beforeCommit(): Promise<void>; discard(): void };

type Queued = { write: (tx: SqlTx) => Promise<unknown>; resolve: (value: unknown) => void; reject: (error: unknown) => void };

/** The most writes one COMMIT carries; the rest wait for the next batch, which starts at once. */
export const MAX_GROUP = 64;

const globalForGroup = globalThis as unknown as { __tindakWriteGroup?: { queue: Queued[]; scheduled: boolean } };
const group = (globalForGroup.__tindakWriteGroup ??= { queue: [], scheduled: false });

/**
 * Runs `write` on the write connection inside a transaction shared with the other writes queued at the
 * same moment; resolves with its result once that transaction is committed, or rejects with its own
 * error (its changes rolled back, the others' kept).
 */
export function groupWrite<T>(connection: () => Database.Database, runBody: RunBody, hooks: CommitHooks, write: (tx: SqlTx) => Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    group.queue.push({ write, resolve: resolve as (value: unknown) => void, reject });
    scheduleFlush(connection, runBody, hooks);
  });
}

function scheduleFlush(connection: () => Database.Database, runBody: RunBody, hooks: CommitHooks) {
  if (group.scheduled) return;
  group.scheduled = true;
  // setImmediate: the filings that reach this point in the same turn of the event loop join the batch.
  setImmediate(() => {
    group.scheduled = false;
    void flush(connection, runBody, hooks);
  });
}

async function flush(connection: () => Database.Database, runBody: RunBody, hooks: CommitHooks) {
  await withConnectionGate(async () => {
    const batch = group.queue.splice(0, MAX_GROUP);
    if (batch.length === 0) return;
    const outcomes: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }> = [];
    const db = connection();
    try {
      db.exec("BEGIN IMMEDIATE");
      try {
        for (const item of batch) {
          db.exec("SAVEPOINT filing");
          try {
            outcomes.push({ ok: true, value: await runBody(item.write) });
            db.exec("RELEASE filing");
          } catch (error) {
            db.exec("ROLLBACK TO filing");
            db.exec("RELEASE filing");
            outcomes.push({ ok: false, error });
          }
        }
        await hooks.beforeCommit();
        db.exec("COMMIT");
      } catch (error) {
        hooks.discard();
        if (db.inTransaction) db.exec("ROLLBACK");
        throw error;
      }
    } catch (error) {
      // BEGIN, a savepoint or COMMIT failed: nothing of the batch is on disk, and nobody is told otherwise.
      for (const item of batch) item.reject(error);
      return;
    }
    batch.forEach((item, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) item.resolve(outcome.value);
      else item.reject(outcome.error);
    });
  }).catch((error: unknown) => {
    // The gate itself failed (it does not, but a queued filer must never wait forever).
    for (const item of group.queue.splice(0)) item.reject(error);
  });
  if (group.queue.length) scheduleFlush(connection, runBody, hooks);
}
