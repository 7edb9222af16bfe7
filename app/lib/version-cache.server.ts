import { getEnv } from "~/lib/env.server";
import { dataVersionForCache } from "~/lib/sql/index.server";

// Values read from the database that only change with a write (list totals, counts, unit names): every
// write that can change one moves the data version (docs/decisions/0030), so each is kept until the next
// write. A value that also moves with the clock says for which moments it holds (`holds`). The database
// is part of the stamp: tests switch DATABASE_URL between copies without a write in between.

type Entry<T, A> = { stamp: string; value: T; holds: (at: A) => boolean };

/**
 * A small LRU of values that hold until the next write, or until their own `holds` says no for the
 * moment `at` a request asks about (a count that moves with the clock).
 */
export class VersionCache<T, A = void> {
  private readonly entries = new Map<string, Entry<T, A>>();
  constructor(private readonly size = 256) {}

  async get(key: string, compute: () => Promise<{ value: T; holds?: (at: A) => boolean }>, at: A): Promise<T> {
    const stamp = `${dataVersionForCache()}@${getEnv().DATABASE_URL}`;
    const hit = this.entries.get(key);
    if (hit && hit.stamp === stamp && hit.holds(at)) {
      // Map keeps insertion order: re-inserting makes this the most recent entry.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.value;
    }
    const { value, holds } = await compute();
    // A write during the computation moved the version: keep the value under the version read before
    // it, so the next request (which sees the new version) computes afresh.
    this.entries.delete(key);
    this.entries.set(key, { stamp, value, holds: holds ?? (() => true) });
    while (this.entries.size > this.size) this.entries.delete(this.entries.keys().next().value!);
    return value;
  }

  clear() {
    this.entries.clear();
  }
}
