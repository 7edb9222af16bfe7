import { useEffect, useState, type FormEvent } from "react";
import { useActionData, useNavigate, useSubmit } from "@remix-run/react";
import type { QueuedItem } from "~/lib/send-queue.client";

type Options = {
  /** The queue item's kind ("complaint", "sidak-answer", "sidak-finding", "sidak-submit", a follow-up answer). */
  kind: string;
  /** The action's URL with `?_data=<route id>` (see QueuedItem.url). */
  url: string;
  /** Only the submit button with this `intent` goes through the queue; the form's other buttons post as before. */
  intent: string;
  /** The form's draft, which a refused item's text can be put back into. */
  draftId?: string;
  /** The text the queue's list shows while the form waits. */
  summary: (form: FormData) => string;
  /** Kept for later (no connection): the form can be emptied. */
  onQueued?: () => void;
  /** Arrived (the page then goes where the server's answer points). */
  onSent?: (item: QueuedItem) => void;
  /** How the form is posted when the queue cannot take it (no IndexedDB): by default Remix's own submit. */
  fallback?: (form: FormData) => void;
  /** Forms of one page that take turns like one Remix action (a follow-up's answer and extension forms):
   *  sending one clears the refusal another of the group shows, as a new action result would. */
  group?: string;
};

const TURN_EVENT = "tindak:queued-form-turn";

/**
 * A form's submit through the browser's send queue (app/lib/send-queue.client.ts): the form is kept in
 * IndexedDB first, then sent; with no connection it waits there and goes when the connection returns.
 * The server's refusal comes back as `refusal` (the action's data), to be shown as Remix would show it.
 * Without JavaScript none of this runs and the form posts as it always did. Without IndexedDB (storage
 * switched off) the form is posted by Remix as before.
 */
export function useQueuedSubmit<Answer>(options: Options) {
  const navigate = useNavigate();
  const submit = useSubmit();
  const actionData = useActionData();
  const [sending, setSending] = useState(false);
  const [refusal, setRefusal] = useState<Answer | null>(null);
  const [queued, setQueued] = useState(false);
  // A newer answer of the server (another button of the form) replaces a refusal shown before.
  useEffect(() => setRefusal(null), [actionData]);
  // Another form of the same group took its turn: this form's old refusal is no longer the page's answer.
  useEffect(() => {
    if (!options.group) return;
    const onTurn = (event: Event) => {
      const turn = (event as CustomEvent<{ group: string; kind: string }>).detail;
      if (turn.group === options.group && turn.kind !== options.kind) setRefusal(null);
    };
    window.addEventListener(TURN_EVENT, onTurn);
    return () => window.removeEventListener(TURN_EVENT, onTurn);
  }, [options.group, options.kind]);

  const post = (data: FormData) => (options.fallback ? options.fallback(data) : submit(data, { method: "post", encType: "multipart/form-data" }));

  async function send(form: HTMLFormElement) {
    const data = new FormData(form);
    data.set("intent", options.intent);
    setSending(true);
    setRefusal(null);
    setQueued(false);
    if (options.group) window.dispatchEvent(new CustomEvent(TURN_EVENT, { detail: { group: options.group, kind: options.kind } }));
    try {
      let item: QueuedItem;
      try {
        // Loaded on the first press, not with the page: the queue and idb stay out of the first-load JS budget.
        const { submitThroughQueue } = await import("~/lib/send-queue.client");
        item = await submitThroughQueue({ kind: options.kind, url: options.url, form: data, summary: options.summary(data), draftId: options.draftId });
      } catch {
        post(data);
        return;
      }
      if (item.state === "waiting") {
        setQueued(true);
        options.onQueued?.();
      } else if (item.state === "sent") {
        options.onSent?.(item);
        if (item.location) navigate(item.location);
      } else if (item.answer && typeof item.answer === "object") {
        setRefusal(item.answer as Answer);
      } else {
        // A refusal that is not the action's data (a proxy's page): let Remix post it and show the server's page.
        post(data);
      }
    } finally {
      setSending(false);
    }
  }

  return {
    sending,
    refusal,
    /** The last press of the button kept the form for later. */
    queued,
    /** Sends `form` through the queue now (a form that saves itself, like a checklist item). */
    send,
    /** For the form's onSubmit, after any validation that may have called preventDefault. */
    onSubmit(event: FormEvent<HTMLFormElement>) {
      if (event.defaultPrevented) return;
      const submitter = (event.nativeEvent as SubmitEvent).submitter;
      if (submitter?.getAttribute("name") !== "intent" || submitter.getAttribute("value") !== options.intent) return;
      event.preventDefault();
      void send(event.currentTarget);
    },
  };
}
