import { describe, expect, it } from "vitest";
import { groupCommit, inSavepoints, MAX_GROUP, type CommitBatch, type Write } from "~/lib/sql/group-commit.server";
import type { SqlTx } from "~/lib/sql/engine";

// The queue of group commit (docs/decisions/0023), shared by both engines, on a stand-in transaction:
// who is told what when a batch commits, when one filing of it fails, and when the transaction fails
// before it took its filings (PostgreSQL unreachable). The engines' own transactions are tested on real
// databases in tests/integration/complaints-group-commit.test.ts.

const tx = {} as SqlTx;

/** A promise and the function that settles it. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

/**
 * A stand-in engine transaction that records each batch and the statements run in it. `firstBatch`
 * holds the first transaction before it is granted its lock and again before its commit.
 */
function standIn(options: { failBeforeTake?: () => Error | null; failCommit?: Error; firstBatch?: { lock: Promise<void>; commit: Promise<void> } } = {}) {
  const batches: number[] = [];
  const statements: string[] = [];
  const stage = { waitingForLock: false, committing: false };
  const commitBatch: CommitBatch = async (take) => {
    const hold = batches.length === 0 ? options.firstBatch : undefined;
    stage.waitingForLock = true;
    await (hold?.lock ?? new Promise((r) => setTimeout(r, 5))); // the lock is not granted at once
    stage.waitingForLock = false;
    const error = options.failBeforeTake?.();
    if (error) throw error;
    const writes = take();
    batches.push(writes.length);
    const outcomes = await inSavepoints(writes, (sql) => statements.push(sql), (write) => write(tx));
    stage.committing = true;
    await hold?.commit;
    stage.committing = false;
    if (options.failCommit) throw options.failCommit;
    return outcomes;
  };
  return { write: groupCommit(commitBatch), batches, statements, stage };
}

/** Lets the event loop turn until `condition` holds. */
async function until(condition: () => boolean) {
  while (!condition()) await new Promise((r) => setImmediate(r));
}

const value = (n: number): Write => async () => n;

describe("group commit's queue", () => {
  it("writes queued at the same moment share one transaction, each gets its own value, each in its own savepoint", async () => {
    const g = standIn();
    const results = await Promise.all([1, 2, 3].map((n) => g.write(value(n))));
    expect(results).toEqual([1, 2, 3]);
    expect(g.batches).toEqual([3]);
    expect(g.statements).toEqual(["SAVEPOINT filing", "RELEASE filing", "SAVEPOINT filing", "RELEASE filing", "SAVEPOINT filing", "RELEASE filing"]);
  });

  it("a write that throws is rolled back to its savepoint and only its filer gets the error", async () => {
    const g = standIn();
    const results = await Promise.allSettled([
      g.write(value(1)),
      g.write(async () => {
        throw new Error("filing 2 fails");
      }),
      g.write(value(3)),
    ]);
    expect(results.map((r) => (r.status === "fulfilled" ? r.value : String(r.reason)))).toEqual([1, "Error: filing 2 fails", 3]);
    expect(g.statements.slice(2, 5)).toEqual(["SAVEPOINT filing", "ROLLBACK TO filing", "RELEASE filing"]);
  });

  it("a commit that fails fails every filer of the batch: none is acknowledged", async () => {
    const g = standIn({ failCommit: new Error("disk full") });
    const results = await Promise.allSettled([g.write(value(1)), g.write(value(2))]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    expect(results.map((r) => String((r as PromiseRejectedResult).reason))).toEqual(["Error: disk full", "Error: disk full"]);
  });

  it("a transaction that fails before it took its writes fails them, and the next write is served once it works again", async () => {
    let down = true;
    let attempts = 0;
    const g = standIn({
      failBeforeTake: () => {
        attempts++;
        return down ? new Error("connect ECONNREFUSED 127.0.0.1:5432") : null;
      },
    });
    const results = await Promise.allSettled([g.write(value(1)), g.write(value(2))]);
    expect(results.map((r) => String((r as PromiseRejectedResult).reason))).toEqual(Array(2).fill("Error: connect ECONNREFUSED 127.0.0.1:5432"));
    // One attempt for the two: the queue is not retried in a loop against a database that is down.
    expect(attempts).toBe(1);
    down = false;
    expect(await g.write(value(3))).toBe(3);
    expect(attempts).toBe(2);
  });

  it("one flush at a time: writes queued before the lock is granted join its batch, writes queued during its commit the next", async () => {
    const lock = gate();
    const commit = gate();
    const g = standIn({ firstBatch: { lock: lock.opened, commit: commit.opened } });
    const results = [g.write(value(1))];
    await until(() => g.stage.waitingForLock);
    results.push(g.write(value(2)));
    lock.open();
    await until(() => g.stage.committing);
    results.push(...[3, 4, 5].map((n) => g.write(value(n))));
    // No second transaction while the first is committing.
    await new Promise((r) => setTimeout(r, 20));
    expect(g.batches).toEqual([2]);
    commit.open();
    expect(await Promise.all(results)).toEqual([1, 2, 3, 4, 5]);
    expect(g.batches).toEqual([2, 3]);
  });

  it(`at most ${MAX_GROUP} writes a commit; the rest go into the next batch at once`, async () => {
    const g = standIn();
    const n = MAX_GROUP + 6;
    const results = await Promise.all(Array.from({ length: n }, (_, i) => g.write(value(i))));
    expect(results).toEqual(Array.from({ length: n }, (_, i) => i));
    expect(g.batches).toEqual([MAX_GROUP, 6]);
  });
});
