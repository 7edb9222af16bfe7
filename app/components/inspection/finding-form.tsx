import { Form, Link, useNavigation, useRevalidator } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { codeKey } from "~/i18n";
import { useT } from "~/i18n/use-t";
import { FINDING_CATEGORIES, SEVERITIES } from "~/lib/codes";
import { wibDateKey } from "~/lib/time";
import { IdempotencyKeyField } from "~/components/idempotency-key-field";
import { useQueuedSubmit } from "~/components/queued-submit";
import { errorsOf, type FormReply } from "~/lib/form-reply";
import { QUANTITY_UNITS } from "~/models/inspection/codes";
import { sidakActionUrl } from "./checklist-item";
import type { InspectionPageData } from "./types";

// The form that records a finding (new, edited, or started from a failed checklist item), kept in the
// tab's sessionStorage while it is typed. With JavaScript a new finding goes through the browser's send
// queue (docs/decisions/0021), photos included: without a signal it waits on the phone and is sent once,
// in order, when the connection returns. Editing a finding posts as before.

export function FindingForm({ data, action }: { data: InspectionPageData; action: FormReply | undefined }) {
  const t = useT();
  const navigation = useNavigation();
  const revalidator = useRevalidator();
  const formRef = useRef<HTMLFormElement>(null);
  const submittingRef = useRef<string | null>(null);
  // A new generation mounts an empty form (and a new idempotency key) once the queue holds the finding.
  const [generation, setGeneration] = useState(0);
  const { inspection } = data;
  const draft = inspection.status === "DRAFT";
  const editing = data.editId ? inspection.findings.find((f) => f.id === data.editId) : undefined;
  const item = data.fromItem ? inspection.items.find((i) => i.id === data.fromItem) : undefined;
  const itemAnswer = item ? inspection.answers.find((a) => a.itemId === item.id) : undefined;
  const formKey = `${editing?.id ?? "new"}-${item?.id ?? ""}`;
  const storageKey = `tindak:sidak:${inspection.id}:finding:${formKey}`;
  const forgetTyped = () => {
    try {
      sessionStorage.removeItem(storageKey);
    } catch {
      // Storage may be unavailable (private mode); nothing was kept then.
    }
    setGeneration((g) => g + 1);
  };
  const queue = useQueuedSubmit<FormReply>({
    kind: "sidak-finding",
    url: sidakActionUrl(inspection.id),
    intent: "finding-create",
    summary: (form) => `${t(codeKey("category", String(form.get("category") ?? "OTHER")))}: ${String(form.get("description") ?? "")}`,
    onQueued: forgetTyped,
    onSent: () => {
      forgetTyped();
      // The answer points at this page's #findings: a change of hash alone would not read the page again.
      revalidator.revalidate();
    },
  });
  const busy = navigation.state === "submitting" || queue.sending;
  const reply = queue.refusal ?? action;
  const mine = reply && (reply.intent === "finding-create" || reply.intent === "finding-update") ? reply : undefined;
  const errors = errorsOf(mine) ?? {};
  const dateKey = (d: string | null | undefined) => (d ? wibDateKey(new Date(d)) : "");

  // Priority: what was just typed (after an error) → the finding being edited → the failed item.
  const v: Record<string, string> = mine?.values ?? {
    itemId: String(editing?.itemId ?? item?.id ?? ""),
    category: editing?.category ?? item?.findingCategory ?? "OTHER",
    severity: editing?.severity ?? "MEDIUM",
    description: editing?.description ?? (item ? [item.label, itemAnswer?.note].filter(Boolean).join(" — ") : ""),
    quantity: editing?.quantity !== undefined && editing?.quantity !== null ? String(editing.quantity) : itemAnswer?.number !== null && itemAnswer?.number !== undefined ? String(Math.round(itemAnswer.number)) : "",
    quantityUnit: editing?.quantityUnit ?? item?.numberUnit ?? "",
    oldestDate: dateKey(editing?.oldestDate),
    directive: editing?.directive ?? "",
    directiveDueAt: dateKey(editing?.directiveDueAt),
  };
  const field = (name: string) => ({
    id: `f-${name}`,
    name,
    "aria-invalid": errors[name] ? true : undefined,
    "aria-describedby": errors[name] ? `f-${name}-error` : `f-${name}-hint`,
  });
  const errorOf = (name: string) =>
    errors[name] ? (
      <p className="error" id={`f-${name}-error`}>
        {t(errors[name]!, mine?.vars)}
      </p>
    ) : null;
  const title = editing ? t("inspections.findings.edit") : draft ? t("inspections.findings.add") : t("inspections.findings.addAmendment");
  // A finding being typed is kept in this tab's sessionStorage (storageKey) until the server or the send
  // queue has it, so a reload in the middle of typing loses nothing (the other steps are saved on the server).
  useEffect(() => {
    const form = formRef.current;
    if (!form || mine) return;
    try {
      const kept = JSON.parse(sessionStorage.getItem(storageKey) ?? "null") as Record<string, string> | null;
      for (const [name, value] of Object.entries(kept ?? {})) {
        const el = form.elements.namedItem(name);
        if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement) {
          if (el.type !== "hidden" && el.type !== "file") el.value = value;
        }
      }
    } catch {
      // Storage may be unavailable (private mode); the form still works.
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [storageKey]);
  const keep = () => {
    const form = formRef.current;
    if (!form) return;
    const values: Record<string, string> = {};
    for (const [name, value] of new FormData(form).entries()) if (typeof value === "string" && name !== "intent" && name !== "findingId" && name !== "itemId") values[name] = value;
    try {
      sessionStorage.setItem(storageKey, JSON.stringify(values));
    } catch {
      // ignore: see above
    }
  };
  // When the server took the finding (a redirect, no error), forget the kept copy and empty the form.
  useEffect(() => {
    const intent = navigation.formData?.get("intent");
    if (navigation.state === "submitting" && typeof intent === "string" && intent.startsWith("finding-")) submittingRef.current = storageKey;
    if (navigation.state === "idle" && submittingRef.current) {
      const submittedKey = submittingRef.current;
      submittingRef.current = null;
      if (!mine) {
        try {
          sessionStorage.removeItem(submittedKey);
        } catch {
          // ignore
        }
        formRef.current?.reset();
      }
    }
  }, [navigation.state, navigation.formData, mine, storageKey]);

  return (
    <Form
      method="post"
      encType="multipart/form-data"
      id="finding-form"
      key={`${formKey}-${generation}`}
      ref={formRef}
      onInput={keep}
      onChange={keep}
      onSubmit={queue.onSubmit}
      className="no-print"
      noValidate
      aria-labelledby="finding-form-title"
    >
      <h3 id="finding-form-title">{title}</h3>
      {queue.queued ? (
        <p className="notice" role="status" data-testid="finding-queued">
          {t("offline.queue.findingQueued")}
        </p>
      ) : null}
      {errors.form ? (
        <p className="alert" role="alert">
          {t(errors.form, mine?.vars)}
        </p>
      ) : null}
      <IdempotencyKeyField />
      {/* Written for the draft: if it has been submitted by the time this arrives, refuse it (409). */}
      {draft && !editing ? <input type="hidden" name="expectedStatus" value="DRAFT" /> : null}
      {editing ? <input type="hidden" name="findingId" value={editing.id} /> : null}
      <input type="hidden" name="itemId" value={v.itemId ?? ""} />
      {item || (editing && editing.itemId) ? (
        <p className="hint">{t("inspections.findings.fromItem", { label: (item ?? inspection.items.find((i) => i.id === editing?.itemId))?.label ?? "" })}</p>
      ) : null}
      {errorOf("itemId")}

      <div className="grid grid-2">
        <div>
          <label htmlFor="f-category">{t("inspections.finding.category")}</label>
          <select {...field("category")} defaultValue={v.category}>
            {FINDING_CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {t(codeKey("category", c))}
              </option>
            ))}
          </select>
          {errorOf("category")}
        </div>
        <div>
          <label htmlFor="f-severity">{t("inspections.finding.severity")}</label>
          <select {...field("severity")} defaultValue={v.severity}>
            {SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {t(codeKey("severity", s))}
              </option>
            ))}
          </select>
          {errorOf("severity")}
        </div>
      </div>

      <label htmlFor="f-description">{t("inspections.finding.description")}</label>
      <textarea {...field("description")} rows={4} maxLength={4000} required defaultValue={v.description} />
      {errorOf("description")}

      <div className="grid grid-2">
        <div>
          <label htmlFor="f-quantity">{t("inspections.finding.quantity")}</label>
          <input {...field("quantity")} inputMode="numeric" autoComplete="off" defaultValue={v.quantity} />
          <p className="hint" id="f-quantity-hint">
            {t("inspections.finding.quantityHint")}
          </p>
          {errorOf("quantity")}
        </div>
        <div>
          <label htmlFor="f-quantityUnit">{t("inspections.finding.quantityUnit")}</label>
          <input {...field("quantityUnit")} list="quantity-units" maxLength={30} defaultValue={v.quantityUnit} />
          <datalist id="quantity-units">
            {QUANTITY_UNITS.map((u) => (
              <option key={u} value={u} />
            ))}
          </datalist>
          {errorOf("quantityUnit")}
        </div>
      </div>

      <label htmlFor="f-oldestDate">{t("inspections.finding.oldestDate")}</label>
      <input {...field("oldestDate")} type="date" max={data.today} defaultValue={v.oldestDate} style={{ maxWidth: "14rem" }} />
      <p className="hint" id="f-oldestDate-hint">
        {t("inspections.finding.oldestDateHint")}
      </p>
      {errorOf("oldestDate")}

      <label htmlFor="f-directive">{t("inspections.finding.directive")}</label>
      <textarea {...field("directive")} rows={3} maxLength={2000} defaultValue={v.directive} />
      <p className="hint" id="f-directive-hint">
        {t("inspections.finding.directiveHint")}
      </p>
      {errorOf("directive")}

      <label htmlFor="f-directiveDueAt">{t("inspections.finding.directiveDueAt")}</label>
      <input {...field("directiveDueAt")} type="date" min={data.today} defaultValue={v.directiveDueAt} style={{ maxWidth: "14rem" }} />
      <p className="hint" id="f-directiveDueAt-hint">
        {t("inspections.finding.directiveDueAtHint")}
      </p>
      {errorOf("directiveDueAt")}

      <label htmlFor="f-photos">{t("inspections.finding.photos")}</label>
      <input id="f-photos" name="photos" type="file" accept="image/jpeg,image/png,image/webp" multiple aria-describedby="f-photos-hint" />
      <p className="hint" id="f-photos-hint">
        {t("inspections.finding.photosHint")}
      </p>

      <div className="actions">
        {/* The intent travels with the button, so a browser without JavaScript posts it too. */}
        <button type="submit" name="intent" value={editing ? "finding-update" : "finding-create"} className="primary" disabled={busy}>
          {title}
        </button>
        {editing || item ? (
          <Link to="." className="button secondary">
            {t("common.cancel")}
          </Link>
        ) : null}
      </div>
    </Form>
  );
}
