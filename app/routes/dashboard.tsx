import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { DataTable } from "~/components/data-table";
import { useLocale, useT } from "~/i18n/use-t";
import { getSessionUser } from "~/lib/session.server";
import { formatDate, formatDateTime } from "~/lib/time";
import { audienceOf, getDashboard, MIN_RANKED, parsePeriod } from "~/models/dashboard.server";
import { auditHead } from "~/lib/audit.server";

import transparencyStyles from "~/styles/transparency.css";
import { Definitions, FigureCards, PeriodForm, RedList, TrendCharts, useNumber, usePercent } from "~/components/transparency";
import { pageTitle, metaTranslator } from "~/i18n/meta";
import { codeKey } from "~/i18n";
import { transparency as transparencyMessages } from "~/i18n/messages/transparency";
import type { MessagesHandle } from "~/i18n";

// The messages of its capabilities load with this page, not in every page's bundle (docs/decisions/0027).
export const handle: MessagesHandle = { messages: [transparencyMessages] };

export const links: LinksFunction = () => [{ rel: "stylesheet", href: transparencyStyles }];

export const meta: MetaFunction = ({ matches }) => [
  { title: pageTitle(matches, "pageTitle.dashboard") },
  { name: "description", content: metaTranslator(matches)("pageTitle.dashboardDescription") },
];

// GET /dashboard: public transparency figures; inspectors and admins get the counted figures and the
// overdue list (issue 7).
//
// Issue 8: with 200 units the full page was ~167 KB of HTML plus the same rows again in the loader
// data, rendered on every request. By default the page shows the top and the bottom of the ranking,
// the first units below the threshold and the first rows of the long lists, each with its true rank
// and its total, and a link to `?all=1` for everything; every unit's figures are also on /units/<id>.
// The rows carry only the columns the tables show.
const SHOWN_EACH_END = 10;
const SHOWN_ROWS = 20;

type UnitFigures = Awaited<ReturnType<typeof getDashboard>>["units"][number];
function unitRow(u: UnitFigures, rank: number | null) {
  return {
    id: u.id,
    name: u.name,
    rank,
    onTimeShare: u.onTimeShare,
    decided: u.decided,
    medianWorkingDays: u.medianWorkingDays,
    complaints: u.complaints,
    open: u.open,
    overdue: u.overdue,
    outstandingDocuments: u.outstandingDocuments,
  };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getSessionUser(request);
  const params = new URL(request.url).searchParams;
  const { period, invalid } = parsePeriod(params);
  const all = params.get("all") === "1";
  // `units` is ranked + unranked again: leave it out of the page's data.
  const { units: _all, ranked, unranked, redList, overdue, ...rest } = await getDashboard(period, audienceOf(user));
  const rankedRows = ranked.map((u, i) => unitRow(u, i + 1));
  const shortRanking = !all && rankedRows.length > 2 * SHOWN_EACH_END;
  const dashboard = {
    ...rest,
    ranked: shortRanking ? rankedRows.slice(0, SHOWN_EACH_END) : rankedRows,
    // The bottom of the ranking matters as much as the top: both ends are shown.
    rankedBottom: shortRanking ? rankedRows.slice(-SHOWN_EACH_END) : [],
    rankedTotal: ranked.length,
    unranked: (all ? unranked : unranked.slice(0, SHOWN_ROWS)).map((u) => unitRow(u, null)),
    unrankedTotal: unranked.length,
    redList: all ? redList : redList.slice(0, SHOWN_ROWS),
    redListTotal: redList.length,
    overdue: overdue ? (all ? overdue : overdue.slice(0, SHOWN_ROWS)) : null,
    overdueTotal: overdue?.length ?? 0,
  };
  // MIN_RANKED travels in the data: a server module's constant does not exist in the browser bundle.
  return json({ dashboard, invalid, minRanked: MIN_RANKED, all, auditHead: await auditHead() }, { status: invalid ? 400 : 200 });
}

type Row = ReturnType<typeof useLoaderData<typeof loader>>["dashboard"]["ranked"][number];

