import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useFetcher, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { can, requirePermission, isStaff } from "~/lib/permissions.server";
import { formId, parseId } from "~/lib/http.server";
import { getTranslator } from "~/lib/locale.server";
import { parseFormWithPhotos, storePhotos, discardPhotos, UploadError, type SavedPhoto } from "~/lib/uploads.server";
import { ImageError } from "~/lib/images.server";
import type { Tx } from "~/lib/db.server";
import { findKeptAnswer, idempotencyClaim, keepAnswer, RepeatedRequest, replayAnswer, type KeptAnswer } from "~/lib/idempotency.server";
import {
  amendInspection,
  discardDraft,
  getInspection,
  inspectionsOfUnit,
  InspectionError,
  parseAnswerForm,
  parseHeaderForm,
  saveAnswer,
  submitInspection,
  updateDraftHeader,
  wibDateTimeInput,
} from "~/models/inspection.server";
import { createFinding, deleteFinding, parseFindingForm, updateFinding } from "~/models/finding.server";
import { FINDING_CATEGORIES, SEVERITIES } from "~/lib/codes";
import { formatDate, formatDateTime, wibDateKey } from "~/lib/time";
import { useLocale, useT } from "~/i18n/use-t";
import type { MessageKey, Translate } from "~/i18n";
import { QuantityChart, type ChartPoint } from "~/components/quantity-chart";
import { MiniMap } from "~/components/map/mini-map";
import { IdempotencyKeyField, newIdempotencyKey } from "~/components/idempotency-key-field";
import { ChecklistSection, SidakProgressBar, SidakReview } from "~/components/inspection/sidak-progress";
import styles from "~/styles/inspections.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.inspection.unit.name ?? "Sidak"} · Sidak · Tindak` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "inspection:read");
  const id = parseId(params.id);
  const inspection = await getInspection(user, id);
  const url = new URL(request.url);
  const canEdit = can(user, "inspection:write") && inspection.inspectorId === user.id;
  const fromItem = Number(url.searchParams.get("fromItem")) || null;
  const editId = Number(url.searchParams.get("edit")) || null;
  const unitHistory = isStaff(user) ? await inspectionsOfUnit(inspection.unit.id, user) : [];
  return json({
    inspection,
    canEdit,
    fromItem: canEdit ? fromItem : null,
    editId: canEdit && inspection.status === "DRAFT" ? editId : null,
    unitHistory,
    today: wibDateKey(new Date()),
    now: new Date().toISOString(),
    startedAtInput: wibDateTimeInput(inspection.startedAt),
  });
}

type ActionResult = {
  intent: string;
  itemId?: number;
  findingId?: number | null;
  ok?: boolean;
  formError?: string;
  errors?: Record<string, string>;
  values?: Record<string, string>;
};

function fail(t: Translate, status: number, result: Omit<ActionResult, "formError"> & { key?: MessageKey; vars?: Record<string, string | number> }) {
  const { key, vars, ...rest } = result;
  return json<ActionResult>({ ...rest, formError: t(key ?? "inspections.error.form", vars) }, { status });
}

