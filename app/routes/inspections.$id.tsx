import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { requirePermission, isStaff } from "~/lib/permissions.server";
import { mayEditInspection, mayKeepInspectionOffline } from "~/models/policy.server";
import { keepOfflineHeaders, offlineCacheHeaders } from "~/lib/offline-cache.server";
import { parseId } from "~/lib/http.server";
import { inspectionAction } from "~/lib/inspection-actions.server";
import { getInspection, inspectionsOfUnit } from "~/models/inspection/queries.server";
import { wibDateTimeInput } from "~/models/inspection/schema";
import { formatDateTime, wibDateKey } from "~/lib/time";
import { useLocale, useT } from "~/i18n/use-t";
import type { FormReply } from "~/lib/form-reply";
import { ChecklistSection, SidakProgressBar, SidakReview } from "~/components/inspection/sidak-progress";
import { InspectionSummary } from "~/components/inspection/summary";
import { groupBySection, ItemForm, ItemResult } from "~/components/inspection/checklist-item";
import { FindingCard } from "~/components/inspection/finding-card";
import { FindingForm } from "~/components/inspection/finding-form";
import { HeaderForm } from "~/components/inspection/header-form";
import { Amendments } from "~/components/inspection/amendments";
import { UnitHistory } from "~/components/inspection/unit-history";
import { pageAlert } from "~/components/inspection/reply";
import { SidakQueueList, useSidakQueue } from "~/components/inspection/sidak-queue";
import { KeptCopyNotice } from "~/components/kept-copy-notice";
import { useForgetPageOffline, useKeepPagesOffline } from "~/components/keep-pages-offline";
import styles from "~/styles/inspections.css";
import { metaTranslator, pageTitle } from "~/i18n/meta";
import { inspections as inspectionsMessages } from "~/i18n/messages/inspections";
import { map as mapMessages } from "~/i18n/messages/map";
import { offline as offlineMessages } from "~/i18n/messages/offline";
import { phone as phoneMessages } from "~/i18n/messages/phone";
import type { MessagesHandle } from "~/i18n";

// The messages of its capabilities load with this page, not in every page's bundle (docs/decisions/0027).
export const handle: MessagesHandle = { messages: [inspectionsMessages, mapMessages, offlineMessages, phoneMessages] };

// The inspector's own draft is kept on the phone for use without a signal (docs/decisions/0029).
export const headers = keepOfflineHeaders;

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  [{ title: pageTitle(matches, "pageTitle.inspection", { unit: data?.inspection.unit.name ?? metaTranslator(matches)("pageTitle.inspections") }) }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "inspection:read");
  const id = parseId(params.id);
  const inspection = await getInspection(user, id);
  const url = new URL(request.url);
  const canEdit = mayEditInspection(user, inspection);
  const keepOffline = mayKeepInspectionOffline(user, inspection);
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
    keepOffline,
  }, { headers: await offlineCacheHeaders(request, keepOffline) });
}

// Every form of the page posts here with its intent (header, answer, finding-create, finding-update,
// finding-delete, submit, amend, discard); inspectionAction parses it and calls the model.
export async function action({ request, params }: ActionFunctionArgs) {
  // Unit heads and admins get 403 here, whatever the intent: only inspectors write sidak records.
  const user = await requirePermission(request, "inspection:edit");
  const id = parseId(params.id);
  return inspectionAction(request, user, id);
}

export default function InspectionPage() {
  const data = useLoaderData<typeof loader>();
  const action = useActionData<typeof action>() as FormReply | undefined;
  const t = useT();
  const locale = useLocale();
  const [params] = useSearchParams();
  const { inspection, canEdit } = data;
  const draft = inspection.status === "DRAFT";
  const editing = canEdit && draft;
  const answers = new Map(inspection.answers.map((a) => [a.itemId, a]));
  const sections = groupBySection(inspection.items);
  const scoreOf = new Map(inspection.scores.sections.map((s) => [s.section, s.score]));
  const alert = pageAlert(action);
  // Answers, findings and the submission kept on this phone without a signal (docs/decisions/0021).
  const queue = useSidakQueue(inspection.id);
  // The inspector's own draft is kept on the phone (and kept again after each change saved online).
  useKeepPagesOffline(data.keepOffline ? [`/inspections/${inspection.id}`] : [], data);
  useForgetPageOffline(canEdit && !data.keepOffline ? `/inspections/${inspection.id}` : null);
  const pct = (v: number | null) => (v === null ? t("inspections.score.none") : `${v.toLocaleString(locale === "id" ? "id-ID" : "en-GB")}%`);

  return (
    <div className="inspection" data-testid="inspection-page" data-status={inspection.status}>
      <KeptCopyNotice data={data} />
      <InspectionSummary inspection={inspection} pct={pct} />

      {params.get("submitted") ? (
        <p className="success" role="status">
          {t("inspections.submitted", { date: formatDateTime(inspection.submittedAt ?? new Date(), locale) })}
        </p>
      ) : null}
      {/* Fetcher saves (checklist items with JavaScript) report in their own item; this is every other post. */}
      {alert ? (
        <p className="alert" role="alert" data-testid="action-error">
          {t(alert, action?.vars)}
        </p>
      ) : null}
      {canEdit ? <SidakQueueList queue={queue} /> : null}
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
                  <ItemForm key={item.id} item={item} answer={answers.get(item.id)} inspectionId={inspection.id} waiting={queue.waitingItemIds.has(item.id)} kept={queue.keptAnswers.get(item.id)} />
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

      {editing ? <SidakReview progress={inspection.progress} inspectionId={inspection.id} unitName={inspection.unit.name} /> : null}

      {!draft ? <Amendments inspection={inspection} canEdit={canEdit} action={action} /> : null}

      <UnitHistory history={data.unitHistory} currentId={inspection.id} pct={pct} />
    </div>
  );
}
