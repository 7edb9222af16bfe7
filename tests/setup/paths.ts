import path from "node:path";

// Where test runs keep their files (git-ignored). Each Vitest run gets its own folder, so two runs at
// once (two developers, or CI and a developer) never share a base database or a build.
export const TMP_DIR = path.resolve("tests/.tmp");

export function runDirFor(pid: number): string {
  return path.join(TMP_DIR, `run-${pid}`);
}

export type RunPaths = { runDir: string; baseDb: string; buildDir: string };

export function runPaths(runDir: string): RunPaths {
  return { runDir, baseDb: path.join(runDir, "base.db"), buildDir: path.join(runDir, "build") };
}

/** The Remix server build of a build made with TINDAK_BUILD_DIR=buildDir (remix.config.js). */
export function serverEntry(buildDir: string): string {
  return path.join(buildDir, "server", "index.js");
}

/** server.ts compiled as `npm run build` compiles it (scripts/build.mjs): what the test servers run. */
export function serverBundle(buildDir: string): string {
  return path.join(buildDir, "server.js");
}

declare module "vitest" {
  export interface ProvidedContext {
    runDir: string;
  }
}
