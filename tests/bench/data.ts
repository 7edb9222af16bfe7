import { getConfig, isMain } from "./lib/config";
import { ensureBenchDb } from "./lib/data";

// Generates (once) every bench database the benchmarks use, so a later `npm run bench` only measures.
// `npx tsx tests/bench/data.ts [--smoke]`.
export function prepareData(sizes: number[]) {
  for (const n of [...new Set(sizes)].sort((a, b) => a - b)) {
    const d = ensureBenchDb(n);
    console.log(d.ok ? `  ${n.toLocaleString("en-US")} complaints: ${d.file} ${JSON.stringify(d.counts)}` : `  ${n}: ${d.reason}`);
  }
}

if (isMain(import.meta.url)) {
  const c = getConfig();
  prepareData([c.complaints, c.mapComplaints, ...c.growthSizes]);
}
