import { Link, useFetcher, useRevalidator } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { codeKey, type Translate } from "~/i18n";
import { useT } from "~/i18n/use-t";
import { IdempotencyKeyField, newIdempotencyKey } from "~/components/idempotency-key-field";
import { useQueuedSubmit } from "~/components/queued-submit";
import type { FormReply } from "~/lib/form-reply";
import { firstError, savedBy } from "./reply";
import type { ChecklistAnswer, ChecklistItem } from "./types";
import type { KeptAnswer } from "./sidak-queue";

// One checklist item of a sidak: as a result (a submitted sidak, or someone else's) or as its own small
// form (the inspector's draft).

/** The items in their sections, in template order. */
export function groupBySection(items: ChecklistItem[]): [string, ChecklistItem[]][] {
  const map = new Map<string, ChecklistItem[]>();
  for (const item of items) {
    const list = map.get(item.section) ?? [];
    list.push(item);
    map.set(item.section, list);
  }
  return [...map.entries()];
}

function resultBadge(result: string | undefined) {
  return result === "PASS" ? "ok" : result === "FAIL" ? "danger" : result === "NA" ? "" : "warn";
}

export function Photos({ photos, label }: { photos: { id: number }[]; label: string }) {
  const t = useT();
  if (!photos.length) return null;
  return (
    <div className="photos" style={{ display: "flex", gap: "0.5rem", flexWrap: "wrap", marginTop: "0.5rem" }}>
      {photos.map((p, i) => (
        <a key={p.id} href={`/attachments/${p.id}`}>
          <img src={`/attachments/${p.id}`} alt={`${label} — ${t("inspections.photo", { n: i + 1 })}`} width={96} height={96} loading="lazy" style={{ objectFit: "cover", borderRadius: 6 }} />
        </a>
      ))}
    </div>
  );
}

export function ItemResult({ item, answer }: { item: ChecklistItem; answer: ChecklistAnswer | undefined }) {
  const t = useT();
  return (
    <li data-testid={`item-${item.id}`}>
      <div>{item.label}</div>
      <span className={`badge ${resultBadge(answer?.result)}`}>
        {answer ? t(codeKey("inspections.checklist", answer.result)) : t("inspections.checklist.unanswered")}
      </span>
      {answer?.number !== null && answer?.number !== undefined ? (
        <span className="muted">
          {" "}
          · {item.numberLabel}: {answer.number} {item.numberUnit ?? ""}
        </span>
      ) : null}
      {answer?.note ? <p className="hint">{answer.note}</p> : null}
      {answer ? <Photos photos={answer.attachments} label={item.label} /> : null}
    </li>
  );
}

/** Where the sidak page's forms post when the send queue sends them (as Remix's own client posts). */
export function sidakActionUrl(inspectionId: number): string {
  return `/inspections/${inspectionId}?_data=${encodeURIComponent("routes/inspections.$id")}`;
}

/** What the send queue's list shows for a kept answer: the item, the result, the number and the note. */
function answerSummary(t: Translate, item: ChecklistItem, form: FormData): string {
  const result = String(form.get("result") ?? "");
  const number = String(form.get("number") ?? "").trim();
  const note = String(form.get("note") ?? "").trim();
  const parts = [`${item.label}: ${["PASS", "FAIL", "NA"].includes(result) ? t(codeKey("inspections.checklist", result)) : result}`];
  if (item.numberLabel && number) parts.push(`${item.numberLabel} ${number}`);
  if (note) parts.push(note);
  return parts.join(" · ");
}

/**
 * One checklist item as its own small form. With JavaScript it saves itself as soon as a result is
 * chosen and when the number or note loses focus, through the browser's send queue (docs/decisions/
 * 0021): kept first, then sent; without a signal it waits ("menunggu sinyal") and goes when the
 * connection returns, after what was queued before it, so the last choice wins. Without JavaScript,
 * the "save item" button posts the form.
 */
