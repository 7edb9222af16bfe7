import { getEnv } from "./env.server";
import { dataVersionForCache } from "./sql/index.server";
import { nextDeadlineAt } from "./sql/queries/deadlines.server";

// The stamp of caches whose figures move with the clock as well as with writes: the map's overdue points,
// the dashboard's overdue and decided counts. Nothing changes by the clock alone between two deadlines (a
// follow-up is overdue when OPEN past its dueAt, decided once answered or past its dueAt), so a value
// computed at `now` holds until the next write (the data version) or until the first deadline at or after
// `now` has passed. Deadlines fall at the end of WIB working days: the clock rebuilds these caches about
// once a day, where a fixed time bucket rebuilt them every few minutes (seconds of CPU each at a million
// complaints, in every process).

type Window = { version: number; database: string; from: number; until: number };
let window: Window | null = null;

/**
 * `<data version>@<next deadline>`: equal for two moments exactly when no write and no deadline lies
 * between them. The window is remembered, so a request between deadlines reads nothing.
 */
export async function clockStamp(now: number): Promise<string> {
  const version = dataVersionForCache();
  const database = getEnv().DATABASE_URL;
  const w = window;
  if (w && w.version === version && w.database === database && w.from <= now && now <= w.until) return `${version}@${w.until}`;
  const until = (await nextDeadlineAt(now)) ?? Number.POSITIVE_INFINITY;
  window = { version, database, from: now, until };
  return `${version}@${until}`;
}
