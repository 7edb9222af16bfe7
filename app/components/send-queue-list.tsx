import { useEffect, useState } from "react";
import { Link } from "@remix-run/react";
import type { QueuedItem } from "~/lib/send-queue.client";
import { writeDraft } from "~/lib/form-draft.client";
import type { MessageKey } from "~/i18n";
import { useT } from "~/i18n/use-t";

/** The last part of a `/track/<code>` location: the code the resident keeps. */
function trackingCode(location: string): string {
  return decodeURIComponent(location.split("?")[0].split("/").pop() ?? "");
}

/**
 * What waits in the browser's send queue (app/lib/send-queue.client.ts), with its text, and what was
 * sent from it (with the tracking code). Mounting it also sends what waits when there is a connection,
 * and again whenever the connection returns: "the next visit" and the `online` event.
 */
export function SendQueueList() {
  const t = useT();
  const [items, setItems] = useState<QueuedItem[]>([]);

  // The queue module (and idb) is loaded after hydration, outside the page's first-load JS budget.
  const [queue, setQueue] = useState<typeof import("~/lib/send-queue.client") | null>(null);
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
            .then((list) => live && setItems(list.sort((a, b) => a.id - b.id)))
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
                <p className="error">
                  {t("offline.queue.refused", { status: item.status ?? "" })}
                  {typeof (item.answer as { formError?: unknown } | null)?.formError === "string" ? ` ${t((item.answer as { formError: string }).formError as MessageKey)}` : ""}
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
