// Environment knobs that size a test (FUZZ_RUNS, CRASH_KILLS, LOAD_SECONDS). A run says what it was set
// to, and a value too small for the test to mean anything is refused rather than quietly accepted: a
// crash loop of one kill, or a fuzz of two inputs, would still print green (issue 22).

export function sizeFromEnv(name: string, fallback: number, floor: number): number {
  const raw = process.env[name];
  const value = raw === undefined || raw.trim() === "" ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < floor) {
    throw new Error(`${name}=${raw} is not allowed: it must be a whole number of at least ${floor} (default ${fallback}).`);
  }
  console.log(`[tests] ${name}=${value}${raw === undefined || raw.trim() === "" ? " (default)" : " (from the environment)"}; at least ${floor}`);
  return value;
}
