import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// The browser gets Bahasa Indonesia per page (docs/decisions/0027): the shell's messages (core, titles)
// and those of the capabilities a route lists in `handle.messages`. A message a page names but does not
// carry would read as its raw key ("complaints.new.title") on the server and after hydration alike.
// This walks each page route's modules (its components and, since a loader or an action may hand a
// message key to the page, its server modules too) and compares the capabilities whose messages they
// name with the ones the route lists: none missing, none listed for nothing (each costs its pages bytes).

const APP = path.resolve(__dirname, "../../app");
const MESSAGES_DIR = path.join(APP, "i18n/messages");
const SHELL = ["core", "titles"];

/** Capability name → its Bahasa Indonesia keys, from app/i18n/messages/<name>.ts (which exports `<name>`). */
async function capabilities(): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (const file of fs.readdirSync(MESSAGES_DIR).filter((f) => f.endsWith(".ts") && !f.endsWith(".en.ts"))) {
    const name = file.replace(/\.ts$/, "");
    const mod = (await import(path.join(MESSAGES_DIR, file))) as Record<string, { id: Record<string, string> } | undefined>;
    out.set(name, Object.keys(mod[name]?.id ?? {}));
  }
  return out;
}

const caps = await capabilities();

function resolveImport(from: string, spec: string): string | null {
  const base = spec.startsWith("~/") ? path.join(APP, spec.slice(2)) : path.resolve(path.dirname(from), spec);
  for (const ext of [".ts", ".tsx", "/index.ts", "/index.tsx", ""]) {
    const file = base + ext;
    if (fs.existsSync(file) && fs.statSync(file).isFile() && /\.tsx?$/.test(file)) return file;
  }
  return null;
}

/** A module and everything it imports from app/ (not `import type`, not the dictionaries themselves). */
function moduleGraph(entry: string): string[] {
  const seen = new Set<string>();
  const queue = [entry];
  while (queue.length) {
    const file = queue.pop()!;
    if (seen.has(file) || file.startsWith(path.join(APP, "i18n") + path.sep)) continue;
    seen.add(file);
    const source = fs.readFileSync(file, "utf8");
    const specs = [
      ...[...source.matchAll(/^\s*(?:import|export)\s+(?!type\b)[^;]*?from\s+"([^"]+)"/gm)].map((m) => m[1]!),
      ...[...source.matchAll(/^\s*import\s+"([^"]+)"/gm)].map((m) => m[1]!),
      ...[...source.matchAll(/import\(\s*"([^"]+)"\s*\)/g)].map((m) => m[1]!),
    ];
    for (const spec of specs) {
      if (!spec.startsWith("~/") && !spec.startsWith(".")) continue;
      const target = resolveImport(file, spec);
      if (target) queue.push(target);
    }
  }
  return [...seen];
}

/** The keys a module names: literal keys, and every key under a prefix it completes with a code. */
function namedKeys(source: string, keys: Set<string>, allKeys: string[]): Set<string> {
  const named = new Set<string>();
  const underPrefix = (prefix: string) => allKeys.filter((k) => k.startsWith(prefix + ".")).forEach((k) => named.add(k));
  for (const [, text] of source.matchAll(/["'`]([A-Za-z][\w-]*(?:\.[\w-]+)+)["'`]/g)) {
    if (keys.has(text!)) named.add(text!);
    // A dotted prefix passed on to be completed with a code (`codeChoices(t, codes, "inspections.status")`).
    else if (allKeys.some((k) => k.startsWith(text! + "."))) underPrefix(text!);
  }
  for (const [, prefix] of source.matchAll(/codeKey\(\s*["']([\w.]+)["']/g)) underPrefix(prefix!);
  for (const [, prefix] of source.matchAll(/`([A-Za-z][\w.]*)\.\$\{/g)) underPrefix(prefix!);
  return named;
}

/** The capabilities a route lists in `handle.messages` (imported from ~/i18n/messages/<name>). */
function listedCapabilities(source: string): string[] {
  const handle = /export const handle\b[^=]*=\s*\{([^}]*)\}/.exec(source)?.[1] ?? "";
  const listed = /messages:\s*\[([^\]]*)\]/.exec(handle)?.[1] ?? "";
  const localToModule = new Map<string, string>();
  for (const [, names, module] of source.matchAll(/import\s*\{([^}]*)\}\s*from\s*"~\/i18n\/messages\/([\w-]+)"/g)) {
    for (const part of names!.split(",")) {
      const [, local] = /(?:\w+\s+as\s+)?(\w+)/.exec(part.trim()) ?? [];
      if (local) localToModule.set(local, module!);
    }
  }
  return listed
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map((local) => localToModule.get(local) ?? `(${local} is not imported from ~/i18n/messages/)`);
}

/** Page routes (those with a component) and their parent routes, by Remix v2 flat-route naming. */
function pageRoutes(): Array<{ id: string; files: string[] }> {
  const dir = path.join(APP, "routes");
  const bases = new Map(fs.readdirSync(dir).filter((f) => /\.tsx?$/.test(f)).map((f) => [f.replace(/\.tsx?$/, ""), path.join(dir, f)]));
  const out: Array<{ id: string; files: string[] }> = [{ id: "root", files: [path.join(APP, "root.tsx")] }];
  for (const [base, file] of bases) {
    if (!/export\s+default\s+/.test(fs.readFileSync(file, "utf8"))) continue;
    const files = [file];
    // A layout route "a.b" holds "a.b.c" unless a segment in between ends with "_" (escaped nesting).
    const segments = base.split(".");
    for (let n = segments.length - 1; n > 0; n--) {
      if (segments[n - 1]!.endsWith("_")) break;
      const parent = bases.get(segments.slice(0, n).join("."));
      if (parent) files.unshift(parent);
    }
    out.push({ id: `routes/${base}`, files: [path.join(APP, "root.tsx"), ...files] });
  }
  return out;
}

describe("each page carries the messages its modules name (docs/decisions/0027)", () => {
  const capabilityOf = new Map([...caps].flatMap(([name, keys]) => keys.map((k) => [k, name] as const)));
  const allKeys = [...capabilityOf.keys()];
  const keySet = new Set(allKeys);

  it("every dictionary file exports its capability, and no key is in two capabilities", () => {
    expect([...caps].filter(([, keys]) => keys.length === 0).map(([name]) => name)).toEqual([]);
    const total = [...caps.values()].reduce((n, keys) => n + keys.length, 0);
    expect(capabilityOf.size).toBe(total);
  });

  for (const route of pageRoutes()) {
    it(route.id, () => {
      const own = route.files[route.files.length - 1]!;
      // Capability → one key naming it and where, so a failure says what to add (or what to move).
      const needed = new Map<string, string>();
      for (const file of moduleGraph(own)) {
        for (const key of namedKeys(fs.readFileSync(file, "utf8"), keySet, allKeys)) {
          const capability = capabilityOf.get(key)!;
          if (!needed.has(capability)) needed.set(capability, `${capability}: "${key}" in app/${path.relative(APP, file)}`);
        }
      }
      const listed = route.files.slice(1).flatMap((f) => listedCapabilities(fs.readFileSync(f, "utf8")));
      const carried = new Set([...SHELL, ...listed]);
      // The root's own graph is the shell: every page has it, so its capabilities must be the shell's.
      const missing = [...needed].filter(([c]) => !carried.has(c)).map(([, example]) => example);
      expect({ missing: missing.sort(), listedForNothing: listed.filter((c) => !needed.has(c)).sort() }).toEqual({ missing: [], listedForNothing: [] });
    });
  }
});
