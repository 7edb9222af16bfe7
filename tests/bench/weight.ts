import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { phoneContext } from "../support/browser";
import { launchBenchBrowser as launchBrowser } from "./lib/browser";
import { type Config, runWhenMain } from "./lib/config";
import { median, until } from "./lib/measure";
import { copyDb, ensureBenchDb, removeDb } from "./lib/data";
import { fmt, saveSection, table } from "./lib/results";
import { ensureProductionBuild, startTindak, waitForQuietMachine, type Running } from "./lib/server";
import { measureInteractive, type InteractiveResult } from "./interactive";

// Page weight and first paint: gzipped JS (and CSS) each route loads first, from the build manifest;
// LCP of /complaints/new and /map in headless Chromium with 4x CPU throttling and a slow-3G network;
// and the time from the map data arriving to the clusters showing, with 10,000 complaints.
// `npx tsx tests/bench/weight.ts [--smoke]`.

/** Chrome DevTools' "Slow 3G" preset (request-level latency, bytes per second). */
export const SLOW_3G = { offline: false, latency: 2000, downloadThroughput: (500 * 1000) / 8 * 0.8, uploadThroughput: (500 * 1000) / 8 * 0.8 };
export const CPU_SLOWDOWN = 4;
const JS_BUDGET = 120 * 1024;
const LCP_BUDGET_MS = 2500;
const CLUSTER_BUDGET_MS = 1000;

type Manifest = {
  entry: { module: string; imports?: string[] };
  routes: Record<string, { id: string; parentId?: string; path?: string; index?: boolean; module: string; imports?: string[]; css?: string[] }>;
};

export type RouteWeight = { route: string; url: string; jsGzip: number; jsFiles: number; cssGzip: number; leaflet: boolean };

function readManifest(buildDir: string): Manifest {
  const dir = path.join(buildDir, "public", "build");
  const file = fs.readdirSync(dir).find((f) => /^manifest-.*\.js$/.test(f));
  if (!file) throw new Error(`no manifest-*.js in ${dir}`);
  const text = fs.readFileSync(path.join(dir, file), "utf8");
  return JSON.parse(text.slice(text.indexOf("{"), text.lastIndexOf("}") + 1)) as Manifest;
}

