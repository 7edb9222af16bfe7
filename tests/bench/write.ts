import os from "node:os";
import Database from "better-sqlite3";
import { type Config, runWhenMain } from "./lib/config";
import { copyDb, ensureBenchDb, liftApiKeyQuotas, removeDb } from "./lib/data";
import { measure, type LoadResult } from "./lib/load";
import { fmt, saveSection, table } from "./lib/results";
import { ensureProductionBuild, startFloor, startTindak, waitUntilIdle, type Running } from "./lib/server";

// Write path: complaints created concurrently (no photos) through the web form's action and through
// Open311 POST, on a copy of the bench database, next to the filing floor (tests/bench/insert-floor-server.ts:
// one INSERT per request, WAL, synchronous=FULL) on another copy, measured in the same run. The number of
// requests measured is fixed from the warm-up's rate, so every request gets its answer and "rows added =
// acknowledged answers" is exact. `npx tsx tests/bench/write.ts [--smoke]`.

/** Issue 17's budget for filing: at least half of the bare single-INSERT floor, 0 errors, 0 lost. */
export const WRITE_BUDGET = { minFloorRatio: 0.5 };

export type WriteRow = {
  key: string;
  label: string;
  status: string;
  result: LoadResult | null;
  /** the single-INSERT floor's run (same run, same connections); its rows were counted too */
  floor: { result: LoadResult; acknowledged: number; rowsAdded: number } | null;
  ratio: number | null;
  acknowledged: number | null;
  rowsAdded: number | null;
  lost: number | null;
  budgetMet: boolean | null;
  budgetNote: string | null;
};

const BOUNDARY = "----tindakbench7MA4YWxkTrZu0gW";
const CATEGORIES = ["UNDISTRIBUTED_DOCUMENT", "SERVICE_QUALITY", "WAITING_TIME", "FACILITY", "OTHER"];