export async function action({ request, params }: ActionFunctionArgs) {
  // Unit heads and admins get 403 here, whatever the intent: only inspectors write sidak records.
  const user = await requirePermission(request, "inspection:write");
  const id = parseId(params.id);
  const t = await getTranslator(request);

  let form: FormData;
  let uploads: Awaited<ReturnType<typeof parseFormWithPhotos>>["photos"];
  try {
    ({ form, photos: uploads } = await parseFormWithPhotos(request, { photoField: "photos" }));
  } catch (error) {
    if (error instanceof UploadError) return fail(t, error.status, { intent: "upload", key: "inspections.error.photo" });
    throw error;
  }
  const intent = String(form.get("intent") ?? "");
  const values = Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === "string")) as Record<string, string>;
  let saved: SavedPhoto[] = [];

  // The forms that create something carry an idempotency key: a repeat (a retry, the send queue) gets
  // the first answer and writes nothing. Scoped to this inspector, this sidak and this kind of form.
  const claim = IDEMPOTENT_INTENTS.includes(intent) ? idempotencyClaim(form, `inspection.${intent}:user:${user.id}:inspection:${id}`) : null;
  if (claim === "invalid") return fail(t, 400, { intent, itemId: formId(form.get("itemId")), key: "offline.error.idempotencyKey", values });
  const kept = claim ? await findKeptAnswer(claim) : null;
  if (kept) return replayAnswer(kept);
  const keep = (answer: KeptAnswer) => (claim ? (tx: Tx) => keepAnswer(tx, claim, answer) : undefined);

  try {
    if (uploads.length) saved = await storePhotos(uploads);
    switch (intent) {
      case "header": {
        const parsed = parseHeaderForm(form);
        if (!parsed.ok) return fail(t, 400, { intent, errors: translateErrors(t, parsed.errors), values });
        await updateDraftHeader(user, id, parsed.data);
        return json<ActionResult>({ intent, ok: true });
      }
      case "answer": {
        const parsed = parseAnswerForm(form);
        const itemId = formId(form.get("itemId"));
        if (!parsed.ok) {
          await discardPhotos(saved);
          return fail(t, 400, { intent, itemId, errors: translateErrors(t, parsed.errors), key: Object.values(parsed.errors)[0] });
        }
        const answer: ActionResult = { intent, itemId, ok: true };
        await saveAnswer(user, id, parsed.data, saved, keep({ body: answer }));
        return json<ActionResult>(answer);
      }
      case "finding-create":
      case "finding-update": {
        const parsed = parseFindingForm(form);
        const findingId = intent === "finding-update" ? formId(form.get("findingId")) ?? -1 : null;
        if (!parsed.ok) {
          await discardPhotos(saved);
          return fail(t, 400, { intent, findingId, errors: translateErrors(t, parsed.errors), values });
        }
        const location = `/inspections/${id}#findings`;
        if (findingId) await updateFinding(user, id, findingId, parsed.data, saved);
        else await createFinding(user, id, parsed.data, saved, undefined, keep({ location }));
        return redirect(location, 303);
      }
      case "finding-delete": {
        await deleteFinding(user, id, formId(form.get("findingId")) ?? -1);
        return redirect(`/inspections/${id}#findings`, 303);
      }
      case "submit": {
        const location = `/inspections/${id}?submitted=1`;
        await submitInspection(user, id, undefined, keep({ location }));
        return redirect(location, 303);
      }
      case "amend": {
        const body = String(form.get("body") ?? "").trim();
        if (!body) return fail(t, 400, { intent, errors: { body: t("inspections.error.amendmentRequired") }, values });
        if (body.length > 4000) return fail(t, 400, { intent, errors: { body: t("inspections.error.tooLong") }, values });
        await amendInspection(user, id, body);
        return redirect(`/inspections/${id}#amendments`, 303);
      }
      case "discard": {
        await discardDraft(user, id);
        return redirect(`/inspections`, 303);
      }
      default:
        await discardPhotos(saved);
        return fail(t, 400, { intent, key: "inspections.error.intent" });
    }
  } catch (error) {
    await discardPhotos(saved);
    // Another try with the same key committed while this one ran: answer as it was answered.
    if (error instanceof RepeatedRequest) return replayAnswer(error.answer);
    if (error instanceof ImageError) return fail(t, error.status, { intent, key: "inspections.error.photo", values });
    if (error instanceof InspectionError) {
      return fail(t, error.status, {
        intent,
        itemId: formId(form.get("itemId")),
        key: error.key,
        vars: error.vars,
        errors: error.field ? { [error.field]: t(error.key, error.vars) } : undefined,
        values,
      });
    }
    throw error;
  }
}

/** The intents that create a record or move a sidak on (CONTRACT: idempotencyKey). */
const IDEMPOTENT_INTENTS: readonly string[] = ["answer", "finding-create", "submit"];

