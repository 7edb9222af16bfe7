// `npm run build`: the production build, tied to the source it was made from.
// 1. `remix build`: the app (build/index.js) and its browser assets (public/build/);
// 2. esbuild: server.ts and the server code it imports, compiled into build/server.js, which
//    `npm start` runs with plain `node` (no TypeScript loader in production, docs/decisions/0014);
// 3. build/build-info.json: a SHA-256 over every source file the build depends on, so `npm start` can
//    tell a build made from other sources and rebuild instead of serving stale code.
// Plain JavaScript on purpose: it runs before anything is compiled.
import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";
import { spawnSync } from "node:child_process";
import { pathToFileURL } from "node:url";

// TINDAK_BUILD_DIR (tests) moves the whole build elsewhere, as in remix.config.js and app/lib/boot.server.ts.
const OUT = process.env.TINDAK_BUILD_DIR ? path.resolve(process.env.TINDAK_BUILD_DIR) : path.resolve("build");
const REMIX_SERVER_BUILD = process.env.TINDAK_BUILD_DIR ? path.join(OUT, "server", "index.js") : path.join(OUT, "index.js");
export const BUILD_INFO = path.join(OUT, "build-info.json");
export const SERVER_BUNDLE = path.join(OUT, "server.js");

// What a build is made from. app/generated is made from prisma/schema.prisma, which is listed.
const SOURCES = ["app", "server.ts", "prisma/schema.prisma", "prisma/seed.ts", "prisma/seed", "remix.config.js", "tsconfig.json", "package-lock.json", "public"];
const SKIP = new Set([path.normalize("app/generated"), path.normalize("public/build")]);

function listFiles(entry, out, root) {
  if (SKIP.has(path.relative(root, entry)) || !fs.existsSync(entry)) return out;
  if (fs.statSync(entry).isDirectory()) {
    for (const name of fs.readdirSync(entry).sort()) listFiles(path.join(entry, name), out, root);
  } else out.push(entry);
  return out;
}

/** SHA-256 over the paths and contents of the build's sources. */
export function sourceHash(root = ".") {
  const hash = crypto.createHash("sha256");
  for (const file of SOURCES.flatMap((entry) => listFiles(path.join(root, entry), [], root))) {
    hash.update(path.relative(root, file).split(path.sep).join("/") + "\0");
    hash.update(fs.readFileSync(file));
    hash.update("\0");
  }
  return hash.digest("hex");
}

/** Why the build cannot be served as it is, or null when it matches the sources. */
export function staleReason() {
  if (!fs.existsSync(SERVER_BUNDLE) || !fs.existsSync(REMIX_SERVER_BUILD)) return "no build found";
  let info;
  try {
    info = JSON.parse(fs.readFileSync(BUILD_INFO, "utf8"));
  } catch {
    return "the build does not say which sources it was made from";
  }
  if (info.sourceHash !== sourceHash()) return `the source changed since the build of ${info.builtAt}`;
  return null;
}

/**
 * server.ts and the server code it imports, compiled into one ES module at `outfile`. The test servers
 * run the same bundle (tests/setup/build-setup.ts): what they start is what `npm start` starts.
 */
export async function bundleServer(outfile) {
  const esbuild = await import("esbuild");
  await esbuild.build({
    entryPoints: ["server.ts"],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    tsconfig: "tsconfig.json",
    // Packages stay in node_modules (native modules, Prisma's runtime); only the project's code is compiled.
    plugins: [
      {
        name: "externalize-packages",
        setup(b) {
          b.onResolve({ filter: /^[^./~]/ }, (args) => ({ path: args.path, external: true }));
        },
      },
    ],
    logLevel: "warning",
  });
}

export async function build(log = console.log) {
  const started = Date.now();
  const hash = sourceHash(); // taken first: a file edited during the build makes the next start rebuild
  fs.rmSync(BUILD_INFO, { force: true });
  const remix = spawnSync(process.execPath, [path.resolve("node_modules/@remix-run/dev/dist/cli.js"), "build"], {
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production" },
  });
  if (remix.status !== 0) throw new Error("remix build failed");
  await bundleServer(SERVER_BUNDLE);
  fs.writeFileSync(BUILD_INFO, JSON.stringify({ sourceHash: hash, builtAt: new Date().toISOString() }, null, 2) + "\n");
  log(`[build] built in ${Date.now() - started} ms (${path.relative(".", REMIX_SERVER_BUILD)}, ${path.relative(".", SERVER_BUNDLE)} and the browser assets)`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  build().catch((error) => {
    console.error(`[build] failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
