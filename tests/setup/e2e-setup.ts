import fs from "node:fs";
import { spawnSync } from "node:child_process";
import { chromiumPath } from "../support/browser";
import { runDirFor, runPaths } from "./paths";

// Browser tests need Debian's Chromium and a production build of the app in this run's own folder.
export default function setup() {
  const chromium = chromiumPath();
  if (!fs.existsSync(chromium)) {
    throw new Error(
      `Chromium was not found at ${chromium}. Browser tests need it: install it with ` +
        "`sudo apt-get install -y chromium` (Debian/Ubuntu) or set CHROMIUM_PATH to a Chromium binary.",
    );
  }
  const { buildDir } = runPaths(runDirFor(process.pid));
  const result = spawnSync(process.execPath, ["node_modules/@remix-run/dev/dist/cli.js", "build"], {
    env: { ...process.env, NODE_ENV: "production", TINDAK_BUILD_DIR: buildDir },
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`remix build failed:\n${result.stdout}\n${result.stderr}`);
}
