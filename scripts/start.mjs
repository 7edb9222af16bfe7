// The first half of `npm start` (package.json: `node scripts/start.mjs && exec node build/server.js`):
// make sure the compiled build was made from the sources in this folder, rebuilding when it was not,
// and say so. The second half replaces the shell with node, so the server itself is the process npm
// started and signals (SIGTERM from a process manager) reach it directly.
import { build, staleReason } from "./build.mjs";

const reason = staleReason();
if (reason) {
  console.log(`[start] ${reason}: building before serving…`);
  try {
    await build();
  } catch (error) {
    console.error(`[start] cannot start: the build failed (${error instanceof Error ? error.message : String(error)}).`);
    process.exit(1);
  }
}
