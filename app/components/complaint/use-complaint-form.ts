import { useEffect, useMemo, useState } from "react";
import { useActionData, useFetcher, useNavigation } from "@remix-run/react";
import { parse, useForm } from "@conform-to/react";
import { useFormDraft } from "~/components/form-draft";
import { useQueuedSubmit } from "~/components/queued-submit";
import { usePhotoShrink } from "~/components/photo-shrink";
// Zod-free on purpose: the browser bundle of this page must stay small (docs/benchmarks.md); the Zod
// schema runs on the server (app/lib/complaint-actions.server.ts).
import { checkComplaintForm, COMPLAINT_FIELDS } from "~/models/complaint/rules";
import type { ComplaintFormReply, SimilarComplaint } from "~/models/complaint/types";

export type ComplaintValues = Partial<Record<(typeof COMPLAINT_FIELDS)[number], string>>;

/** What the page was opened with (the query string): the form's defaults. */
type Defaults = { unitId: number | null; category: string; lat: number | null; lng: number | null; similar: SimilarComplaint[] | null };

/**
 * The browser side of the new-complaint form: the draft kept while typing, the send queue behind
 * "Kirim", Conform's light check as the resident types, the similar complaints looked up as soon as
 * unit and category are chosen, and the photos shrunk as soon as they are chosen. Without JavaScript
 * none of it runs and the form posts as it always did.
 */
export function useComplaintForm(defaults: Defaults) {
  const actionData = useActionData() as ComplaintFormReply | undefined;
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" && navigation.formMethod?.toUpperCase() === "POST";
  // What is typed is kept in the browser until it is sent or discarded (a reload gives it back); a
  // form the server gave back already holds what was typed.
  const draft = useFormDraft("complaint", COMPLAINT_FIELDS, { restore: !actionData });
  // With JavaScript "Kirim" goes through the browser's send queue: kept first, sent when there is a
  // connection (docs/decisions/0021). A refusal comes back as the action's data and is shown the same way.
  const queue = useQueuedSubmit<ComplaintFormReply>({
    kind: "complaint",
    url: "/complaints/new?_data=routes%2Fcomplaints.new",
    intent: "submit",
    draftId: "complaint",
    summary: (form) => String(form.get("description") ?? ""),
    onQueued: () => draft.discard(),
    onSent: () => draft.forget(),
  });
  const answer = queue.refusal ?? actionData;
  const initial: ComplaintValues = draft.restored ?? answer?.values ?? {};

  // The server's FormReply in the shape Conform reads (errors per field, the values typed); one object
  // per answer, since Conform takes a new object for a new result.
  const lastResult = useMemo(() => (answer ? { status: "error" as const, initialValue: answer.values ?? {}, error: answer.fieldErrors } : undefined), [answer]);
  const [form, fields] = useForm({
    id: "complaint",
    lastResult,
    defaultValue: {
      unitId: defaults.unitId ? String(defaults.unitId) : "",
      category: defaults.category,
      privacy: "anonymous",
      lat: defaults.lat !== null ? String(defaults.lat) : "",
      lng: defaults.lng !== null ? String(defaults.lng) : "",
    },
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    // A light check as the resident types (same message keys); the server's Zod schema decides.
    onValidate({ formData, submitter }) {
      return parse(formData, {
        resolve(payload) {
          // "Cek pengaduan serupa dulu" asks the server about a form not yet complete. Conform does not read
          // its formNoValidate (its own validation presses a formNoValidate button): an error of null lets it through.
          if (submitter?.getAttribute("name") === "intent" && submitter.getAttribute("value") === "check") return { error: null };
          const error = checkComplaintForm(payload);
          return Object.keys(error).length ? { error } : { value: payload };
        },
      });
    },
  });

  // With JavaScript, similar open complaints are looked up as soon as unit and category are chosen.
  const similarFetcher = useFetcher<{ similar: SimilarComplaint[] | null; unitId: number | null; category: string }>();
  const [unitId, setUnitId] = useState<string>(initial.unitId ?? (defaults.unitId ? String(defaults.unitId) : ""));
  const [category, setCategory] = useState<string>(initial.category ?? defaults.category ?? "");
  useEffect(() => {
    if (!draft.restored) return;
    setUnitId(draft.restored.unitId ?? "");
    setCategory(draft.restored.category ?? "");
  }, [draft.restored]);
  // Sent: the server answered with the tracking page, so the draft has done its work.
  const sent = navigation.state === "loading" && navigation.formMethod !== undefined && navigation.location.pathname.startsWith("/track/");
  useEffect(() => {
    if (sent) draft.forget();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [sent]);
  // The list the server sent for the unit and category chosen, with its answer to "check first" or with
  // the page (a link naming both): asked for on purpose, so shown open and not looked up again.
  const pair = unitId && category ? `${unitId}|${category}` : null;
  const sentSimilar =
    pair === null ? null
    : answer?.extra?.similar && pair === `${answer.values?.unitId}|${answer.values?.category}` ? answer.extra.similar
    : defaults.similar && pair === `${defaults.unitId}|${defaults.category}` ? defaults.similar
    : null;
  useEffect(() => {
    if (pair && !sentSimilar) similarFetcher.load(`/complaints/new?unitId=${encodeURIComponent(unitId)}&category=${encodeURIComponent(category)}`);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [pair]);
  // The lookup's answer names its unit and category: an answer for an earlier choice is never shown.
  const lookedUp = similarFetcher.data && pair === `${similarFetcher.data.unitId}|${similarFetcher.data.category}` ? similarFetcher.data.similar : null;
  const looking = pair !== null && !sentSimilar && !lookedUp && similarFetcher.state === "loading";
  const similar = { shown: Boolean(sentSimilar || lookedUp || looking), list: sentSimilar ?? lookedUp, looking, open: sentSimilar !== null };

  const shrink = usePhotoShrink();

  // The location button needs JavaScript: shown only once the page is hydrated.
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);

  return {
    form,
    answer,
    draft,
    queue,
    busy,
    shrink,
    hydrated,
    similar,
    /** With JavaScript the file input would keep its files too: a new key empties it once they are held. */
    held: answer?.extra?.held ?? null,
    setUnitId,
    setCategory,
    err: (name: string) => (fields as unknown as Record<string, { errors?: string[] }>)[name]?.errors ?? null,
    value: (name: keyof ComplaintValues, fallback = "") => initial[name] ?? fallback,
  };
}
