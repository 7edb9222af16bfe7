import { pruneExpiredSessions } from "./session.server";

// Periodic work that runs inside the server process. Each job returns nothing; `startJobs` returns the
// functions that stop them, called on shutdown.

function every(ms: number, job: () => Promise<unknown>): () => void {
  const timer = setInterval(() => {
    job().catch((error) => console.error("[jobs]", error));
  }, ms);
  timer.unref();
  return () => clearInterval(timer);
}

export function startJobs(): Array<() => void> {
  return [every(60 * 60 * 1000, pruneExpiredSessions)];
}
