import { Link } from "@remix-run/react";
import type { MessageKey } from "~/i18n";
import { useLocale, useT } from "~/i18n/use-t";
import { formatDate } from "~/lib/time";
import { MonthlyBarChart, MonthlyLineChart, type ChartPoint } from "~/components/charts/monthly-chart";
import { codeKey } from "~/i18n";

// Pieces shared by /dashboard and /units/<id>: the figure cards, the monthly charts, the red list and
// the definitions of every figure (the same words as the comment in app/models/dashboard.server.ts).

export type FigureValues = {
  complaints: number;
  decided: number;
  onTimeShare: number | null;
  medianWorkingDays: number | null;
  open: number;
  overdue: number;
  outstandingDocuments: number;
};

export type TrendPoint = { month: string; complaints: number; decided: number; onTimeShare: number | null };

const MONTHS = {
  id: ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"],
  en: ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
} as const;
const MONTHS_LONG = {
  id: ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"],
  en: ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"],
} as const;

export function usePercent() {
  return (share: number | null) => (share === null ? "—" : `${Math.round(share * 100)}%`);
}

// One formatter per locale: toLocaleString builds a new one on every call, which adds up over
// hundreds of table cells.
const NUMBER_FORMATS = {
  id: new Intl.NumberFormat("id-ID", { maximumFractionDigits: 1 }),
  en: new Intl.NumberFormat("en-GB", { maximumFractionDigits: 1 }),
};

export function useNumber() {
  const format = NUMBER_FORMATS[useLocale()];
  return (n: number) => format.format(n);
}

export function FigureCards({ figures, testId }: { figures: FigureValues; testId?: string }) {
  const t = useT();
  const pct = usePercent();
  const fmt = useNumber();
  const cards: Array<[string, string, string?]> = [
    [fmt(figures.complaints), t("dash.complaints")],
    [pct(figures.onTimeShare), t("dash.onTime"), `${t("dash.decided")}: ${fmt(figures.decided)}`],
    [figures.medianWorkingDays === null ? "—" : fmt(figures.medianWorkingDays), t("dash.median")],
    [fmt(figures.open), t("dash.open")],
    [fmt(figures.overdue), t("dash.overdue")],
    [fmt(figures.outstandingDocuments), t("dash.outstanding")],
  ];
  return (
    <div className="grid grid-3" data-testid={testId}>
      {cards.map(([value, label, hint]) => (
        <div className="card" key={label}>
          <p className="figure">{value}</p>
          <p className="figure-label">{label}</p>
          {hint ? <p className="hint">{hint}</p> : null}
        </div>
      ))}
    </div>
  );
}

export function TrendCharts({ trend }: { trend: TrendPoint[] }) {
  const t = useT();
  const locale = useLocale();
  const pct = usePercent();
  const fmt = useNumber();
  const label = (month: string) => {
    const [y, m] = month.split("-").map(Number) as [number, number];
    return { label: MONTHS[locale][m - 1]!, longLabel: `${MONTHS_LONG[locale][m - 1]} ${y}` };
  };
  const complaints: ChartPoint[] = trend.map((p) => ({ ...label(p.month), value: p.complaints, display: fmt(p.complaints) }));
  const onTime: ChartPoint[] = trend.map((p) => ({ ...label(p.month), value: p.onTimeShare, display: pct(p.onTimeShare) }));
  return (
    <section aria-labelledby="trend-title">
      <h2 id="trend-title">{t("dash.trend")}</h2>
      <div className="grid grid-2">
        <div className="card">
          <MonthlyBarChart title={t("dash.trendComplaints")} points={complaints} noDataText={t("dash.chart.noData")} testId="chart-complaints" />
        </div>
        <div className="card">
          <MonthlyLineChart title={t("dash.trendOnTime")} points={onTime} noDataText={t("dash.chart.noData")} testId="chart-on-time" />
        </div>
      </div>
    </section>
  );
}

export type RedListRow = {
  id: number;
  unitId: number;
  unitName: string;
  category: string;
  dueAt: string;
  escalationLevel: number;
  complaintRef: string | null;
  /** Staff only: what the unit was told to do. Null for the public (an internal text). */
  instruction: string | null;
};

export function RedList({ items, staff, showUnit = true }: { items: RedListRow[]; staff: boolean; showUnit?: boolean }) {
  const t = useT();
  const locale = useLocale();
  return (
    <section aria-labelledby="red-list-title" data-testid="red-list">
      <h2 id="red-list-title">{t("dash.redList")}</h2>
      <p className="hint">{t("dash.redListHint")}</p>
      {items.length === 0 ? (
        <p>{t("dash.redListEmpty")}</p>
      ) : (
        <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="red-list-title">
          <table>
            <thead>
              <tr>
                {showUnit ? <th scope="col">{t("dash.unit")}</th> : null}
                <th scope="col">{t("common.category")}</th>
                <th scope="col">{t("dash.deadline")}</th>
                <th scope="col">{t("dash.source")}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((r) => (
                <tr key={r.id}>
                  {showUnit ? (
                    <td>
                      <Link to={`/units/${r.unitId}`}>{r.unitName}</Link>
                    </td>
                  ) : null}
                  <td>
                    {t(codeKey("category", r.category))} <span className="badge overdue">{t("dash.level", { n: r.escalationLevel })}</span>
                    {staff && r.instruction ? <div className="muted">{r.instruction}</div> : null}
                  </td>
                  <td>{formatDate(r.dueAt, locale)}</td>
                  <td>
                    {staff ? (
                      <Link to={`/follow-ups/${r.id}`}>{r.complaintRef ?? t("dash.finding")}</Link>
                    ) : r.complaintRef ? (
                      <Link to={`/complaints/${r.complaintRef}`}>{r.complaintRef}</Link>
                    ) : (
                      t("dash.finding")
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export function Definitions() {
  const t = useT();
  const keys: MessageKey[] = ["dash.def.period", "dash.def.complaints", "dash.def.onTime", "dash.def.median", "dash.def.open", "dash.def.outstanding", "dash.def.privacy"];
  return (
    <section aria-labelledby="definitions-title" className="card" data-testid="definitions">
      <h2 id="definitions-title">{t("dash.definitions")}</h2>
      <ul>
        {keys.map((k) => (
          <li key={k}>{t(k)}</li>
        ))}
      </ul>
    </section>
  );
}

/** The period chooser, after the staff note (staff see more than the public) and a refused period's alert. */
export function PeriodForm({ from, to, action, staff, invalid }: { from: string; to: string; action: string; staff?: boolean; invalid?: boolean }) {
  const t = useT();
  return (
    <>
      {staff ? <p className="notice">{t("dash.staffNote")}</p> : null}
      {invalid ? (
        <p className="alert" role="alert">
          {t("dash.periodInvalid")}
        </p>
      ) : null}
      <PeriodFields from={from} to={to} action={action} />
    </>
  );
}

function PeriodFields({ from, to, action }: { from: string; to: string; action: string }) {
  const t = useT();
  return (
    <form method="get" action={action} className="card period-form" aria-label={t("dash.period")}>
      <div className="grid grid-3">
        <div>
          <label htmlFor="period-from">{t("dash.from")}</label>
          <input id="period-from" name="from" type="date" defaultValue={from} />
        </div>
        <div>
          <label htmlFor="period-to">{t("dash.to")}</label>
          <input id="period-to" name="to" type="date" defaultValue={to} />
        </div>
        <div className="actions">
          <button type="submit" className="primary">
            {t("dash.apply")}
          </button>
        </div>
      </div>
    </form>
  );
}
