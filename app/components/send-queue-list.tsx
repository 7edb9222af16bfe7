import { useEffect, useRef, useState } from "react";
import { Link } from "@remix-run/react";
import type { QueuedItem } from "~/lib/send-queue.client";
import { writeDraft } from "~/lib/form-draft.client";
import type { MessageKey } from "~/i18n";
import type { FormReply } from "~/lib/form-reply";
import { useT } from "~/i18n/use-t";

/** The last part of a `/track/<code>` location: the code the resident keeps. */
function trackingCode(location: string): string {
  return decodeURIComponent(location.split("?")[0].split("/").pop() ?? "");
}

type QueueModule = typeof import("~/lib/send-queue.client");

/** What the send queue holds (those `only` keeps), kept up to date, and the queue module once loaded. */
export type SendQueueView = { items: QueuedItem[]; queue: QueueModule | null; loaded: boolean };

/**
 * The send queue's items (app/lib/send-queue.client.ts), live. Mounting it also sends what waits when
 * there is a connection, and again whenever the connection returns: "the next visit" and the `online`
 * event, on every page that shows a queue.
 */
export function useSendQueue(only?: (item: QueuedItem) => boolean): SendQueueView {
  const [items, setItems] = useState<QueuedItem[]>([]);
  const [loaded, setLoaded] = useState(false);
  const filter = useRef(only);
  filter.current = only;

  // The queue module (and idb) is loaded after hydration, outside the page's first-load JS budget.
  const [queue, setQueue] = useState<QueueModule | null>(null);
  useEffect(() => {
    let live = true;
    let stop = () => {};
    import("~/lib/send-queue.client")
      .then((mod) => {
        if (!live) return;
        setQueue(mod);
        const refresh = () => {
          mod
            .listItems()
            .then((list) => {
              if (!live) return;
              setItems(list.filter((item) => filter.current?.(item) ?? true).sort((a, b) => a.id - b.id));
              setLoaded(true);
            })
            .catch(() => undefined); // no IndexedDB here: nothing can have been queued either
        };
        stop = mod.onQueueChange(refresh);
        refresh();
        if (navigator.onLine) void mod.flush().catch(() => undefined);
      })
      .catch(() => undefined);
    return () => {
      live = false;
      stop();
    };
  }, []);
  useEffect(() => {
    if (!queue) return;
    const send = () => void queue.flush().catch(() => undefined);
    window.addEventListener("online", send);
    return () => window.removeEventListener("online", send);
  }, [queue]);
  return { items, queue, loaded };
}

/** The reason the server gave (the action's FormReply): its form error, else its first field error. */
function refusalReason(answer: unknown): MessageKey | undefined {
  const reply = answer as Partial<FormReply<Record<string, unknown>>> | null;
  if (!reply || typeof reply !== "object") return undefined;
  if (typeof reply.formError === "string") return reply.formError;
  const first = Object.values(reply.fieldErrors ?? {})[0];
  return typeof first?.[0] === "string" ? first[0] : undefined;
}

/**
 * What waits in the browser's send queue, with its text, and what was sent from it (with the tracking
 * code). A refused item stays listed with its text and the server's reason until it is closed (or put
 * back into its form), so a conflict is seen, never silently dropped.
 */
export function SendQueueList() {
  return <SendQueueItems view={useSendQueue()} />;
}

export function SendQueueItems({ view, hideSent = false }: { view: SendQueueView; hideSent?: boolean }) {
  const t = useT();
  const { queue } = view;
  const items = hideSent ? view.items.filter((item) => item.state !== "sent") : view.items;

  if (items.length === 0) return null;
  const waiting = items.filter((item) => item.state === "waiting").length;

  // A refused item's text goes back into its form's draft; the page is loaded again to show it.
  const restore = async (item: QueuedItem) => {
    if (!item.draftId) return;
    writeDraft(item.draftId, Object.fromEntries(item.fields.filter((f): f is [string, string] => typeof f[1] === "string")));
    await queue?.forget(item.id);
    window.location.reload();
  };

  return (
    <section className="notice send-queue" data-testid="send-queue" aria-live="polite">
      {waiting > 0 ? <h2>{t("offline.queue.waiting", { n: waiting })}</h2> : null}
      <ul className="list">
        {items.map((item) => {
          const photos = item.fields.filter(([, value]) => typeof value !== "string").length;
          return (
            <li key={item.id} data-state={item.state} data-testid="queued-item">
              <p className="queued-text">{item.summary}</p>
              {photos > 0 ? <p className="muted">{t("offline.queue.photos", { n: photos })}</p> : null}
              {item.state === "waiting" ? <p className="muted">{t("offline.queue.waitingItem")}</p> : null}
              {item.state === "sent" ? (
                <p>
                  {item.location?.startsWith("/track/") ? (
                    <>
                      {t("offline.queue.sent")}{" "}
                      <Link to={item.location} onClick={() => void queue?.forget(item.id)} data-testid="queued-tracking-link">
                        {trackingCode(item.location)}
                      </Link>
                    </>
                  ) : (
                    t("offline.queue.sentNoCode")
                  )}
                </p>
              ) : null}
              {item.state === "refused" ? (
                <p className="error" data-testid="queued-refusal">
                  {t(item.draftId ? "offline.queue.refused" : "offline.queue.refusedKept", { status: item.status ?? "" })}
                  {refusalReason(item.answer) ? ` ${t(refusalReason(item.answer)!, (item.answer as FormReply).vars)}` : ""}
                </p>
              ) : null}
              {item.state !== "waiting" ? (
                <p className="actions">
                  {item.state === "refused" && item.draftId ? (
                    <button type="button" className="secondary" onClick={() => void restore(item)}>
                      {t("offline.queue.restore")}
                    </button>
                  ) : null}
                  <button type="button" className="secondary" onClick={() => void queue?.forget(item.id)}>
                    {t("offline.queue.dismiss")}
                  </button>
                </p>
              ) : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
