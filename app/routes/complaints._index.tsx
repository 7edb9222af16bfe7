import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { isProtectedCategory } from "~/models/policy.server";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { FilterForm } from "~/components/filters/filter-form";
import { codeChoices, FilterSelect, KecamatanSelect, UnitSelect } from "~/components/filters/filter-fields";
import { COMPLAINT_CATEGORIES, COMPLAINT_STATUSES } from "~/lib/codes";
import { listFilterOptions, listPublicComplaints, parseListFilters } from "~/models/complaint/public-list.server";
import { useLocale, useT } from "~/i18n/use-t";
import { formatDate } from "~/lib/time";
import { StatusBadge } from "~/components/complaint-bits";
import { pageTitle } from "~/i18n/meta";
import { codeKey } from "~/i18n";
import { complaints as complaintsMessages } from "~/i18n/messages/complaints";
import type { MessagesHandle } from "~/i18n";

// The messages of its capabilities load with this page, not in every page's bundle (docs/decisions/0027).
export const handle: MessagesHandle = { messages: [complaintsMessages] };

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "pageTitle.complaints") }];

export async function loader({ request }: LoaderFunctionArgs) {
  const filters = parseListFilters(new URL(request.url).searchParams);
  const [list, options] = await Promise.all([listPublicComplaints(filters), listFilterOptions(filters)]);
  // Pungli reports are never public, so the list offers no such filter.
  const categories = COMPLAINT_CATEGORIES.filter((c) => !isProtectedCategory(c));
  return json({ filters, list, options, categories });
}

export default function Complaints() {
  const t = useT();
  const locale = useLocale();
  const { filters, list, options, categories } = useLoaderData<typeof loader>();
  const pageLink = (page: number) => {
    const p = new URLSearchParams();
    if (filters.unitId) p.set("unitId", String(filters.unitId));
    if (filters.kecamatan) p.set("kecamatan", filters.kecamatan);
    if (filters.category) p.set("category", filters.category);
    if (filters.status) p.set("status", filters.status);
    p.set("page", String(page));
    return `?${p.toString()}`;
  };
  return (
    <>
      <h1>{t("complaints.list.title")}</h1>
      <p>{t("complaints.list.lead")}</p>
      {/* Collapsed on a phone unless a filter is on; <details> needs no JavaScript. */}
      <details className="card" open={Boolean(filters.unitId || filters.kecamatan || filters.category || filters.status)}>
      <summary>{t("complaints.list.filter")}</summary>
      <FilterForm label={t("complaints.list.filter")} className="filters" columns={4} primary reset={{ to: "/complaints", label: t("complaints.list.reset") }}>
        <UnitSelect id="f-unit" label={t("complaints.list.unit")} choices={options.units} chooseKecamatanFirst={options.chooseKecamatanFirst} defaultValue={filters.unitId} />
        <KecamatanSelect id="f-kecamatan" label={t("complaints.list.kecamatan")} choices={options.kecamatan} defaultValue={filters.kecamatan} />
        <FilterSelect id="f-category" name="category" label={t("complaints.list.category")} defaultValue={filters.category} options={codeChoices(t, categories, "category")} />
        <FilterSelect id="f-status" name="status" label={t("complaints.list.status")} defaultValue={filters.status} options={codeChoices(t, COMPLAINT_STATUSES, "status")} />
      </FilterForm>
      </details>

      <p className="muted" aria-live="polite">
        {t("complaints.list.total", { n: list.total.toLocaleString(locale === "id" ? "id-ID" : "en-GB") })}
      </p>
      {list.complaints.length === 0 ? <p>{t("complaints.list.empty")}</p> : null}
      <ul className="list" data-testid="complaint-list">
        {list.complaints.map((c) => (
          <li key={c.ref} className="card">
            <Link to={`/complaints/${c.ref}`}>
              <strong>{c.ref}</strong>
            </Link>{" "}
            <StatusBadge status={c.status} />
            <div className="muted">
              {c.unit.name} · {t(codeKey("category", c.category))} · {formatDate(c.createdAt, locale)}
              {c.meTooCount ? ` · ${t("complaints.similar.count", { n: c.meTooCount })}` : ""}
            </div>
            <p>{c.summary}</p>
          </li>
        ))}
      </ul>
      {list.pages > 1 ? (
        <nav className="pagination" aria-label={t("complaints.list.page", { page: list.page, pages: list.pages })}>
          {list.page > 1 ? <Link to={pageLink(list.page - 1)}>{t("complaints.list.prev")}</Link> : <span />}
          <span>{t("complaints.list.page", { page: list.page, pages: list.pages })}</span>
          {list.page < list.pages ? <Link to={pageLink(list.page + 1)}>{t("complaints.list.next")}</Link> : <span />}
        </nav>
      ) : null}
    </>
  );
}