export default function DashboardPage() {
  const { dashboard: d, invalid, minRanked, all, auditHead: head } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const staff = d.audience === "staff";
  const query = `from=${d.period.from}&to=${d.period.to}`;
  const allHref = `/dashboard?${query}&all=1`;
  const shortened = d.ranked.length + d.rankedBottom.length < d.rankedTotal || d.unranked.length < d.unrankedTotal || d.redList.length < d.redListTotal || (d.overdue !== null && d.overdue.length < d.overdueTotal);
  return (
    <div data-testid="dashboard">
      <h1>{t("dash.title")}</h1>
      <p>{t("dash.lead")}</p>
      <PeriodForm from={d.period.from} to={d.period.to} action="/dashboard" staff={staff} invalid={invalid} />
      <p className="muted" data-testid="period">
        {t("dash.period")}: {t("dash.periodShown", { from: formatDate(`${d.period.from}T00:00:00+07:00`, locale), to: formatDate(`${d.period.to}T00:00:00+07:00`, locale), days: d.period.days })}
      </p>

      <section aria-labelledby="totals-title">
        <h2 id="totals-title">{t("dash.totals")}</h2>
        <FigureCards figures={d.totals} testId="totals" />
      </section>

      <TrendCharts trend={d.trend} />

      <section aria-labelledby="ranking-title">
        <h2 id="ranking-title">{t("dash.ranking")}</h2>
        <p className="hint">{t("dash.rankingHint", { n: minRanked })}</p>
        <UnitTable rows={d.ranked} bottom={d.rankedBottom} total={d.rankedTotal} ranked query={query} testId="ranking" />
        <h3>{t("dash.unranked", { n: minRanked })}</h3>
        <p className="hint">{t("dash.unrankedHint")}</p>
        <UnitTable rows={d.unranked} total={d.unrankedTotal} query={query} testId="unranked" />
        {shortened ? (
          <p data-testid="show-all">
            <a href={allHref}>{t("dash.showAllUnits", { n: d.rankedTotal + d.unrankedTotal })}</a>
          </p>
        ) : all ? (
          <p>
            <a href={`/dashboard?${query}`}>{t("dash.showTop")}</a>
          </p>
        ) : null}
      </section>

      <section aria-labelledby="kecamatan-title">
        <h2 id="kecamatan-title">{t("dash.kecamatan")}</h2>
        <KecamatanTable rows={d.kecamatan} />
      </section>

      <RedList items={d.redList} staff={staff} />
      {d.redList.length < d.redListTotal ? (
        <p className="hint">
          {t("dash.shownOf", { shown: d.redList.length, total: d.redListTotal })} <a href={`${allHref}#red-list-title`}>{t("dash.showAllRows", { n: d.redListTotal })}</a>
        </p>
      ) : null}

      {d.overdue ? (
        <section aria-labelledby="overdue-title" data-testid="overdue-list">
          <h2 id="overdue-title">{t("dash.overdueList")}</h2>
          {d.overdue.length === 0 ? <p>{t("dash.overdueEmpty")}</p> : null}
          <ul className="list">
            {d.overdue.map((o) => (
              <li key={o.id}>
                <Link to={`/follow-ups/${o.id}`}>{o.instruction}</Link>
                <div className="muted">
                  {o.unitName} · {t(codeKey("category", o.category))} · {t("common.deadline")} {formatDateTime(o.dueAt, locale)}{" "}
                  <span className="badge overdue">{t("state.OVERDUE")}</span>
                  {o.escalationLevel > 0 ? <> <span className="badge danger">{t("dash.level", { n: o.escalationLevel })}</span></> : null}
                </div>
              </li>
            ))}
          </ul>
          {d.overdue.length < d.overdueTotal ? (
            <p className="hint">
              {t("dash.shownOf", { shown: d.overdue.length, total: d.overdueTotal })} <a href={`${allHref}#overdue-title`}>{t("dash.showAllRows", { n: d.overdueTotal })}</a>
            </p>
          ) : null}
        </section>
      ) : null}

      <Definitions />

      <section aria-labelledby="audit-head-title" className="card" data-testid="audit-head">
        <h2 id="audit-head-title">{t("dash.auditHeadTitle")}</h2>
        {/* A 64-character hash must wrap on a phone, or the whole page grows wider than the screen. */}
        <p className="audit-head">{t("dash.auditHead", { count: head.count, hash: head.hash })}</p>
        <p>
          <a href="/audit/head.json">{t("dash.auditHeadJson")}</a>
        </p>
      </section>

      <section aria-labelledby="downloads-title" className="card">
        <h2 id="downloads-title">{t("dash.downloads")}</h2>
        <ul>
          <li>
            <a href="/exports/complaints.csv" download>
              {t("dash.downloadCsv")}
            </a>
          </li>
          <li>
            <a href="/exports/complaints.geojson" download>
              {t("dash.downloadGeojson")}
            </a>
          </li>
          <li>
            <a href="/open311/v2/discovery.json">{t("dash.api")}</a>
          </li>
        </ul>
        <p className="hint">{t("dash.generated", { at: formatDateTime(d.generatedAt, locale) })}</p>
      </section>
    </div>
  );
}

