import type { SqlTx } from "./engine";

// Group commit (docs/decisions/0023): complaints filed at the same moment share one transaction, so one
// commit (one fsync, and on PostgreSQL one hold of the raw writers' lock) acknowledges all of them
// instead of one each. Each engine opens and commits the transaction (`CommitBatch`); the queue, the
// savepoints and who is told what are the same for both, here.
//
// A filing queues its write and waits. The first one in an empty queue schedules a flush; one flush runs
// at a time per engine, and every filing that queued meanwhile joins the batch the next flush takes once
// its transaction holds the write lock. Inside the one transaction each write runs in its own savepoint,
// one after the other: a write that throws is rolled back to its savepoint alone and its filer gets the
// error, the others go on. Every promise is settled only after COMMIT has returned
// (on disk), so nothing is acknowledged that a crash could take back; if BEGIN, a savepoint or COMMIT
// fails, every filer of the batch gets the error and none is acknowledged. Writes run in the order they
// queued, so the audit chain (each event hashes the previous row, read inside the transaction) stays in
// order and intact; a rolled-back savepoint takes its audit row with it, and the next write chains to
// the row before.

export type Write = (tx: SqlTx) => Promise<unknown>;
export type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/**
 * One engine's transaction for a batch: begins it and takes the write lock, then calls `take` for the
 * writes queued by then, runs them with `inSavepoints`, commits, and returns their outcomes. Throws when
 * the transaction as a whole failed (then nothing of it is committed).
 */
export type CommitBatch = (take: () => Write[]) => Promise<Outcome[]>;

type Queued = { write: Write; resolve: (value: unknown) => void; reject: (error: unknown) => void };

/** The most writes one COMMIT carries; the rest wait for the next batch, which starts at once. */
export const MAX_GROUP = 64;

/**
 * An engine's `groupWriteTransaction`: runs a write inside a transaction shared with the other writes
 * queued at the same moment; resolves with its result once that transaction is committed, or rejects
 * with its own error (its changes rolled back, the others' kept).
 */
export function groupCommit(commitBatch: CommitBatch): <T>(write: (tx: SqlTx) => Promise<T>) => Promise<T> {
  const queue: Queued[] = [];
  let scheduled = false;
  let flushing = false;

  function scheduleFlush() {
    if (scheduled || flushing) return;
    scheduled = true;
    // setImmediate: the filings that reach this point in the same turn of the event loop join the batch.
    setImmediate(() => {
      scheduled = false;
      void flush();
    });
  }

  async function flush() {
    flushing = true;
    let batch: Queued[] | null = null;
    try {
      const outcomes = await commitBatch(() => (batch = queue.splice(0, MAX_GROUP)).map((item) => item.write));
      batch!.forEach((item, i) => {
        const outcome = outcomes[i]!;
        if (outcome.ok) item.resolve(outcome.value);
        else item.reject(outcome.error);
      });
    } catch (error) {
      // Nothing of the batch is committed, and nobody is told otherwise. A transaction that failed before
      // it took its writes (no connection, the lock not granted) fails the writes it would have taken:
      // retried at once, it would fail the same way, in a loop.
      for (const item of batch ?? queue.splice(0, MAX_GROUP)) item.reject(error);
    } finally {
      flushing = false;
    }
    if (queue.length) scheduleFlush();
  }

  return <T>(write: (tx: SqlTx) => Promise<T>) =>
    new Promise<T>((resolve, reject) => {
      queue.push({ write, resolve: resolve as (value: unknown) => void, reject });
      scheduleFlush();
    });
}

/**
 * Runs each write in its own savepoint, in order, with `run` (which hands it the transaction): one that
 * throws is rolled back to its savepoint alone. `exec` runs a statement of the open transaction; a
 * failing savepoint statement throws, and the caller rolls the whole transaction back.
 */
export async function inSavepoints(writes: Write[], exec: (sql: string) => unknown, run: (write: Write) => Promise<unknown>): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (const write of writes) {
    await exec("SAVEPOINT filing");
    try {
      outcomes.push({ ok: true, value: await run(write) });
      await exec("RELEASE filing");
    } catch (error) {
      await exec("ROLLBACK TO filing");
      await exec("RELEASE filing");
      outcomes.push({ ok: false, error });
    }
  }
  return outcomes;
}