export function ItemForm({
  item,
  answer,
  inspectionId,
  waiting,
  kept,
}: {
  item: ChecklistItem;
  answer: ChecklistAnswer | undefined;
  inspectionId: number;
  waiting: boolean;
  /** Its answer waiting in the send queue since before the page opened: shown over the page's older data. */
  kept?: KeptAnswer;
}) {
  const t = useT();
  // Only where the queue cannot keep the form (no IndexedDB): the fetcher posts it as before.
  const fetcher = useFetcher<FormReply>();
  const revalidator = useRevalidator();
  const formRef = useRef<HTMLFormElement>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const [savedAt, setSavedAt] = useState(0);
  const queue = useQueuedSubmit<FormReply>({
    kind: "sidak-answer",
    url: sidakActionUrl(inspectionId),
    intent: "answer",
    summary: (form) => answerSummary(t, item, form),
    // Photos are held by the queue once it has the form: the next autosave must not send them again.
    onQueued: () => clearPhotos(),
    onSent: () => {
      clearPhotos();
      setSavedAt(Date.now());
      // The progress, scores and review come from the server: read them again.
      revalidator.revalidate();
    },
    fallback: (data) => fetcher.submit(data, { method: "post", encType: "multipart/form-data", action: `/inspections/${inspectionId}` }),
  });
  const clearPhotos = () => {
    if (fileRef.current) fileRef.current.value = "";
  };
  // Once photos are saved, empty the file input so the next autosave does not send them again.
  useEffect(() => {
    if (fetcher.state === "idle" && savedBy(fetcher.data, "answer")) clearPhotos();
  }, [fetcher.state, fetcher.data]);
  useEffect(() => {
    const form = formRef.current;
    if (!kept || !form) return;
    form.querySelectorAll<HTMLInputElement>('input[name="result"]').forEach((radio) => (radio.checked = radio.value === kept.result));
    for (const name of ["number", "note"] as const) {
      const field = form.elements.namedItem(name);
      if (field instanceof HTMLInputElement || field instanceof HTMLTextAreaElement) field.value = kept[name];
    }
  }, [kept]);
  const pending = fetcher.state !== "idle" || queue.sending;
  const result = queue.refusal ?? fetcher.data;
  const saved = savedAt > 0 || savedBy(fetcher.data, "answer");
  const errorKey = firstError(result);
  const error = errorKey ? t(errorKey, result?.vars) : null;
  const hasResult = () => !!formRef.current?.querySelector<HTMLInputElement>('input[name="result"]:checked');
  const send = (form: HTMLFormElement) => {
    // Every save is a new post (something changed): a new key, so a quick second change is never
    // answered with the first one's result.
    const key = form.elements.namedItem("idempotencyKey");
    if (key instanceof HTMLInputElement) key.value = newIdempotencyKey();
    setSavedAt(0);
    void queue.send(form);
  };
  const save = () => {
    if (formRef.current && hasResult()) send(formRef.current);
  };
  const base = `item-${item.id}`;
  const current = answer?.result;
  return (
    <li data-testid={base} id={base} className="checklist-item">
      <fetcher.Form
        method="post"
        encType="multipart/form-data"
        ref={formRef}
        action={`/inspections/${inspectionId}`}
        aria-describedby={error ? `${base}-error` : undefined}
        onSubmit={(event) => {
          // "Simpan butir" with JavaScript goes through the queue too (and shows the server's refusal).
          event.preventDefault();
          send(event.currentTarget);
        }}
      >
        <input type="hidden" name="intent" value="answer" />
        <IdempotencyKeyField renewOn={fetcher.data} />
        <input type="hidden" name="itemId" value={item.id} />
        <fieldset style={{ margin: 0 }}>
          <legend>{item.label}</legend>
          <div className="answer-choices">
            {(["PASS", "FAIL", "NA"] as const).map((r) => (
              <label key={r}>
                <input type="radio" name="result" value={r} defaultChecked={current === r} onChange={save} data-testid={`${base}-${r}`} />
                {t(codeKey("inspections.checklist", r))}
              </label>
            ))}
          </div>
          {item.numberLabel ? (
            <>
              <label htmlFor={`${base}-number`}>
                {item.numberLabel}
                {item.numberUnit ? ` (${item.numberUnit})` : ""}
              </label>
              <input
                id={`${base}-number`}
                name="number"
                inputMode="numeric"
                defaultValue={answer?.number ?? ""}
                onBlur={(e) => {
                  if (e.currentTarget.value !== String(answer?.number ?? "")) save();
                }}
                style={{ maxWidth: "10rem" }}
              />
            </>
          ) : null}
          <details open={!!answer?.note || !!answer?.attachments.length}>
            <summary>{t("inspections.checklist.noteAndPhotos")}</summary>
            <label htmlFor={`${base}-note`}>{t("inspections.checklist.note")}</label>
            <textarea
              id={`${base}-note`}
              name="note"
              rows={2}
              maxLength={2000}
              defaultValue={answer?.note ?? ""}
              style={{ minHeight: "3rem" }}
              onBlur={(e) => {
                if (e.currentTarget.value.trim() !== (answer?.note ?? "")) save();
              }}
            />
            <label htmlFor={`${base}-photos`}>{t("inspections.finding.photos")}</label>
            <input ref={fileRef} id={`${base}-photos`} name="photos" type="file" accept="image/jpeg,image/png,image/webp" multiple onChange={save} />
          </details>
          {answer ? <Photos photos={answer.attachments} label={item.label} /> : null}
          {item.asksOldestDate ? <p className="hint">{t("inspections.checklist.asksOldestDate")}</p> : null}
          {error ? (
            <p className="error" id={`${base}-error`} role="alert">
              {error}
            </p>
          ) : null}
          <div className="actions" style={{ marginTop: "0.5rem" }}>
            <button type="submit" className="secondary" disabled={pending}>
              {t("inspections.checklist.save")}
            </button>
            <span role="status" className="hint" data-testid={`${base}-state`} data-waiting={waiting ? "" : undefined}>
              {waiting ? t("offline.queue.waitingItem") : pending ? t("inspections.checklist.saving") : saved ? t("inspections.checklist.saved") : ""}
            </span>
            {current === "FAIL" || (saved && formRef.current?.querySelector<HTMLInputElement>('input[name="result"]:checked')?.value === "FAIL") ? (
              <Link to={`?fromItem=${item.id}#finding-form`} preventScrollReset={false} data-testid={`${base}-to-finding`}>
                {t("inspections.checklist.toFindingAs", { category: t(codeKey("category", item.findingCategory)) })}
              </Link>
            ) : null}
          </div>
        </fieldset>
      </fetcher.Form>
    </li>
  );
}
