import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { can, isUnitHead, mayKeepInspectionListOffline, mayKeepInspectionOffline } from "~/models/policy.server";
import { keepOfflineHeaders, offlineCacheHeaders } from "~/lib/offline-cache.server";
import { Pagination } from "~/components/pagination";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { FilterForm } from "~/components/filters/filter-form";
import { codeChoices, DateFilter, FilterSelect, KecamatanSelect, UnitSelect } from "~/components/filters/filter-fields";
import { requirePermission } from "~/lib/permissions.server";
import { kecamatanChoices } from "~/lib/regions.server";
import { wibStartOfDay } from "~/lib/time";
import { addCalendarDays, isDateKey } from "~/lib/working-days";
import { listInspections, unitsForInspection, type InspectionFilters } from "~/models/inspection/queries.server";
import { formatDateTime } from "~/lib/time";
import { useLocale, useT } from "~/i18n/use-t";
import { pageParam } from "~/lib/http.server";
import { pageTitle } from "~/i18n/meta";
import { codeKey } from "~/i18n";
import { inspections as inspectionsMessages } from "~/i18n/messages/inspections";
import { KeptCopyNotice } from "~/components/kept-copy-notice";
import { useKeepPagesOffline } from "~/components/keep-pages-offline";
import { useListLinks } from "~/components/list-links";
import type { MessagesHandle } from "~/i18n";
import { unitFilterChoices } from "~/lib/unit-filter";

// The messages of its capabilities load with this page, not in every page's bundle (docs/decisions/0027).
export const handle: MessagesHandle = { messages: [inspectionsMessages] };

// An inspector's list (and their drafts on it) is kept on the phone for use without a signal (docs/decisions/0029).
export const headers = keepOfflineHeaders;

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "pageTitle.inspections") }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "inspection:read");
  const url = new URL(request.url);
  const q = (k: string) => url.searchParams.get(k)?.trim() ?? "";
  const filters: InspectionFilters = {};
  if (/^[1-9]\d{0,9}$/.test(q("unitId"))) filters.unitId = Number(q("unitId"));
  if (/^\d{2}\.\d{2}\.\d{2}$/.test(q("kecamatan"))) filters.kecamatan = q("kecamatan");
  // A unit head never sees drafts: the model's scope says so whatever the filter asks.
  if (q("status") === "DRAFT" || q("status") === "SUBMITTED") filters.status = q("status") as "DRAFT" | "SUBMITTED";
  // Dates are WIB calendar days; "to" includes its whole day. A day that does not exist (2026-13-01) is no filter.
  if (isDateKey(q("from"))) filters.from = wibStartOfDay(q("from"));
  if (isDateKey(q("to"))) filters.to = wibStartOfDay(addCalendarDays(q("to"), 1));
  filters.page = pageParam(new URL(request.url).searchParams);
  const unitHead = isUnitHead(user);
  const result = await listInspections(user, filters);
  const units = unitHead ? { units: [], chooseKecamatanFirst: false } : unitFilterChoices(await unitsForInspection(), filters);
  const kecamatan = unitHead ? [] : await kecamatanChoices().catch(() => []);
  return json({
    ...result,
    // Without the inspector's id, each field by name (object rest took V8's slow path: issue 17).
    rows: result.rows.map((r) => ({ id: r.id, startedAt: r.startedAt, status: r.status, score: r.score, unit: r.unit, inspector: r.inspector, _count: r._count })),
    // The list and the inspector's own drafts on it: the phone keeps them, even drafts not opened yet.
    keepOffline: mayKeepInspectionListOffline(user) ? ["/inspections", ...result.rows.filter((r) => mayKeepInspectionOffline(user, r)).map((r) => `/inspections/${r.id}`)] : [],
    ...units,
    kecamatan,
    filters: { unitId: q("unitId"), kecamatan: q("kecamatan"), status: q("status"), from: q("from"), to: q("to") },
    canStart: can(user, "inspection:start"),
    unitHead,
  }, { headers: await offlineCacheHeaders(request, mayKeepInspectionListOffline(user)) });
}

export default function InspectionList() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  const listLinks = useListLinks();
  const locale = useLocale();
  const f = data.filters;
  useKeepPagesOffline(data.keepOffline, data);
  const pageLink = (page: number) => {
    const p = new URLSearchParams(Object.entries(f).filter(([, v]) => v) as [string, string][]);
    p.set("page", String(page));
    return `?${p.toString()}`;
  };
  return (
    <div>
      <h1>{t("inspections.list.title")}</h1>
      <KeptCopyNotice data={data} />
      {data.canStart ? (
        <div className="actions" style={{ marginTop: 0, marginBottom: "1rem" }}>
          <Link to="/inspections/new" className="button">
            {t("inspections.new")}
          </Link>
        </div>
      ) : null}
      <FilterForm columns={3}>
        {!data.unitHead ? (
          <>
            <UnitSelect id="unitId" choices={data.units} chooseKecamatanFirst={data.chooseKecamatanFirst} defaultValue={f.unitId} />
            <KecamatanSelect id="kecamatan" choices={data.kecamatan} defaultValue={f.kecamatan} />
            <FilterSelect id="status" name="status" label={t("inspections.filter.status")} defaultValue={f.status} options={codeChoices(t, ["DRAFT", "SUBMITTED"], "inspections.status")} />
          </>
        ) : null}
        <DateFilter id="from" name="from" label={t("inspections.filter.from")} defaultValue={f.from} />
        <DateFilter id="to" name="to" label={t("inspections.filter.to")} defaultValue={f.to} />
      </FilterForm>
      <p className="muted" role="status">
        {t("inspections.list.count", { n: data.total })}
      </p>
      {data.rows.length === 0 ? <p>{t("inspections.list.empty")}</p> : null}
      <ul className="list card" data-testid="inspection-list" style={{ padding: "0.25rem 1rem" }} onClick={listLinks}>
        {data.rows.map((r) => (
          <li key={r.id} data-id={r.id}>
            <a href={`/inspections/${r.id}`}>
              <strong>{r.unit.name}</strong>
            </a>{" "}
            <span className={`badge ${r.status === "DRAFT" ? "warn" : "ok"}`}>{t(codeKey("inspections.status", r.status))}</span>
            {/* One text node (a template string): React would put a comment between adjacent ones. */}
            <div className="muted">
              {`${formatDateTime(r.startedAt, locale)} · ${r.inspector.name} · ${t("inspections.findings.title")}: ${r._count.findings}${
                r.score !== null ? ` · ${t("inspections.field.score")} ${Math.round(r.score)}%` : ""
              }`}
            </div>
          </li>
        ))}
      </ul>
      <Pagination page={data.page} pages={data.pages} href={pageLink} />
    </div>
  );
}
