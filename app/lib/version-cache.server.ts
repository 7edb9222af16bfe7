import { dataVersionForCache } from "~/lib/sql/index.server";

// Counts behind the signed-in lists (issue 17): counting every inspection or follow-up on each request
// made a page's cost grow with the tables. A count only changes with a write, and every write that can
// change one moves the data version (docs/decisions/0018), so it is kept until the next write. A count
// that also moves with the clock says for which moments it holds (`holds`).

type Entry<T, A> = { version: number; value: T; holds: (at: A) => boolean };

/**
 * A small LRU of values that hold until the next write, or until their own `holds` says no for the
 * moment `at` a request asks about (a count that moves with the clock).
 */
export class VersionCache<T, A = void> {
  private readonly entries = new Map<string, Entry<T, A>>();
  constructor(private readonly size = 256) {}

  async get(key: string, compute: () => Promise<{ value: T; holds?: (at: A) => boolean }>, at: A): Promise<T> {
    const version = dataVersionForCache();
    const hit = this.entries.get(key);
    if (hit && hit.version === version && hit.holds(at)) {
      // Map keeps insertion order: re-inserting makes this the most recent entry.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.value;
    }
    const { value, holds } = await compute();
    // A write during the computation moved the version: keep the value under the version read before
    // it, so the next request (which sees the new version) computes afresh.
    this.entries.delete(key);
    this.entries.set(key, { version, value, holds: holds ?? (() => true) });
    while (this.entries.size > this.size) this.entries.delete(this.entries.keys().next().value!);
    return value;
  }

  clear() {
    this.entries.clear();
  }
}