function UnitTable({ rows, bottom = [], total, ranked, query, testId }: { rows: Row[]; bottom?: Row[]; total: number; ranked?: boolean; query: string; testId: string }) {
  const t = useT();
  const pct = usePercent();
  const fmt = useNumber();
  if (rows.length === 0) return <p>{t("home.none")}</p>;
  const columns = ranked ? 9 : 8;
  const gap = total - rows.length - bottom.length;
  const line = (u: Row) => (
    <tr key={u.id} data-unit-id={u.id}>
      {ranked ? <td>{u.rank}</td> : null}
      <th scope="row">
        {/* A plain link: rows of <Link> cost render time and add nothing here. */}
        <a href={`/units/${u.id}?${query}`}>{u.name}</a>
      </th>
      <td>{pct(u.onTimeShare)}</td>
      <td>{fmt(u.decided)}</td>
      <td>{u.medianWorkingDays === null ? "—" : fmt(u.medianWorkingDays)}</td>
      <td>{fmt(u.complaints)}</td>
      <td>{fmt(u.open)}</td>
      <td>{u.overdue ? <span className="badge overdue">{fmt(u.overdue)}</span> : "0"}</td>
      <td>{fmt(u.outstandingDocuments)}</td>
    </tr>
  );
  const headings = ["dash.unit", "dash.onTime", "dash.decided", "dash.median", "dash.complaints", "dash.open", "dash.overdue", "dash.outstanding"] as const;
  return (
    <ScrollTable testId={testId} label={t("dash.unit")} headings={[...(ranked ? [t("dash.rank")] : []), ...headings.map((h) => t(h))]}>
      {rows.map(line)}
      {gap > 0 ? (
        <tr data-testid={`${testId}-gap`}>
          <td colSpan={columns} className="muted">
            {ranked && bottom.length > 0 ? t("dash.rankGap", { n: gap }) : t("dash.shownOf", { shown: rows.length + bottom.length, total })}
          </td>
        </tr>
      ) : null}
      {bottom.map(line)}
    </ScrollTable>
  );
}

function KecamatanTable({ rows }: { rows: ReturnType<typeof useLoaderData<typeof loader>>["dashboard"]["kecamatan"] }) {
  const t = useT();
  const pct = usePercent();
  const fmt = useNumber();
  const headings = ["common.kecamatan", "dash.units", "dash.complaints", "dash.onTime", "dash.median", "dash.open", "dash.overdue", "dash.outstanding"] as const;
  return (
    <ScrollTable testId="kecamatan" label={t("common.kecamatan")} headings={headings.map((h) => t(h))}>
      {rows.map((k) => (
        <tr key={k.code}>
          <th scope="row">{k.name}</th>
          <td>{fmt(k.units)}</td>
          <td>{fmt(k.complaints)}</td>
          <td>{pct(k.onTimeShare)}</td>
          <td>{k.medianWorkingDays === null ? "—" : fmt(k.medianWorkingDays)}</td>
          <td>{fmt(k.open)}</td>
          <td>{fmt(k.overdue)}</td>
          <td>{fmt(k.outstandingDocuments)}</td>
        </tr>
      ))}
    </ScrollTable>
  );
}

/** A wide table that scrolls sideways on a phone: focusable so a keyboard can scroll it, and named (axe scrollable-region-focusable). */
function ScrollTable({ testId, label, headings, children }: { testId: string; label: string; headings: string[]; children: ReactNode }) {
  return (
    <div className="table-wrap" data-testid={testId} tabIndex={0} role="region" aria-label={label}>
      <DataTable headings={headings}>{children}</DataTable>
    </div>
  );
}
