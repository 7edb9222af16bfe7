import { getEnv } from "~/lib/env.server";
import { noteLastFigures } from "~/lib/database-unavailable.server";
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
type Compute<T, A> = () => Promise<{ value: T; holds?: (at: A) => boolean }>;
type Entry<T, A> = { stamp: string; result: Promise<Computed<T, A>>; settled: boolean };
/** The newest value computed for a key, whatever the data version then (`lastWhileComputing`). */
type Last<T, A> = Computed<T, A> & { database: string; version: number; at: number };

/** A last value older than this is never answered: the request waits for the new one. */
export const LAST_VALUE_FOR_MS = 30_000;

/**
 * A small LRU of values that hold until the next write, or until their own `holds` says no for the
 * moment `at` a request asks about (a count that moves with the clock).
 */
export class VersionCache<T, A = void> {
  private readonly entries = new Map<string, Entry<T, A>>();
  private readonly last = new Map<string, Last<T, A>>();
  /** The computation of each key now running (the newest, when several are). */
  private readonly running = new Map<string, Entry<T, A>>();

  /**
   * `lastWhileComputing`: for figures that may lag the rows they count (a list's total, never the list
   * itself; ADR 0035). When this version's value is not computed yet and the key has a last value (at
   * most LAST_VALUE_FOR_MS old), a request waits at most `waitMs` for the computation running, then is
   * answered with the last value (and the request is noted, so its page is not kept as this version's);
   * one computation runs per key at a time. During a rush of filings every filing is a new version, and a
   * count of a million complaints (about 250 ms) outlasts the next filing: each request waited for a
   * count of its own, and the counts queued up. A count that finishes within `waitMs` (a city's first
   * years) is waited for, so a visitor after a write sees the new total.
   */
  constructor(
    private readonly size = 256,
    private readonly options: { lastWhileComputing?: { waitMs: number } } = {},
  ) {}

  async get(key: string, compute: Compute<T, A>, at: A): Promise<T> {
    const database = getEnv().DATABASE_URL;
    const version = dataVersionForCache();
    const stamp = `${version}@${database}`;
    const lastWhileComputing = this.options.lastWhileComputing;
    if (lastWhileComputing && !this.settledEntry(key, stamp) && this.usableLast(key, database, at)) {
      if (!this.running.has(key)) this.start(key, stamp, compute, database, version);
      const running = this.running.get(key)!;
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([running.result.catch(() => null), new Promise((resolve) => (timer = setTimeout(resolve, lastWhileComputing.waitMs)))]);
      clearTimeout(timer);
      const settled = this.settledEntry(key, stamp);
      if (settled) {
        const computed = await settled.result;
        if (computed.holds(at)) return computed.value;
      }
      const last = this.usableLast(key, database, at);
      if (last) {
        noteLastFigures();
        return last.value;
      }
    }
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
    return (await this.start(key, stamp, compute, database, version).result).value;
  }

  /** Starts computing the key's value for `stamp`; a failed computation is not kept (the next request tries again). */
  private start(key: string, stamp: string, compute: Compute<T, A>, database: string, version: number): Entry<T, A> {
    const entry: Entry<T, A> = {
      stamp,
      settled: false,
      result: compute().then(({ value, holds }) => {
        const computed = { value, holds: holds ?? (() => true) };
        entry.settled = true;
        if (this.options.lastWhileComputing) this.keepLast(key, { ...computed, database, version, at: Date.now() });
        return computed;
      }),
    };
    this.running.set(key, entry);
    void entry.result.then(
      () => this.finished(key, entry),
      () => {
        this.finished(key, entry);
        if (this.entries.get(key) === entry) this.entries.delete(key);
      },
    );
    this.entries.delete(key);
    this.entries.set(key, entry);
    while (this.entries.size > this.size) this.entries.delete(this.entries.keys().next().value!);
    return entry;
  }

  private finished(key: string, entry: Entry<T, A>) {
    if (this.running.get(key) === entry) this.running.delete(key);
  }

  private settledEntry(key: string, stamp: string): Entry<T, A> | null {
    const entry = this.entries.get(key);
    return entry && entry.stamp === stamp && entry.settled ? entry : null;
  }

  private usableLast(key: string, database: string, at: A): Last<T, A> | null {
    const last = this.last.get(key);
    return last && last.database === database && Date.now() - last.at <= LAST_VALUE_FOR_MS && last.holds(at) ? last : null;
  }

  /** Keeps `value` as the key's last, unless a value of a newer version finished first. */
  private keepLast(key: string, value: Last<T, A>) {
    const kept = this.last.get(key);
    if (kept && kept.database === value.database && kept.version > value.version) return;
    this.last.delete(key);
    this.last.set(key, value);
    while (this.last.size > this.size) this.last.delete(this.last.keys().next().value!);
  }

  clear() {
    this.entries.clear();
    this.last.clear();
  }
}
