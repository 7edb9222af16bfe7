import { pruneExpiredSessions } from "./session.server";
import { runEscalation } from "~/models/follow-up/escalation.server";
import { sendPendingEmails } from "./notify.server";
import { ensureCalendar } from "~/models/deadline-settings.server";
import { processPendingInbound, purgeExpiredDrafts } from "./channels/inbound.server";
import { sendPendingChannelMessages } from "./channels/outbox.server";
import { pushStatusChanges } from "./channels/status-push.server";
import { pruneRateLimitCounters } from "./rate-limit-store.server";

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
  // A database without demo data still needs deadline rules and this year's and next year's holidays.
  ensureCalendar().catch((error) => console.error("[jobs] calendar", error));
  return [
    every(60 * 60 * 1000, pruneExpiredSessions),
    every(60 * 60 * 1000, () => pruneRateLimitCounters()),
    // Issue 5: overdue follow-ups escalate (exactly once per level, by a unique key), e-mails leave the outbox.
    every(5 * 60 * 1000, () => runEscalation()),
    every(30 * 1000, () => sendPendingEmails()),
    every(24 * 60 * 60 * 1000, () => ensureCalendar()),
    // Issue 19: resident channels. Webhooks also start processing at once; this catches retries,
    // messages stored by another worker, status changes to push back and replies to send.
    every(5 * 1000, async () => {
      await processPendingInbound();
      await pushStatusChanges();
      await sendPendingChannelMessages();
    }),
    every(60 * 60 * 1000, () => purgeExpiredDrafts()),
  ];
}
