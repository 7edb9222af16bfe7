import { useEffect } from "react";

/** How long the page's data must stay unchanged before it is kept again: a burst of saves is kept once. */
const SETTLE_MS = 1500;

/**
 * Asks the service worker to keep these pages of the signed-in inspector (the page on screen, or their
 * drafts listed on the inspections list, even those not opened yet) for use without a signal
 * (docs/decisions/0029). The worker fetches each with the session's cookie and keeps it only if the
 * server marks it as this person's, so a page cannot make it keep anything else. Asked again whenever
 * `data` (the page's loader data) changes, so the kept copy follows what was saved online (an answer
 * sent, then the signal lost: the copy has it). Nothing happens offline or without a worker.
 */
export function useKeepPagesOffline(paths: string[], data: unknown) {
  const wanted = paths.join(" ");
  useEffect(() => {
    if (!wanted || !navigator.onLine) return;
    const timer = setTimeout(() => tellServiceWorker({ type: "keep-inspector-pages", urls: wanted.split(" ") }), SETTLE_MS);
    return () => clearTimeout(timer);
  }, [wanted, data]);
}

/** Drops the kept copy of this page (the inspector's sidak once submitted): it must not open offline as a draft. */
export function useForgetPageOffline(path: string | null) {
  useEffect(() => {
    if (path) tellServiceWorker({ type: "forget-inspector-pages", urls: [path] });
  }, [path]);
}

function tellServiceWorker(message: { type: string; urls: string[] }) {
  if ("serviceWorker" in navigator) void navigator.serviceWorker.ready.then((registration) => registration.active?.postMessage(message));
}
