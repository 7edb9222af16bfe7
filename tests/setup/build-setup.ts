import fs from "node:fs";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { bundleServer } from "../../scripts/build.mjs";
import { runDirFor, runPaths, serverBundle, serverEntry } from "./paths";

// A production build of the app (the Remix build and the server bundle) in this run's own folder, made
// once before any test starts: every project whose tests start a real server (tests/support/server.ts)
// lists this file in its globalSetup.
// Without it the first server would build inside its start window, which a loaded machine can miss
// (issue 22). The other project of the same run finds the build made and skips it.
// Asynchronous, so the runner's event loop keeps turning during the build (its stall watch, issue 22).
// Each project loads this module on its own, so the one build under way is kept on the process.
export function buildOnce(): Promise<void> {
  const shared = globalThis as { __tindakBuild?: Promise<void> };
  shared.__tindakBuild ??= build();
  return shared.__tindakBuild;
}

async function build(): Promise<void> {
  const { buildDir } = runPaths(runDirFor(process.pid));
  if (fs.existsSync(serverEntry(buildDir)) && fs.existsSync(serverBundle(buildDir))) return;
  const started = Date.now();
  try {
    await promisify(execFile)(process.execPath, ["node_modules/@remix-run/dev/dist/cli.js", "build"], {
      env: { ...process.env, NODE_ENV: "production", TINDAK_BUILD_DIR: buildDir },
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`remix build failed:\n${stdout ?? ""}\n${stderr ?? ""}`);
  }
  // Plain node starts the bundle in about half the time tsx takes to load server.ts: it counts in the
  // crash loop, which starts the server a hundred times.
  await bundleServer(serverBundle(buildDir));
  console.log(`[tests] production build for the test servers made in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

export default async function setup() {
  await buildOnce();
}