function multipart(fields: Record<string, string>): string {
  let body = "";
  for (const [name, value] of Object.entries(fields)) {
    body += `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  }
  return body + `--${BOUNDARY}--\r\n`;
}

function description(n: number) {
  return `Bench ${n}: antrean panjang di loket pelayanan, petugas tidak ada di tempat selama dua jam (pengaduan uji beban).`;
}

/** The complaints in a SQLite database file, read on a connection of its own (also tests/bench/postgres.ts). */
export function complaintCount(file: string): number {
  const sqlite = new Database(file, { readonly: true });
  try {
    return (sqlite.prepare(`SELECT count(*) AS n FROM "Complaint"`).get() as { n: number }).n;
  } finally {
    sqlite.close();
  }
}

/** The n-th complaint filed through Open311 with the demo key, as a form-encoded body (also tests/bench/rush.ts). */
export function open311Filing(units: number[], n: number): string {
  return new URLSearchParams({
    api_key: "demo-open311-key",
    service_code: CATEGORIES[n % CATEGORIES.length]!,
    description: description(n),
    address_string: "Loket pelayanan",
    "attribute[unitId]": String(units[n % units.length]),
  }).toString();
}

export function activeUnitIds(file: string): number[] {
  const sqlite = new Database(file, { readonly: true });
  try {
    return (sqlite.prepare(`SELECT id FROM "Unit" WHERE active = 1 ORDER BY id`).all() as { id: number }[]).map((r) => r.id);
  } finally {
    sqlite.close();
  }
}

/** Counts the complaints of the database a server writes to (a SQLite file, or PostgreSQL in tests/bench/postgres.ts). */
export type CountComplaints = () => number | Promise<number>;

/** The complaint count once it has stopped moving (requests a run left in flight are still being stored). */
async function settledCount(count: CountComplaints): Promise<number> {
  let last = await count();
  for (let i = 0; i < 240; i++) {
    await new Promise((r) => setTimeout(r, 500));
    const now = await count();
    if (now === last) return now;
    last = now;
  }
  return last;
}

type Filing = {
  url: string;
  headers: Record<string, string>;
  body: (n: number) => string;
  requestHeaders?: (n: number) => Record<string, string>;
  acknowledged: (codes: Record<string, number>) => number;
};

/** A way of filing with Tindak: its request, and which answers acknowledge a complaint. */
export type FilingSuite = Filing & { key: string; label: string; ackLabel: string };

/**
 * A rush is many residents, each filing from their own phone: every form post comes from its own
 * address, as the reverse proxy in front of Tindak reports it (TRUST_PROXY=1, README "Running it for
 * real"). So the per-address limits stay at their production defaults and count one filing each, as
 * they would; one address filing thousands would be refused, as it should be.
 */
function residentAddress(n: number): Record<string, string> {
  return { "X-Forwarded-For": `10.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}` };
}

/** One filing run (warm-up, then a fixed number of requests): its figures, answers acknowledged and rows added. */
async function measureFiling(config: Config, count: CountComplaints, f: Filing) {
  let before = 0;
  const result = await measure({
    url: f.url,
    method: "POST",
    headers: f.headers,
    body: f.body,
    requestHeaders: f.requestHeaders,
    connections: config.connections,
    duration: config.duration,
    warmup: config.warmup,
    // Filing is measured once, soon after the server starts: warmed up for longer (the reads keep the
    // fastest of their rounds). The warm-ups' rates are reported; the first is a server just started.
    warmUntilSteady: true,
    amountFromWarmup: true,
    afterWarmup: async () => {
      before = await settledCount(count);
    },
  });
  const rowsAdded = (await settledCount(count)) - before;
  return { result, acknowledged: f.acknowledged(result.statusCodes), rowsAdded };
}

/** Filing through the web form's action and through Open311 POST, on the Tindak server at `base`. */
export function filingSuites(base: string, units: number[]): FilingSuite[] {
  const formFields = (n: number) => ({
    unitId: String(units[n % units.length]),
    category: CATEGORIES[n % CATEGORIES.length]!,
    description: description(n),
    privacy: "anonymous",
    reporterName: "",
    reporterPhone: "",
    reporterEmail: "",
  });
  return [
    {
      key: "form",
      label: "POST /complaints/new (form action, multipart, no photos)",
      url: `${base}/complaints/new`,
      headers: { "Content-Type": `multipart/form-data; boundary=${BOUNDARY}`, Origin: base },
      body: (n: number) => multipart(formFields(n)),
      requestHeaders: residentAddress,
      acknowledged: (codes: Record<string, number>) => (codes["303"] ?? 0) + (codes["302"] ?? 0),
      ackLabel: "303",
    },
    {
      key: "open311",
      label: "POST /open311/v2/requests.json (api_key, no photos)",
      url: `${base}/open311/v2/requests.json`,
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: (n: number) => open311Filing(units, n),
      acknowledged: (codes: Record<string, number>) =>
        Object.entries(codes).reduce((sum, [code, count]) => (code.startsWith("2") ? sum + count : sum), 0),
      ackLabel: "2xx",
    },
  ];
}

type FloorRun = NonNullable<WriteRow["floor"]>;

/**
 * Files with one suite: a probe request first (a missing route or a refused request is reported, not
 * hammered), then the measured run; rows added are checked against acknowledged answers. Without a floor
 * there is no ratio and no budget (the PostgreSQL comparison).
 */
export async function measureSuite(config: Config, s: FilingSuite, count: CountComplaints, floor: FloorRun | null, probeN: number): Promise<WriteRow> {
  const before0 = await count();
  const p = await probe(s.url, { method: "POST", headers: { ...s.headers, ...s.requestHeaders?.(probeN) }, body: s.body(probeN) });
  const ok = s.key === "form" ? p.status === 303 || p.status === 302 : p.status >= 200 && p.status < 300;
  if (!ok) {
    const status = p.status === 404 || p.status === 405 ? `route missing (${p.status})` : `probe answered ${p.status}: ${p.text.replace(/\s+/g, " ").slice(0, 160)}`;
    console.log(`  ${s.label}: ${status}`);
    return { key: s.key, label: s.label, status, result: null, floor: null, ratio: null, acknowledged: null, rowsAdded: null, lost: null, budgetMet: null, budgetNote: null };
  }
  if ((await count()) !== before0 + 1) console.log(`  warning: the probe request of ${s.key} did not add exactly one row`);
  const { result, acknowledged, rowsAdded } = await measureFiling(config, count, s);
  const lost = acknowledged - rowsAdded;
  const ratio = floor && floor.result.rps > 0 ? result.rps / floor.result.rps : null;
  const misses: string[] = [];
  if (floor && (ratio === null || ratio < WRITE_BUDGET.minFloorRatio))
    misses.push(`${fmt.n(result.rps)} complaints/s is ${fmt.pct(ratio)} of the floor's ${fmt.n(floor.result.rps)}/s < ${fmt.pct(WRITE_BUDGET.minFloorRatio)}`);
  if (result.errors || result.timeouts) misses.push(`${result.errors} errors, ${result.timeouts} timeouts`);
  const refused = result.requests - acknowledged;
  if (refused) misses.push(`${refused} answers other than ${s.ackLabel} (${JSON.stringify(result.statusCodes)})`);
  if (lost !== 0) misses.push(`rows added ${rowsAdded} ≠ acknowledged ${acknowledged}`);
  console.log(
    `  ${s.label}: ${fmt.n(result.rps)} complaints/s` +
      (floor ? ` (${fmt.pct(ratio)} of the floor)` : "") +
      `, p50 ${result.p50} ms, p99 ${result.p99} ms, ${result.errors} errors, status ${JSON.stringify(result.statusCodes)}, acknowledged ${acknowledged}, rows added ${rowsAdded}, ${warmedUp(result)}`,
  );
  return { key: s.key, label: s.label, status: "ok", result, floor, ratio, acknowledged, rowsAdded, lost, budgetMet: misses.length === 0, budgetNote: misses.join("; ") || null };
}

