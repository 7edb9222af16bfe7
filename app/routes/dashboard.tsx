import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import type { MessageKey } from "~/i18n";
import { useLocale, useT } from "~/i18n/use-t";
import { getSessionUser } from "~/lib/session.server";
import { formatDate, formatDateTime } from "~/lib/time";
import { audienceOf, getDashboard, MIN_RANKED, parsePeriod } from "~/models/dashboard.server";

import transparencyStyles from "~/styles/transparency.css";
import { Definitions, FigureCards, PeriodForm, RedList, TrendCharts, useNumber, usePercent } from "~/components/transparency";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: transparencyStyles }];

export const meta: MetaFunction = () => [
  { title: "Kinerja unit layanan · Tindak" },
  { name: "description", content: "Angka terbuka: pengaduan, ketepatan waktu tindak lanjut, dan dokumen yang belum diserahkan per unit layanan Kota Palembang." },
];

// GET /dashboard: public transparency figures; inspectors and admins get the counted figures and the
// overdue list (issue 7).
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getSessionUser(request);
  const { period, invalid } = parsePeriod(new URL(request.url).searchParams);
  // `units` is ranked + unranked again: leave it out of the page's data (it is half the payload).
  const { units: _all, ...dashboard } = await getDashboard(period, audienceOf(user));
  // MIN_RANKED travels in the data: a server module's constant does not exist in the browser bundle.
  return json({ dashboard, invalid, minRanked: MIN_RANKED }, { status: invalid ? 400 : 200 });
}

type Row = ReturnType<typeof useLoaderData<typeof loader>>["dashboard"]["ranked"][number];

export default function DashboardPage() {
  const { dashboard: d, invalid, minRanked } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const staff = d.audience === "staff";
  const query = `from=${d.period.from}&to=${d.period.to}`;
  return (
    <div data-testid="dashboard">
      <h1>{t("dash.title")}</h1>
      <p>{t("dash.lead")}</p>
      {staff ? <p className="notice">{t("dash.staffNote")}</p> : null}
      {invalid ? (
        <p className="alert" role="alert">
          {t("dash.periodInvalid")}
        </p>
      ) : null}
      <PeriodForm from={d.period.from} to={d.period.to} action="/dashboard" />
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
        <UnitTable rows={d.ranked} ranked query={query} testId="ranking" />
        <h3>{t("dash.unranked", { n: minRanked })}</h3>
        <p className="hint">{t("dash.unrankedHint")}</p>
        <UnitTable rows={d.unranked} query={query} testId="unranked" />
      </section>

      <section aria-labelledby="kecamatan-title">
        <h2 id="kecamatan-title">{t("dash.kecamatan")}</h2>
        <KecamatanTable rows={d.kecamatan} />
      </section>

      <RedList items={d.redList} staff={staff} />

      {d.overdue ? (
        <section aria-labelledby="overdue-title" data-testid="overdue-list">
          <h2 id="overdue-title">{t("dash.overdueList")}</h2>
          {d.overdue.length === 0 ? <p>{t("dash.overdueEmpty")}</p> : null}
          <ul className="list">
            {d.overdue.map((o) => (
              <li key={o.id}>
                <Link to={`/follow-ups/${o.id}`}>{o.instruction}</Link>
                <div className="muted">
                  {o.unitName} · {t(`category.${o.category}` as MessageKey)} · {t("common.deadline")} {formatDateTime(o.dueAt, locale)}{" "}
                  <span className="badge overdue">{t("state.OVERDUE")}</span>
                  {o.escalationLevel > 0 ? <> <span className="badge danger">{t("dash.level", { n: o.escalationLevel })}</span></> : null}
                </div>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <Definitions />

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

function UnitTable({ rows, ranked, query, testId }: { rows: Row[]; ranked?: boolean; query: string; testId: string }) {
  const t = useT();
  const pct = usePercent();
  const fmt = useNumber();
  if (rows.length === 0) return <p>{t("home.none")}</p>;
  return (
    <div className="table-wrap" data-testid={testId}>
      <table>
        <thead>
          <tr>
            {ranked ? <th scope="col">{t("dash.rank")}</th> : null}
            <th scope="col">{t("dash.unit")}</th>
            <th scope="col">{t("dash.onTime")}</th>
            <th scope="col">{t("dash.decided")}</th>
            <th scope="col">{t("dash.median")}</th>
            <th scope="col">{t("dash.complaints")}</th>
            <th scope="col">{t("dash.open")}</th>
            <th scope="col">{t("dash.overdue")}</th>
            <th scope="col">{t("dash.outstanding")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((u, i) => (
            <tr key={u.id} data-unit-id={u.id}>
              {ranked ? <td>{i + 1}</td> : null}
              <th scope="row">
                {/* A plain link: two hundred rows of <Link> cost render time and add nothing here. */}
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
          ))}
        </tbody>
      </table>
    </div>
  );
}

function KecamatanTable({ rows }: { rows: ReturnType<typeof useLoaderData<typeof loader>>["dashboard"]["kecamatan"] }) {
  const t = useT();
  const pct = usePercent();
  const fmt = useNumber();
  return (
    <div className="table-wrap" data-testid="kecamatan">
      <table>
        <thead>
          <tr>
            <th scope="col">{t("common.kecamatan")}</th>
            <th scope="col">{t("dash.units")}</th>
            <th scope="col">{t("dash.complaints")}</th>
            <th scope="col">{t("dash.onTime")}</th>
            <th scope="col">{t("dash.median")}</th>
            <th scope="col">{t("dash.open")}</th>
            <th scope="col">{t("dash.overdue")}</th>
            <th scope="col">{t("dash.outstanding")}</th>
          </tr>
        </thead>
        <tbody>
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
        </tbody>
      </table>
    </div>
  );
}
