import fs from "node:fs";
import { spawnSync } from "node:child_process";
import { runDirFor, runPaths, serverEntry } from "./paths";

// A production build of the app in this run's own folder, made once before any test starts: every
// project whose tests start a real server (tests/support/server.ts) lists this file in its globalSetup.
// Without it the first server would build inside its start window, which a loaded machine can miss
// (issue 22). The other project of the same run finds the build made and skips it.
export function buildOnce(): void {
  const { buildDir } = runPaths(runDirFor(process.pid));
  if (fs.existsSync(serverEntry(buildDir))) return;
  const started = Date.now();
  const result = spawnSync(process.execPath, ["node_modules/@remix-run/dev/dist/cli.js", "build"], {
    env: { ...process.env, NODE_ENV: "production", TINDAK_BUILD_DIR: buildDir },
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`remix build failed:\n${result.stdout}\n${result.stderr}`);
  console.log(`[tests] production build for the test servers made in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

export default function setup() {
  buildOnce();
}