const warmedUp = (result: LoadResult) => `warm-ups ${result.warmupRps.map((r) => fmt.n(r)).join(" → ")}/s`;

async function probe(url: string, init: RequestInit): Promise<{ status: number; location: string | null; text: string }> {
  const res = await fetch(url, { ...init, redirect: "manual" });
  return { status: res.status, location: res.headers.get("location"), text: (await res.text()).slice(0, 300) };
}

export async function runWrite(config: Config): Promise<{ rows: WriteRow[]; note?: string }> {
  const load = os.loadavg();
  console.log(`\n== Write path (${config.connections} connections, ~${config.duration} s after ${config.warmup} s warm-up) ==`);
  const data = ensureBenchDb(config.complaints);
  if (!data.ok) {
    console.log(`  skipped: ${data.reason}`);
    saveSection(config, "write", "npm run bench (tests/bench/write.ts)", { rows: [], note: data.reason }, load);
    return { rows: [], note: data.reason };
  }
  const buildDir = ensureProductionBuild();
  const rows: WriteRow[] = [];
  const copy = copyDb(data.file, "write");
  const floorCopy = copyDb(data.file, "write-floor");
  const units = activeUnitIds(copy);
  liftApiKeyQuotas(copy);
  let server: Running | null = null;
  let floorServer: Running | null = null;
  try {
    floorServer = await startFloor(floorCopy, "tests/bench/insert-floor-server.ts");
    server = await startTindak(copy, buildDir, { TRUST_PROXY: "1" });
    await waitUntilIdle(server.process.pid!);
    // The floor first, with the Open311 body: every answer a 201, every row counted.
    const floor = await measureFiling(config, () => complaintCount(floorCopy), {
      url: `${floorServer.url}/open311/v2/requests.json`,
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: (n: number) => open311Filing(units, n),
      acknowledged: (codes) => codes["201"] ?? 0,
    });
    console.log(`  floor (one INSERT per request, WAL, synchronous=FULL): ${fmt.n(floor.result.rps)} complaints/s, p50 ${floor.result.p50} ms, p99 ${floor.result.p99} ms, acknowledged ${floor.acknowledged}, rows added ${floor.rowsAdded}, ${warmedUp(floor.result)}`);
    for (const s of filingSuites(server.url, units)) rows.push(await measureSuite(config, s, () => complaintCount(copy), floor, 1_000_000_000 + rows.length));
  } finally {
    await server?.stop();
    await floorServer?.stop();
    removeDb(copy);
    removeDb(floorCopy);
  }
  console.log(
    "\n" +
      table(
        ["write", "req/s", "p50", "p99", "errors", "acknowledged", "rows added", "floor req/s", "Tindak/floor", "budget"],
        rows.map((r) =>
          r.result
            ? [r.label, fmt.n(r.result.rps), `${r.result.p50} ms`, `${r.result.p99} ms`, String(r.result.errors + r.result.timeouts), String(r.acknowledged), String(r.rowsAdded), r.floor ? fmt.n(r.floor.result.rps) : "–", fmt.pct(r.ratio), r.budgetMet ? "met" : "NOT met"]
            : [r.label, r.status, "", "", "", "", "", "", "", ""],
        ),
      ),
  );
  saveSection(config, "write", "npm run bench (tests/bench/write.ts)", { rows }, load);
  return { rows };
}

runWhenMain(import.meta.url, runWrite);
