import type { Page } from "playwright-core";

// Small helpers shared by the browser benchmarks (weight.ts, interactive.ts). Dependency-free on
// purpose: bench scripts must load no app module that reads the environment.

/** The middle value of `xs` (the upper middle for an even count), null for none. */
export function median(xs: number[]): number | null {
  if (!xs.length) return null;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/**
 * Polls `expression` in the page every 100 ms until it is truthy and returns its value, or null after
 * `timeoutMs`. Polled with evaluate because waitForFunction compiles its predicate in the page, which
 * the CSP (no 'unsafe-eval') refuses, so it would never see the value.
 */
export async function until(page: Page, expression: string, timeoutMs: number): Promise<unknown> {
  for (const end = Date.now() + timeoutMs; Date.now() < end; ) {
    const value = await page.evaluate(expression);
    if (value) return value;
    await page.waitForTimeout(100);
  }
  return null;
}
