import { useEffect, useMemo, useRef, useState } from "react";
import { useNavigate, useRevalidator } from "@remix-run/react";
import { useT } from "~/i18n/use-t";
import { SendQueueItems, useSendQueue } from "~/components/send-queue-list";
import type { QueuedItem } from "~/lib/send-queue.client";
import { sidakActionUrl } from "./checklist-item";

// A sidak's entries in the browser's send queue (docs/decisions/0021): answers, findings and the
// submission kept on the phone while there is no signal, sent in the order they were made when it
// returns (on `online` and on the next visit: mounting the queue sends what waits).

/**
 * The queue's items of this sidak, with the checklist items that have an answer waiting. Whenever an
 * item has been sent or refused, the page reads the sidak again from the server, so what arrived (or
 * what changed elsewhere and made an item be refused) is what the inspector sees. Sent items are then
 * taken out of the queue; refused ones stay listed with their text and reason until closed.
 */
export function useSidakQueue(inspectionId: number) {
  const url = sidakActionUrl(inspectionId);
  const view = useSendQueue((item) => item.url === url);
  const revalidator = useRevalidator();
  const navigate = useNavigate();
  const seen = useRef(new Set<string>());
  useEffect(() => {
    const queue = view.queue;
    if (!queue) return;
    const fresh = view.items.filter((item) => item.state !== "waiting" && !seen.current.has(`${item.id}:${item.state}`));
    if (!fresh.length) return;
    for (const item of fresh) {
      seen.current.add(`${item.id}:${item.state}`);
      // A press still waiting for its own answer takes its item out itself.
      if (item.state === "sent" && !queue.isAwaited(item.id)) void queue.forget(item.id);
    }
    // The submission arrived: the page it points at says so. A sidak that is gone (404) has no page to
    // read again: the list keeps the refused items in view.
    const submitted = fresh.find((item) => item.kind === "sidak-submit" && item.state === "sent" && item.location && !queue.isAwaited(item.id));
    if (submitted) navigate(submitted.location!);
    else if (fresh.some((item) => item.status !== 404)) revalidator.revalidate();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [view.items, view.queue]);

  const waitingItemIds = useMemo(() => new Set(view.items.filter((item) => item.state === "waiting" && item.kind === "sidak-answer").map(answeredItemId)), [view.items]);
  // The answers already waiting when the page opened (a reload, or the kept copy opened without a
  // signal, docs/decisions/0029): the page's data is older than them, so each item shows its last
  // waiting answer instead. Read once, when the queue is first read: later answers are made on this
  // page and are on screen already (re-applying them could undo what is being typed).
  const [keptAnswers, setKeptAnswers] = useState<Map<number, KeptAnswer> | null>(null);
  useEffect(() => {
    if (view.loaded && keptAnswers === null) setKeptAnswers(lastWaitingAnswers(view.items));
  }, [view.loaded, view.items, keptAnswers]);
  return { view, waitingItemIds, keptAnswers: keptAnswers ?? new Map<number, KeptAnswer>() };
}

/** A checklist answer waiting in the queue: what the item's form is set to. */
export type KeptAnswer = { result: string; number: string; note: string };

function lastWaitingAnswers(items: QueuedItem[]): Map<number, KeptAnswer> {
  const answers = new Map<number, KeptAnswer>();
  for (const item of items) {
    if (item.state !== "waiting" || item.kind !== "sidak-answer") continue;
    const field = (name: string) => {
      const value = item.fields.find(([key]) => key === name)?.[1];
      return typeof value === "string" ? value : "";
    };
    answers.set(answeredItemId(item), { result: field("result"), number: field("number"), note: field("note") });
  }
  return answers;
}

function answeredItemId(item: QueuedItem): number {
  const field = item.fields.find(([name]) => name === "itemId");
  return Number(typeof field?.[1] === "string" ? field[1] : NaN);
}

/** The list on the sidak page: what waits, and what the server refused with its reason. */
export function SidakQueueList({ queue }: { queue: ReturnType<typeof useSidakQueue> }) {
  const t = useT();
  if (!queue.view.items.some((item) => item.state !== "sent")) return null;
  return (
    <div data-testid="sidak-queue" aria-label={t("offline.queue.sidakTitle")} role="region">
      <SendQueueItems view={queue.view} hideSent />
    </div>
  );
}