function translateErrors(t: Translate, errors: Record<string, MessageKey>) {
  return Object.fromEntries(Object.entries(errors).map(([k, v]) => [k, t(v)]));
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;
type View = LoaderData["inspection"];
type Item = View["items"][number];
type Answer = View["answers"][number];
type FindingView = View["findings"][number];

export default function InspectionPage() {
  const data = useLoaderData<typeof loader>();
  const action = useActionData<typeof action>() as ActionResult | undefined;
  const t = useT();
  const locale = useLocale();
  const [params] = useSearchParams();
  const { inspection, canEdit } = data;
  const draft = inspection.status === "DRAFT";
  const editing = canEdit && draft;
  const answers = new Map(inspection.answers.map((a) => [a.itemId, a]));
  const sections = groupBySection(inspection.items);
  const scoreOf = new Map(inspection.scores.sections.map((s) => [s.section, s.score]));
  const pct = (v: number | null) => (v === null ? t("inspections.score.none") : `${v.toLocaleString(locale === "id" ? "id-ID" : "en-GB")}%`);

  return (
    <div className="inspection" data-testid="inspection-page" data-status={inspection.status}>
      <section className="card">
        <p className="muted" style={{ margin: 0 }}>
          <Link to="/inspections">← {t("inspections.list.title")}</Link>
        </p>
        <h1>
          {inspection.unit.name}{" "}
          <span className={`badge ${draft ? "warn" : "ok"}`} data-testid="inspection-status">
            {t(`inspections.status.${inspection.status}` as MessageKey)}
          </span>
        </h1>
        <dl className="facts">
          <dt>{t("inspections.field.startedAt")}</dt>
          <dd>{formatDateTime(inspection.startedAt, locale)}</dd>
          <dt>{t("inspections.field.inspector")}</dt>
          <dd>{inspection.inspector.name}</dd>
          <dt>{t("inspections.field.team")}</dt>
          <dd style={{ whiteSpace: "pre-line" }}>{inspection.team || "—"}</dd>
          <dt>{t("inspections.field.trigger")}</dt>
          <dd>{t(`inspections.trigger.${inspection.trigger}` as MessageKey)}</dd>
          {inspection.complaints.length ? (
            <>
              <dt>{t("inspections.linkedComplaints")}</dt>
              <dd>{inspection.complaints.map((c) => c.ref).join(", ")}</dd>
            </>
          ) : null}
          <dt>{t("inspections.score.total")}</dt>
          <dd data-testid="score-total">{pct(inspection.scores.total)}</dd>
          {inspection.submittedAt ? (
            <>
              <dt>{t("inspections.status.SUBMITTED")}</dt>
              <dd>{formatDateTime(inspection.submittedAt, locale)}</dd>
            </>
          ) : null}
        </dl>
        {inspection.summary ? <p style={{ whiteSpace: "pre-line" }}>{inspection.summary}</p> : null}
        {/* The record shows where it happened; a draft in the field does not need the map's weight. */}
        {!draft ? <MiniMap lat={inspection.unit.lat} lng={inspection.unit.lng} label={inspection.unit.name} mapQuery={`layer=findings&unitId=${inspection.unit.id}`} /> : null}
        <div className="actions no-print">
          <Link to={`/inspections/${inspection.id}/print`} className="button secondary">
            {t("inspections.print")}
          </Link>
          <a href={`/inspections/${inspection.id}/report.pdf`} className="button secondary" data-testid="pdf-link">
            {t("inspections.pdf")}
          </a>
        </div>
      </section>

      {params.get("submitted") ? (
        <p className="success" role="status">
          {t("inspections.submitted", { date: formatDateTime(inspection.submittedAt ?? new Date(), locale) })}
        </p>
      ) : null}
      {/* Fetcher saves (checklist items with JavaScript) report in their own item; this is every other post. */}
      {action?.formError ? (
        <p className="alert" role="alert" data-testid="action-error">
          {action.formError}
        </p>
      ) : null}
      {editing ? <p className="notice">{t("inspections.draftNotice")}</p> : null}
      {editing ? <HeaderForm data={data} action={action} /> : null}

      {editing ? <SidakProgressBar progress={inspection.progress} /> : null}
      <section className="card" aria-labelledby="checklist-title" id="checklist">
        <h2 id="checklist-title">{t("inspections.checklist.title")}</h2>
        {inspection.items.length === 0 ? <p>{t("inspections.noTemplate")}</p> : null}
        {inspection.items.length ? (
          <p className="hint">
            {t("inspections.checklist.progress", { done: inspection.answers.length, total: inspection.items.length })} · {t("inspections.score.explain")}
          </p>
        ) : null}
        {sections.map(([section, items], i) => (
          <ChecklistSection key={section} section={inspection.progress.sections[i]} collapsible={editing} score={`${t("inspections.score.section")} ${pct(scoreOf.get(section) ?? null)}`}>
            <ol className="list">
              {items.map((item) =>
                editing ? (
                  <ItemForm key={item.id} item={item} answer={answers.get(item.id)} inspectionId={inspection.id} />
                ) : (
                  <ItemResult key={item.id} item={item} answer={answers.get(item.id)} />
                ),
              )}
            </ol>
          </ChecklistSection>
        ))}
      </section>

      <section className="card" aria-labelledby="findings-title" id="findings">
        <h2 id="findings-title">{t("inspections.findings.title")}</h2>
        {inspection.findings.length === 0 ? <p>{t("inspections.findings.empty")}</p> : null}
        <ol className="list" data-testid="findings">
          {inspection.findings.map((f) => (
            <FindingCard key={f.id} finding={f} items={inspection.items} editing={editing} inspectionId={inspection.id} submitted={!draft} now={data.now} />
          ))}
        </ol>
        {canEdit ? <FindingForm data={data} action={action} /> : null}
      </section>

      {editing ? <SidakReview progress={inspection.progress} /> : null}

      {!draft ? (
        <section className="card" aria-labelledby="amendments-title" id="amendments">
          <h2 id="amendments-title">{t("inspections.amendments.title")}</h2>
          {inspection.amendments.length === 0 ? <p>{t("inspections.amendments.empty")}</p> : null}
          <ol className="list" data-testid="amendments">
            {inspection.amendments.map((a) => (
              <li key={a.id}>
                <p style={{ whiteSpace: "pre-line", margin: 0 }}>{a.body}</p>
                <p className="hint">{t("inspections.amendments.by", { name: a.author.name, date: formatDateTime(a.createdAt, locale) })}</p>
              </li>
            ))}
          </ol>
          {canEdit ? (
            <Form method="post" className="no-print">
              <input type="hidden" name="intent" value="amend" />
              <label htmlFor="amend-body">{t("inspections.amendments.body")}</label>
              <textarea
                id="amend-body"
                name="body"
                rows={3}
                maxLength={4000}
                required
                defaultValue={action?.intent === "amend" ? action.values?.body : ""}
                aria-invalid={action?.intent === "amend" && action.errors?.body ? true : undefined}
                aria-describedby={action?.intent === "amend" && action.errors?.body ? "amend-body-error" : undefined}
              />
              {action?.intent === "amend" && action.errors?.body ? (
                <p className="error" id="amend-body-error">
                  {action.errors.body}
                </p>
              ) : null}
              <div className="actions">
                <button type="submit" className="secondary">
                  {t("inspections.amendments.add")}
                </button>
              </div>
            </Form>
          ) : null}
        </section>
      ) : null}

      {data.unitHistory.length > 1 ? (
        <section className="card" aria-labelledby="history-title">
          <h2 id="history-title">{t("inspections.unitHistory")}</h2>
          <ul className="list">
            {data.unitHistory.map((h) => (
              <li key={h.id}>
                {h.id === inspection.id ? (
                  <strong>{formatDate(h.startedAt, locale)}</strong>
                ) : (
                  <Link to={`/inspections/${h.id}`}>{formatDate(h.startedAt, locale)}</Link>
                )}{" "}
                <span className="muted">
                  · {t(`inspections.status.${h.status}` as MessageKey)} · {t("inspections.field.score")} {pct(h.score)}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}

function groupBySection(items: Item[]): [string, Item[]][] {
  const map = new Map<string, Item[]>();
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

function Photos({ photos, label }: { photos: { id: number }[]; label: string }) {
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

function ItemResult({ item, answer }: { item: Item; answer: Answer | undefined }) {
  const t = useT();
  return (
    <li data-testid={`item-${item.id}`}>
      <div>{item.label}</div>
      <span className={`badge ${resultBadge(answer?.result)}`}>
        {answer ? t(`inspections.checklist.${answer.result}` as MessageKey) : t("inspections.checklist.unanswered")}
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

/**
 * One checklist item as its own small form. With JavaScript it saves itself as soon as a result is
 * chosen and when the number or note loses focus; without it, the "save item" button posts the form.
 */
function ItemForm({ item, answer, inspectionId }: { item: Item; answer: Answer | undefined; inspectionId: number }) {
  const t = useT();
  const fetcher = useFetcher<ActionResult>();
  const formRef = useRef<HTMLFormElement>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  // Once photos are saved, empty the file input so the next autosave does not send them again.
  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data?.ok && fileRef.current) fileRef.current.value = "";
  }, [fetcher.state, fetcher.data]);
  const pending = fetcher.state !== "idle";
  const result = fetcher.data;
  const error = result && !result.ok ? result.formError : null;
  const hasResult = () => !!formRef.current?.querySelector<HTMLInputElement>('input[name="result"]:checked');
  const save = () => {
    const form = formRef.current;
    if (!form || !hasResult()) return;
    // Every autosave is a new post (something changed): a new key, so a quick second change is never
    // answered with the first one's result.
    const key = form.elements.namedItem("idempotencyKey");
    if (key instanceof HTMLInputElement) key.value = newIdempotencyKey();
    fetcher.submit(form);
  };
  const base = `item-${item.id}`;
  const current = answer?.result;
  return (
    <li data-testid={base} id={base} className="checklist-item">
      <fetcher.Form method="post" encType="multipart/form-data" ref={formRef} action={`/inspections/${inspectionId}`} aria-describedby={error ? `${base}-error` : undefined}>
        <input type="hidden" name="intent" value="answer" />
        <IdempotencyKeyField renewOn={fetcher.data} />
        <input type="hidden" name="itemId" value={item.id} />
        <fieldset style={{ margin: 0 }}>
          <legend>{item.label}</legend>
          <div className="answer-choices">
            {(["PASS", "FAIL", "NA"] as const).map((r) => (
              <label key={r}>
                <input type="radio" name="result" value={r} defaultChecked={current === r} onChange={save} data-testid={`${base}-${r}`} />
                {t(`inspections.checklist.${r}` as MessageKey)}
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
            <span role="status" className="hint" data-testid={`${base}-state`}>
              {pending ? t("inspections.checklist.saving") : result?.ok ? t("inspections.checklist.saved") : ""}
            </span>
            {current === "FAIL" || (result?.ok && formRef.current?.querySelector<HTMLInputElement>('input[name="result"]:checked')?.value === "FAIL") ? (
              <Link to={`?fromItem=${item.id}#finding-form`} preventScrollReset={false} data-testid={`${base}-to-finding`}>
                {t("inspections.checklist.toFindingAs", { category: t(`category.${item.findingCategory}` as MessageKey) })}
              </Link>
            ) : null}
          </div>
        </fieldset>
      </fetcher.Form>
    </li>
  );
}

function FindingCard({
  finding,
  items,
  editing,
  inspectionId,
  submitted,
  now,
}: {
  finding: FindingView;
  items: Item[];
  editing: boolean;
  inspectionId: number;
  submitted: boolean;
  now: string;
}) {
  const t = useT();
  const locale = useLocale();
  const item = finding.itemId ? items.find((i) => i.id === finding.itemId) : undefined;
  const tag = locale === "id" ? "id-ID" : "en-GB";
  return (
    <li data-testid={`finding-${finding.id}`} id={`finding-${finding.id}`}>
      <p style={{ margin: 0 }}>
        <strong>{t(`category.${finding.category}` as MessageKey)}</strong>{" "}
        <span className={`badge ${finding.severity === "CRITICAL" || finding.severity === "HIGH" ? "danger" : "warn"}`}>{t(`severity.${finding.severity}` as MessageKey)}</span>
      </p>
      {item ? <p className="hint">{t("inspections.findings.fromItem", { label: item.label })}</p> : null}
      {finding.description !== null ? (
        <p style={{ whiteSpace: "pre-line" }}>{finding.description}</p>
      ) : (
        <p className="hint">{t("inspections.finding.hiddenForUnit")}</p>
      )}
      {finding.quantity !== null ? (
        <p>
          {t("inspections.finding.quantity")}: <strong data-testid="finding-quantity">{finding.quantity.toLocaleString(tag)}</strong> {finding.quantityUnit ?? ""}
          {finding.oldestDate ? ` · ${t("inspections.finding.oldestDate")}: ${formatDate(finding.oldestDate, locale)}` : ""}
        </p>
      ) : finding.oldestDate ? (
        <p>
          {t("inspections.finding.oldestDate")}: {formatDate(finding.oldestDate, locale)}
        </p>
      ) : null}
      {finding.directive ? (
        <div className="notice" style={{ margin: "0.5rem 0" }}>
          <strong>{t("inspections.finding.directive")}:</strong> <span style={{ whiteSpace: "pre-line" }}>{finding.directive}</span>
          {!submitted || finding.followUps.length === 0 ? (
            <div className="hint">
              {t("common.deadline")}: {finding.directiveDueAt ? formatDateTime(finding.directiveDueAt, locale) : t("inspections.finding.deadlineAuto")}
            </div>
          ) : null}
        </div>
      ) : null}
      {finding.followUps.map((f) => {
        const overdue = f.state !== "DONE" && new Date(f.dueAt).getTime() < new Date(now).getTime();
        return (
          <p key={f.id} data-testid="finding-followup">
            {t("inspections.finding.followUp")}: <Link to={`/follow-ups/${f.id}`}>#{f.id}</Link>{" "}
            <span className={`badge ${overdue ? "overdue" : f.state === "DONE" ? "done" : f.state === "ANSWERED" ? "answered" : "open"}`}>
              {overdue ? t("state.OVERDUE") : t(`state.${f.state}` as MessageKey)}
            </span>{" "}
            <span className="muted">{t("inspections.finding.followUpDue", { date: formatDateTime(f.dueAt, locale) })}</span>
            {f.outstandingQuantity !== null && f.quantity !== null ? (
              <span className="muted"> · {t("inspections.finding.outstanding", { n: f.outstandingQuantity.toLocaleString(tag) })}</span>
            ) : null}
          </p>
        );
      })}
      {submitted && finding.history.length ? <QuantityChart points={finding.history as ChartPoint[]} unit={finding.quantityUnit} /> : null}
      <Photos photos={finding.attachments} label={t(`category.${finding.category}` as MessageKey)} />
      {editing ? (
        <div className="actions no-print">
          <Link to={`?edit=${finding.id}#finding-form`} className="button secondary">
            {t("inspections.findings.edit")}
          </Link>
          <Form method="post" action={`/inspections/${inspectionId}`} className="inline-form">
            <input type="hidden" name="intent" value="finding-delete" />
            <input type="hidden" name="findingId" value={finding.id} />
            <button type="submit" className="danger">
              {t("inspections.findings.delete")}
            </button>
          </Form>
        </div>
      ) : null}
    </li>
  );
}

const QUANTITY_UNITS = ["kartu", "dokumen", "orang", "menit", "jenis", "unit"];

function FindingForm({ data, action }: { data: LoaderData; action: ActionResult | undefined }) {
  const t = useT();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const formRef = useRef<HTMLFormElement>(null);
  const submittingRef = useRef<string | null>(null);
  const { inspection } = data;
  const draft = inspection.status === "DRAFT";
  const editing = data.editId ? inspection.findings.find((f) => f.id === data.editId) : undefined;
  const item = data.fromItem ? inspection.items.find((i) => i.id === data.fromItem) : undefined;
  const itemAnswer = item ? inspection.answers.find((a) => a.itemId === item.id) : undefined;
  const mine = action && (action.intent === "finding-create" || action.intent === "finding-update") ? action : undefined;
  const errors = mine?.errors ?? {};
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
        {errors[name]}
      </p>
    ) : null;
  const title = editing ? t("inspections.findings.edit") : draft ? t("inspections.findings.add") : t("inspections.findings.addAmendment");
  const formKey = `${editing?.id ?? "new"}-${item?.id ?? ""}`;
  // A finding being typed is kept in this tab's sessionStorage until the server has it, so a reload or
  // a dropped connection in the middle of typing loses nothing (the other steps are saved on the server).
  const storageKey = `tindak:sidak:${inspection.id}:finding:${formKey}`;
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
      key={formKey}
      ref={formRef}
      onInput={keep}
      onChange={keep}
      className="no-print"
      noValidate
      aria-labelledby="finding-form-title"
    >
      <h3 id="finding-form-title">{title}</h3>
      {mine?.formError ? (
        <p className="alert" role="alert">
          {mine.formError}
        </p>
      ) : null}
      <input type="hidden" name="intent" value={editing ? "finding-update" : "finding-create"} />
      <IdempotencyKeyField />
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
                {t(`category.${c}` as MessageKey)}
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
                {t(`severity.${s}` as MessageKey)}
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
        <button type="submit" className="primary" disabled={busy}>
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

function HeaderForm({ data, action }: { data: LoaderData; action: ActionResult | undefined }) {
  const t = useT();
  const { inspection } = data;
  const mine = action?.intent === "header" ? action : undefined;
  const errors = mine?.errors ?? {};
  const v = mine?.values;
  const attrs = (name: string) => ({
    id: `h-${name}`,
    name,
    "aria-invalid": errors[name] ? true : undefined,
    "aria-describedby": errors[name] ? `h-${name}-error` : undefined,
  });
  const errorOf = (name: string) =>
    errors[name] ? (
      <p className="error" id={`h-${name}-error`}>
        {errors[name]}
      </p>
    ) : null;
  return (
    <details className="card" open={!!mine}>
      <summary>
        <strong>{t("inspections.header.title")}</strong>
      </summary>
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="header" />
        <label htmlFor="h-startedAt">{t("inspections.field.startedAt")}</label>
        <input {...attrs("startedAt")} type="datetime-local" defaultValue={v?.startedAt ?? data.startedAtInput} />
        {errorOf("startedAt")}
        <label htmlFor="h-team">{t("inspections.field.team")}</label>
        <textarea {...attrs("team")} rows={3} defaultValue={v?.team ?? inspection.team} />
        {errorOf("team")}
        <label htmlFor="h-trigger">{t("inspections.field.trigger")}</label>
        <select {...attrs("trigger")} defaultValue={v?.trigger ?? inspection.trigger}>
          <option value="ROUTINE">{t("inspections.trigger.ROUTINE")}</option>
          <option value="COMPLAINTS">{t("inspections.trigger.COMPLAINTS")}</option>
        </select>
        <label htmlFor="h-complaints">{t("inspections.field.complaints")}</label>
        <input {...attrs("complaints")} defaultValue={v?.complaints ?? inspection.complaints.map((c) => c.ref).join(", ")} />
        {errorOf("complaints")}
        <label htmlFor="h-summary">{t("inspections.field.summary")}</label>
        <textarea {...attrs("summary")} rows={3} maxLength={4000} defaultValue={v?.summary ?? inspection.summary ?? ""} />
        {errorOf("summary")}
        <div className="actions">
          <button type="submit" className="secondary">
            {t("inspections.header.save")}
          </button>
          {mine?.ok ? <span role="status">{t("inspections.saved")}</span> : null}
        </div>
      </Form>
    </details>
  );
}