const gzipCache = new Map<string, { gz: number; leaflet: boolean }>();
function gzipSize(buildDir: string, publicPath: string): { gz: number; leaflet: boolean } {
  const cached = gzipCache.get(publicPath);
  if (cached) return cached;
  const file = path.join(buildDir, "public", publicPath.replace(/^\//, ""));
  const bytes = fs.existsSync(file) ? fs.readFileSync(file) : Buffer.alloc(0);
  const text = bytes.toString("utf8");
  // Leaflet's own source carries its attribution link and its container class.
  const result = { gz: zlib.gzipSync(bytes, { level: 9 }).length, leaflet: text.includes("leafletjs.com") || text.includes("leaflet-container") };
  gzipCache.set(publicPath, result);
  return result;
}

/** URL pattern of a route id, e.g. routes/complaints.new → /complaints/new. */
function urlOf(m: Manifest, id: string): string {
  const parts: string[] = [];
  for (let r: Manifest["routes"][string] | undefined = m.routes[id]; r; r = r.parentId ? m.routes[r.parentId] : undefined) if (r.path) parts.unshift(r.path);
  return "/" + parts.join("/").replace(/^\/+/, "");
}

/** Every route's first-load JS: the entry, then each route from root down to it, with their imports. */
export function routeWeights(buildDir: string, cssByRoute: Record<string, number> = {}): RouteWeight[] {
  const m = readManifest(buildDir);
  const out: RouteWeight[] = [];
  for (const id of Object.keys(m.routes)) {
    if (id === "root") continue;
    const chain: string[] = [];
    for (let r: Manifest["routes"][string] | undefined = m.routes[id]; r; r = r.parentId ? m.routes[r.parentId] : undefined) chain.unshift(r.id);
    const files = new Set<string>([m.entry.module, ...(m.entry.imports ?? [])]);
    for (const rid of chain) {
      const r = m.routes[rid]!;
      files.add(r.module);
      for (const f of r.imports ?? []) files.add(f);
    }
    let js = 0;
    let leaflet = false;
    for (const f of files) {
      const s = gzipSize(buildDir, f);
      js += s.gz;
      leaflet ||= s.leaflet;
    }
    const url = urlOf(m, id);
    out.push({ route: id, url, jsGzip: js, jsFiles: files.size, cssGzip: cssByRoute[url] ?? cssByRoute["*"] ?? 0, leaflet });
  }
  return out.sort((a, b) => a.url.localeCompare(b.url));
}

/** Stylesheets the server links from a page, gzipped (the same for every page that only has the root's). */
async function cssOf(base: string, pathname: string, buildDir: string): Promise<number | null> {
  const res = await fetch(base + pathname);
  if (res.status !== 200) return null;
  const html = await res.text();
  let total = 0;
  for (const m of html.matchAll(/<link[^>]+rel="stylesheet"[^>]*href="([^"]+)"/g)) {
    const href = m[1]!;
    if (href.startsWith("/build/")) total += gzipSize(buildDir, href).gz;
    else {
      const r = await fetch(base + href);
      total += zlib.gzipSync(Buffer.from(await r.arrayBuffer())).length;
    }
  }
  return total;
}

export type PaintResult = { url: string; status: string; lcpMs: number | null; fcpMs: number | null; budgetMet: boolean | null };
export type ClusterResult = { status: string; complaints: number | null; dataArrivedMs: number | null; clustersShownMs: number | null; deltaMs: number | null; budgetMet: boolean | null };

export const OBSERVERS = `
  window.__bench = { lcp: null, fcp: null, clustersAt: null };
  try {
    new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__bench.lcp = e.startTime; })
      .observe({ type: "largest-contentful-paint", buffered: true });
    new PerformanceObserver((list) => { for (const e of list.getEntries()) if (e.name === "first-contentful-paint") window.__bench.fcp = e.startTime; })
      .observe({ type: "paint", buffered: true });
  } catch (e) {}
  const seen = () => document.querySelector(
    ".leaflet-marker-pane > *, .leaflet-overlay-pane path.leaflet-interactive, [data-cluster], .marker-cluster");
  new MutationObserver((_, obs) => {
    if (window.__bench.clustersAt === null && seen()) { window.__bench.clustersAt = performance.now(); obs.disconnect(); }
  }).observe(document, { childList: true, subtree: true });
`;

async function measurePaint(base: string, pathname: string, throttle: boolean, browser: Awaited<ReturnType<typeof launchBrowser>>): Promise<PaintResult> {
  const context = await phoneContext(browser);
  try {
    const page = await context.newPage();
    await page.addInitScript(OBSERVERS);
    const cdp = await context.newCDPSession(page);
    if (throttle) {
      await cdp.send("Network.enable");
      await cdp.send("Network.emulateNetworkConditions", SLOW_3G);
      await cdp.send("Emulation.setCPUThrottlingRate", { rate: CPU_SLOWDOWN });
    }
    const res = await page.goto(base + pathname, { waitUntil: "load", timeout: 120_000 });
    if (!res || res.status() !== 200) return { url: pathname, status: res?.status() === 404 ? "route missing (404)" : `answered ${res?.status()}`, lcpMs: null, fcpMs: null, budgetMet: null };
    await page.waitForTimeout(throttle ? 1500 : 300);
    const b = (await page.evaluate("window.__bench")) as { lcp: number | null; fcp: number | null };
    return { url: pathname, status: "ok", lcpMs: b.lcp, fcpMs: b.fcp, budgetMet: b.lcp === null ? null : b.lcp < LCP_BUDGET_MS };
  } finally {
    await context.close();
  }
}

export async function measureClusters(base: string, throttle: boolean, browser: Awaited<ReturnType<typeof launchBrowser>>, complaints: number): Promise<ClusterResult> {
  const context = await phoneContext(browser, { viewport: { width: 1280, height: 900 }, isMobile: false, hasTouch: false });
  try {
    const page = await context.newPage();
    await page.addInitScript(OBSERVERS);
    const cdp = await context.newCDPSession(page);
    if (throttle) await cdp.send("Emulation.setCPUThrottlingRate", { rate: CPU_SLOWDOWN });
    const res = await page.goto(base + "/map", { waitUntil: "load", timeout: 120_000 });
    if (!res || res.status() !== 200) return { status: res?.status() === 404 ? "route missing (404)" : `answered ${res?.status()}`, complaints, dataArrivedMs: null, clustersShownMs: null, deltaMs: null, budgetMet: null };
    const shown = await until(page, "window.__bench.clustersAt !== null", 30_000);
    if (!shown) {
      return { status: "no cluster or marker appeared within 30 s", complaints, dataArrivedMs: null, clustersShownMs: null, deltaMs: null, budgetMet: false };
    }
    const r = (await page.evaluate(`(() => {
      const data = performance.getEntriesByType("resource").filter((e) => e.name.includes("/map/data.json"));
      return { clustersAt: window.__bench.clustersAt, dataAt: data.length ? data[0].responseEnd : null };
    })()`)) as { clustersAt: number; dataAt: number | null };
    if (r.dataAt === null) return { status: "the page showed markers without fetching /map/data.json (data inlined in the HTML?)", complaints, dataArrivedMs: null, clustersShownMs: r.clustersAt, deltaMs: null, budgetMet: null };
    const delta = r.clustersAt - r.dataAt;
    return { status: "ok", complaints, dataArrivedMs: r.dataAt, clustersShownMs: r.clustersAt, deltaMs: delta, budgetMet: delta <= CLUSTER_BUDGET_MS };
  } finally {
    await context.close();
  }
}

export type WeightResult = {
  routes: RouteWeight[];
  complaintsNew: { jsGzip: number | null; leaflet: boolean | null; budgetMet: boolean | null };
  paint: PaintResult[];
  clusters: ClusterResult | null;
  /** Issue 15: cold and warm "interactive" times of the complaint form, a sidak page and the map. */
  interactive: InteractiveResult[];
  profile: string;
  note?: string;
};

export async function runWeight(config: Config): Promise<WeightResult> {
  const load = os.loadavg();
  const profile = config.throttle ? `${CPU_SLOWDOWN}x CPU, Chrome DevTools "Slow 3G" (2,000 ms latency, 400 kbit/s down and up), phone viewport 360×740` : "no throttling (smoke run)";
  console.log(`\n== Page weight and first paint (${profile}) ==`);
  const buildDir = ensureProductionBuild();
  const result: WeightResult = { routes: [], complaintsNew: { jsGzip: null, leaflet: null, budgetMet: null }, paint: [], clusters: null, interactive: [], profile };
  const data = ensureBenchDb(config.complaints);
  const mapData = ensureBenchDb(config.mapComplaints);
  let server: Running | null = null;
  let mapServer: Running | null = null;
  const copies: string[] = [];
  const browser = await launchBrowser();
  try {
    let css: Record<string, number> = {};
    if (data.ok) {
      const copy = copyDb(data.file, "weight");
      copies.push(copy);
      server = await startTindak(copy, buildDir);
      const rootCss = await cssOf(server.url, "/", buildDir);
      if (rootCss !== null) css["*"] = rootCss;
      for (const url of ["/complaints/new", "/map"]) {
        const c = await cssOf(server.url, url, buildDir);
        if (c !== null) css[url] = c;
      }
    }
    result.routes = routeWeights(buildDir, css);
    const cn = result.routes.find((r) => r.url === "/complaints/new");
    result.complaintsNew = cn ? { jsGzip: cn.jsGzip, leaflet: cn.leaflet, budgetMet: cn.jsGzip <= JS_BUDGET && !cn.leaflet } : { jsGzip: null, leaflet: null, budgetMet: null };
    console.log(
      table(
        ["route", "URL", "JS gzip (first load)", "files", "CSS gzip", "Leaflet"],
        result.routes.map((r) => [r.route, r.url, fmt.kb(r.jsGzip), String(r.jsFiles), fmt.kb(r.cssGzip), r.leaflet ? "yes" : "no"]),
      ),
    );
    console.log(
      cn
        ? `  /complaints/new: ${fmt.kb(cn.jsGzip)} gzipped JS on first load (budget ≤ 120 KB), Leaflet ${cn.leaflet ? "INCLUDED" : "not included"}: ${result.complaintsNew.budgetMet ? "met" : "NOT met"}`
        : "  /complaints/new: route missing",
    );

    if (server) {
      // First paint on a quiet machine: in the whole run of 3934755 (AMD EPYC, load 2.08 when this section
      // began, the bench's own earlier work) LCP came out at 2.60 s and 2.83 s; this section alone on the
      // same kind of machine, quiet, 2.28 s and 2.33 s. What the machine still does lands in a phone's timeline.
      // Not in the smoke run, whose timings mean nothing and which runs beside the whole test suite.
      const waited = config.smoke ? 0 : await waitForQuietMachine();
      if (waited > 3_000) console.log(`  (waited ${(waited / 1000).toFixed(0)} s for a quiet machine before first paint)`);
      const runs = config.smoke ? 1 : 3;
      for (const url of ["/complaints/new", "/map"]) {
        const samples: PaintResult[] = [];
        for (let i = 0; i < runs; i++) samples.push(await measurePaint(server.url, url, config.throttle, browser));
        const ok = samples.filter((s) => s.status === "ok" && s.lcpMs !== null);
        const lcp = median(ok.map((s) => s.lcpMs!));
        const fcp = median(ok.map((s) => s.fcpMs ?? NaN).filter((n) => !Number.isNaN(n)));
        const p: PaintResult = ok.length ? { url, status: "ok", lcpMs: lcp, fcpMs: fcp, budgetMet: lcp! < LCP_BUDGET_MS } : samples[0]!;
        result.paint.push(p);
        console.log(`  LCP ${url}: ${p.status === "ok" ? `${fmt.ms(p.lcpMs)} (median of ${ok.length}; FCP ${fmt.ms(p.fcpMs)}) budget < 2.5 s: ${p.budgetMet ? "met" : "NOT met"}` : p.status}`);
      }
      const throttle = config.throttle ? { network: SLOW_3G, cpu: CPU_SLOWDOWN } : null;
      result.interactive = await measureInteractive(browser, server.url, copies[0]!, throttle, config.smoke ? 1 : 3);
      for (const r of result.interactive) console.log(`  interactive ${r.page} ${r.url}: cold ${fmt.ms(r.coldMs)}, warm ${fmt.ms(r.warmMs)} (${r.status})`);
    } else console.log(`  LCP: skipped: ${data.ok ? "" : data.reason}`);

    if (mapData.ok) {
      const copy = copyDb(mapData.file, "map");
      copies.push(copy);
      mapServer = await startTindak(copy, buildDir);
      if (!config.smoke) await waitForQuietMachine();
      const samples: ClusterResult[] = [];
      for (let i = 0; i < (config.smoke ? 1 : 3); i++) samples.push(await measureClusters(mapServer.url, config.throttle, browser, mapData.counts.complaints));
      const ok = samples.filter((s) => s.status === "ok");
      const delta = median(ok.map((s) => s.deltaMs!));
      result.clusters = ok.length ? { ...ok[0]!, deltaMs: delta, budgetMet: delta! <= CLUSTER_BUDGET_MS } : samples[0]!;
      const c = result.clusters;
      console.log(
        `  /map with ${mapData.counts.complaints.toLocaleString("en-US")} complaints (${config.throttle ? `${CPU_SLOWDOWN}x CPU` : "unthrottled"}): ` +
          (c.status === "ok" ? `clusters visible ${fmt.ms(c.deltaMs)} after the data arrived (median of ${ok.length}; budget ≤ 1 s: ${c.budgetMet ? "met" : "NOT met"})` : c.status),
      );
    } else console.log(`  map clusters: skipped: ${mapData.reason}`);
  } finally {
    await browser.cleanup();
    await server?.stop();
    await mapServer?.stop();
    for (const c of copies) removeDb(c);
  }
  saveSection(config, "weight", "npm run bench (tests/bench/weight.ts)", result, load);
  return result;
}

runWhenMain(import.meta.url, runWeight);
