import fs from "node:fs";
import path from "node:path";

// The route table as the security tests see it: every file under app/routes/, its Remix route id, its
// URL pattern (Remix v2 flat-route naming) and its params. The access test walks this table, so a new
// route with a param fails the test until someone says here how to make a record out of its reach.

export type RouteInfo = {
  file: string;
  /** Remix route id, e.g. "routes/follow-ups.$id" (what `?_data=` takes). */
  id: string;
  /** URL pattern with ":param" segments, e.g. "/follow-ups/:id". */
  pattern: string;
  params: string[];
  hasAction: boolean;
  hasLoader: boolean;
  hasComponent: boolean;
  /** The page posts an `intent` field (several forms share one action). */
  readsIntent: boolean;
  /** The loader reads a `page` query parameter (a paged list). */
  readsPage: boolean;
};

const ROUTES_DIR = path.resolve("app/routes");

/** Splits a flat-route name on dots that are not escaped with [.] */
function segments(name: string): string[] {
  const out: string[] = [];
  let cur = "";
  for (let i = 0; i < name.length; i++) {
    const ch = name[i]!;
    if (ch === "[") {
      const end = name.indexOf("]", i);
      cur += name.slice(i + 1, end);
      i = end;
    } else if (ch === ".") {
      out.push(cur);
      cur = "";
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

/** The sources of the app/lib and app/models modules a route imports (its action may live there). */
function importedServerModules(source: string): string[] {
  return [...source.matchAll(/from "~\/((?:lib|models)\/[^"]+\.server)"/g)].flatMap(([, name]) => {
    const file = path.resolve("app", `${name}.ts`);
    return fs.existsSync(file) ? [fs.readFileSync(file, "utf8")] : [];
  });
}

export function routeTable(): RouteInfo[] {
  return fs
    .readdirSync(ROUTES_DIR)
    .filter((f) => /\.(tsx?|jsx?)$/.test(f))
    .sort()
    .map((file) => {
      const base = file.replace(/\.(tsx?|jsx?)$/, "");
      const source = fs.readFileSync(path.join(ROUTES_DIR, file), "utf8");
      const parts = segments(base).filter((s) => s !== "_index" && !s.startsWith("_"));
      // A bare `$` is Remix's splat (the rest of the path); it is named `splat` here so it can be filled.
      const paramName = (s: string) => s.slice(1) || "splat";
      const params = parts.filter((s) => s.startsWith("$")).map(paramName);
      const pattern = "/" + parts.map((s) => (s.startsWith("$") ? `:${paramName(s)}` : s)).join("/");
      return {
        file,
        id: `routes/${base}`,
        pattern: pattern === "/" ? "/" : pattern.replace(/\/$/, ""),
        params,
        hasAction: /export\s+(async\s+)?function\s+action|export\s+const\s+action/.test(source),
        hasLoader: /export\s+(async\s+)?function\s+loader|export\s+const\s+loader/.test(source),
        hasComponent: /export\s+default\s+/.test(source),
        readsIntent: /name="intent"/.test(source) || importedServerModules(source).some((m) => /\.get\("intent"\)/.test(m)),
        readsPage: /(get|set|q)\("page"|pageParam\(/.test(source),
      };
    });
}

/** Fills a pattern's params. */
export function fill(pattern: string, values: Record<string, string | number>): string {
  return pattern.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    if (!(name in values)) throw new Error(`no value for :${name} in ${pattern}`);
    return encodeURIComponent(String(values[name]));
  });
}

/** A stand-in value for each param name, for requests that only need a well-formed URL. */
export const SAMPLE_PARAMS: Record<string, string> = { id: "1", ref: "ADU-2026-000001", code: "TIDAK-ADA-KODE", file: "discovery.json", splat: "tidak-ada.json" };
