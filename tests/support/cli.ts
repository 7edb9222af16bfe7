import path from "node:path";
import { spawn } from "node:child_process";
import { pathToFileURL } from "node:url";

// Runs one of the operator commands (scripts/*.ts) the way `npm run` does, in its own process.

export type CliRun = { code: number | null; out: string };

export const REPO = path.resolve(".");
// tsx by path, so a command can also run from another working directory (to see what it leaves there).
const TSX = pathToFileURL(path.join(REPO, "node_modules/tsx/dist/loader.mjs")).href;

export function runScript(
  script: string,
  args: string[] = [],
  options: { env?: Record<string, string | undefined>; input?: string; cwd?: string } = {},
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", TSX, path.resolve(REPO, script), ...args], {
      cwd: options.cwd ?? REPO,
      env: { ...process.env, NODE_ENV: "test", TINDAK_QUIET: "1", TSX_TSCONFIG_PATH: path.join(REPO, "tsconfig.json"), ...options.env } as NodeJS.ProcessEnv,
      stdio: [options.input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
    });
    let out = "";
    child.stdout!.on("data", (d) => (out += d));
    child.stderr!.on("data", (d) => (out += d));
    child.on("error", reject);
    child.on("exit", (code) => resolve({ code, out }));
    if (options.input !== undefined) child.stdin!.end(options.input);
  });
}
