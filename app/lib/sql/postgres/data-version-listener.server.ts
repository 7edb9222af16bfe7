import pg from "pg";
import { DATA_VERSION_CHANNEL } from "~/lib/data-version.server";

// The data version on PostgreSQL (ADR 0030, issue 18), read on every cacheable request without a round
// trip: one connection per app server LISTENs on the channel the commit-time trigger NOTIFYs
// (app/lib/data-version.server.ts), and the last version heard is kept here. While that connection is
// down the version is unknown (null: the response cache neither serves nor keeps anything, never a
// stale page); on reconnecting the version is read again, so writes made meanwhile count.

const RECONNECT_MS = 1000;

export type DataVersionListener = { current(): number | null; close(): void };

export function listenForDataVersion(connectionString: string): DataVersionListener {
  let version: number | null = null;
  let client: pg.Client | undefined;
  let closed = false;
  let starting = false;

  const heard = (value: number) => {
    if (Number.isSafeInteger(value)) version = version === null ? value : Math.max(version, value);
  };

  const lost = () => {
    version = null;
    const old = client;
    client = undefined;
    old?.end().catch(() => undefined);
    if (!closed) setTimeout(start, RECONNECT_MS).unref();
  };

  async function start() {
    if (closed || starting || client) return;
    starting = true;
    const next = new pg.Client({ connectionString, application_name: "tindak data version" });
    next.on("error", lost);
    next.on("end", () => client === next && lost());
    next.on("notification", (message) => {
      if (message.channel === DATA_VERSION_CHANNEL) heard(Number(message.payload));
    });
    try {
      await next.connect();
      // LISTEN before reading: a commit between the two is heard, and the larger number wins.
      await next.query(`LISTEN ${DATA_VERSION_CHANNEL}`);
      const { rows } = await next.query<{ version: number }>(`SELECT "version" FROM "DataVersion" WHERE "id" = 1`);
      client = next;
      if (rows[0]) heard(Number(rows[0].version));
    } catch {
      await next.end().catch(() => undefined);
      if (!closed) setTimeout(start, RECONNECT_MS).unref();
    } finally {
      starting = false;
    }
  }

  return {
    current() {
      if (!client && !starting && !closed) void start();
      return version;
    },
    close() {
      closed = true;
      version = null;
      void client?.end().catch(() => undefined);
      client = undefined;
    },
  };
}
