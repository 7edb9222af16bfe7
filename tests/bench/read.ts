import { type Config, runWhenMain } from "./lib/config";
import { ensureBenchDb } from "./lib/data";
import { printReadTable, runReadSuite, type ReadRow } from "./lib/read-suite";
import { saveSection } from "./lib/results";
import { ensureProductionBuild } from "./lib/server";
import os from "node:os";

// Read path: each benchmarked URL on Tindak's production build next to the bare floor server, same run,
// same database (npm run seed:bench: 100,000 complaints). `npx tsx tests/bench/read.ts [--smoke]`.

export type ReadResult = { database: { complaints: number; counts: unknown } | null; rows: ReadRow[]; note?: string };

export async function runRead(config: Config): Promise<ReadResult> {
  const load = os.loadavg();
  console.log(`\n== Read path (${config.connections} connections, ${config.duration} s after ${config.warmup} s warm-up; Tindak next to the floor) ==`);
  const data = ensureBenchDb(config.complaints);
  if (!data.ok) {
    console.log(`  skipped: ${data.reason}`);
    const result = { database: null, rows: [], note: data.reason };
    saveSection(config, "read", "npm run bench (tests/bench/read.ts)", result, load);
    return result;
  }
  console.log(`  database: ${JSON.stringify(data.counts)}`);
  const buildDir = ensureProductionBuild();
  const rows = await runReadSuite(data.file, buildDir, { connections: config.connections, duration: config.duration, warmup: config.warmup, rounds: config.rounds, withFloor: true });
  console.log("\n" + printReadTable(rows, true));
  const result = { database: { complaints: config.complaints, counts: data.counts }, rows };
  saveSection(config, "read", "npm run bench (tests/bench/read.ts)", result, load);
  return result;
}

runWhenMain(import.meta.url, runRead);
