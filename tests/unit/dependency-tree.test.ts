import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";

// Issue 23: `npm ci` used to install a second, nested better-sqlite3 (11.x) under Prisma's adapter, and
// Prisma's connection loaded that one: two native builds, and the app's pragmas and version not the ones
// Prisma used. The override in package.json keeps a single copy; this guards it (.ci/run also runs
// `npm ls better-sqlite3` right after `npm ci`).

const require = createRequire(import.meta.url);
const realFile = (p: string) => fs.realpathSync(p);

describe("the installed dependency tree", () => {
  it("Prisma's SQLite adapter loads the very better-sqlite3 the app depends on", () => {
    const app = realFile(require.resolve("better-sqlite3"));
    const adapterDir = path.dirname(require.resolve("@prisma/adapter-better-sqlite3"));
    const fromAdapter = realFile(createRequire(path.join(adapterDir, "index.js")).resolve("better-sqlite3"));
    expect(fromAdapter).toBe(app);
    const declared = JSON.parse(fs.readFileSync("package.json", "utf8")).dependencies["better-sqlite3"];
    const installed = JSON.parse(fs.readFileSync(path.join(app.slice(0, app.lastIndexOf(`${path.sep}lib${path.sep}`)), "package.json"), "utf8")).version;
    expect(installed).toBe(declared);
  });

  it("npm ls better-sqlite3 finds one version, nothing invalid", () => {
    const out = execFileSync("npm", ["ls", "better-sqlite3", "--json"], { encoding: "utf8" });
    const versions = new Set<string>();
    const problems: string[] = [];
    const walk = (deps: Record<string, { version?: string; invalid?: string; problems?: string[]; dependencies?: object }> = {}) => {
      for (const [name, dep] of Object.entries(deps)) {
        if (name === "better-sqlite3" && dep.version) versions.add(dep.version);
        if (dep.invalid || dep.problems?.length) problems.push(`${name}: ${dep.invalid ?? dep.problems!.join("; ")}`);
        walk(dep.dependencies as never);
      }
    };
    walk(JSON.parse(out).dependencies);
    expect(problems).toEqual([]);
    expect([...versions]).toEqual([JSON.parse(fs.readFileSync("package.json", "utf8")).dependencies["better-sqlite3"]]);
  }, 30_000);
});
