import Database from "better-sqlite3";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { phoneContext, signInPage } from "../support/browser";
import { median, until } from "./lib/measure";
import { DEMO_PASSWORD } from "../../prisma/seed/demo-password";
import { INSPECTOR } from "./lib/targets";
import type { SLOW_3G } from "./weight";

// Issue 15's field timings: how long a page takes to become usable ("interactive": React has hydrated
// it and its first effects have run, the moment root.tsx sets <html data-hydrated>) on a cheap phone
// with a bad signal, Chrome DevTools' "Slow 3G" with the CPU 4x slower.
// - cold: a phone that never opened Tindak (empty HTTP cache, no service worker);
// - warm: the same phone's next visit, once the service worker has installed (build files from its
//   cache; the page itself still from the network, which is how the worker serves pages).
// For /complaints/new, the inspector's sidak page and /map. Timed from the navigation's start.

export type InteractiveResult = { page: string; url: string; status: string; coldMs: number | null; warmMs: number | null };

type Throttle = { network: typeof SLOW_3G; cpu: number } | null;

const HYDRATION_WATCH = `
  window.__interactiveAt = null;
  new MutationObserver((_, observer) => {
    if (document.documentElement && document.documentElement.dataset.hydrated === "true") {
      window.__interactiveAt = performance.now();
      observer.disconnect();
    }
  }).observe(document, { attributes: true, attributeFilter: ["data-hydrated"], subtree: true });
`;

async function throttled(context: BrowserContext, throttle: Throttle): Promise<Page> {
  const page = await context.newPage();
  if (throttle) {
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.emulateNetworkConditions", throttle.network);
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: throttle.cpu });
  }
  return page;
}

/** One cold visit then one warm visit of `url` in a fresh phone context (signed in when `storageState` is given). */
async function visit(browser: Browser, base: string, url: string, throttle: Throttle, storageState?: Awaited<ReturnType<BrowserContext["storageState"]>>): Promise<{ status: string; coldMs: number | null; warmMs: number | null }> {
  const context = await phoneContext(browser, storageState ? { storageState } : {});
  try {
    await context.addInitScript(HYDRATION_WATCH);
    const cold = await throttled(context, throttle);
    const response = await cold.goto(base + url, { waitUntil: "commit", timeout: 180_000 });
    if (!response || response.status() !== 200) return { status: `answered ${response?.status()}`, coldMs: null, warmMs: null };
    const coldMs = (await until(cold, "window.__interactiveAt", 180_000)) as number | null;
    if (coldMs === null) return { status: "never became interactive within 180 s", coldMs: null, warmMs: null };
    // The service worker installs in the background (it fetches its pages and build files over the same
    // slow network); the warm visit is the one after that.
    const controlled = await until(cold, "navigator.serviceWorker && navigator.serviceWorker.controller !== null", 180_000);
    await cold.close();
    const warm = await throttled(context, throttle);
    await warm.goto(base + url, { waitUntil: "commit", timeout: 180_000 });
    const warmMs = (await until(warm, "window.__interactiveAt", 180_000)) as number | null;
    if (warmMs === null) return { status: `warm visit never became interactive within 180 s${controlled ? "" : " (service worker not in control)"}`, coldMs, warmMs: null };
    return { status: controlled ? "ok" : "ok (service worker not in control before the warm visit)", coldMs, warmMs };
  } finally {
    await context.close();
  }
}

/** The inspector's sidak to open: a draft if there is one (the page used offline), else the newest. */
function inspectorSidak(dbFile: string): number | null {
  const db = new Database(dbFile, { readonly: true });
  try {
    const row = db
      .prepare(`SELECT i.id FROM "Inspection" i JOIN "User" u ON u.id = i.inspectorId WHERE u.email = ? ORDER BY (i.status = 'DRAFT') DESC, i.id DESC LIMIT 1`)
      .get(INSPECTOR) as { id: number } | undefined;
    return row?.id ?? null;
  } finally {
    db.close();
  }
}

export async function measureInteractive(browser: Browser, base: string, dbFile: string, throttle: Throttle, runs: number): Promise<InteractiveResult[]> {
  const sidak = inspectorSidak(dbFile);
  // Signed in once, unthrottled; each sample's context starts from the session cookie alone.
  const login = await phoneContext(browser);
  const storageState = await (async () => {
    try {
      await signInPage(login, base, INSPECTOR, DEMO_PASSWORD);
      return await login.storageState();
    } finally {
      await login.close();
    }
  })();
  const pages: Array<{ page: string; url: string | null; signedIn: boolean }> = [
    { page: "complaint form", url: "/complaints/new", signedIn: false },
    { page: "sidak (inspector)", url: sidak === null ? null : `/inspections/${sidak}`, signedIn: true },
    { page: "map", url: "/map", signedIn: false },
  ];
  const results: InteractiveResult[] = [];
  for (const p of pages) {
    if (!p.url) {
      results.push({ page: p.page, url: "–", status: "no sidak of the inspector in the bench data", coldMs: null, warmMs: null });
      continue;
    }
    const samples = [];
    for (let i = 0; i < runs; i++) samples.push(await visit(browser, base, p.url, throttle, p.signedIn ? storageState : undefined));
    const ok = samples.filter((s) => s.coldMs !== null && s.warmMs !== null);
    // A visit that failed is named beside the median of the others, never dropped without a word.
    const failed = samples.filter((s) => !ok.includes(s)).map((s) => s.status);
    const failures = failed.length ? `; ${failed.length} of ${samples.length} visits failed: ${[...new Set(failed)].join("; ")}` : "";
    results.push(
      ok.length
        ? { page: p.page, url: p.url, status: `${ok[0]!.status}, median of ${ok.length}${failures}`, coldMs: median(ok.map((s) => s.coldMs!)), warmMs: median(ok.map((s) => s.warmMs!)) }
        : { page: p.page, url: p.url, ...samples[0]! },
    );
  }
  return results;
}
