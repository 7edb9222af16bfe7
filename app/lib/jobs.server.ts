import { pruneExpiredSessions } from "./session.server";
import { runEscalation } from "./escalation.server";
import { sendPendingEmails } from "./notify.server";

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
  return [
    every(60 * 60 * 1000, pruneExpiredSessions),
    // Issue 5: overdue follow-ups escalate (exactly once per level, by a unique key), e-mails leave the outbox.
    every(5 * 60 * 1000, () => runEscalation()),
    every(30 * 1000, () => sendPendingEmails()),
  ];
}
