import { getEnv } from "~/lib/env.server";
import { dataVersionForCache } from "~/lib/sql/index.server";

// Values read from the database that only change with a write (list totals, counts, unit names): every
// write that can change one moves the data version (docs/decisions/0030), so each is kept until the next
// write. A value that also moves with the clock says for which moments it holds (`holds`). The database
// is part of the stamp: tests switch DATABASE_URL between copies without a write in between.
//
// An entry is kept from the moment its computation starts: requests that miss together share one
// computation instead of each running it (after a write, 32 visitors of a unit's page at a million
// complaints would otherwise each read a year of its complaints).

type Computed<T, A> = { value: T; holds: (at: A) => boolean };
type Entry<T, A> = { stamp: string; result: Promise<Computed<T, A>> };

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
    if (hit && hit.stamp === stamp) {
      // A computation that failed is computed again below (its own request has it removed, or will).
      const computed = await hit.result.catch(() => null);
      if (computed?.holds(at)) {
        // Map keeps insertion order: re-inserting makes this the most recent entry.
        if (this.entries.get(key) === hit) {
          this.entries.delete(key);
          this.entries.set(key, hit);
        }
        return computed.value;
      }
    }
    // A write during the computation moves the version: the value stays under the version read before
    // it, so the next request (which sees the new version) computes afresh.
    const entry: Entry<T, A> = { stamp, result: compute().then(({ value, holds }) => ({ value, holds: holds ?? (() => true) })) };
    this.entries.delete(key);
    this.entries.set(key, entry);
    while (this.entries.size > this.size) this.entries.delete(this.entries.keys().next().value!);
    try {
      return (await entry.result).value;
    } catch (error) {
      // A failed computation is not kept: the next request tries again.
      if (this.entries.get(key) === entry) this.entries.delete(key);
      throw error;
    }
  }

  clear() {
    this.entries.clear();
  }
}
