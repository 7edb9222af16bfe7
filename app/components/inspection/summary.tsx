import { Link } from "@remix-run/react";
import { codeKey } from "~/i18n";
import { useLocale, useT } from "~/i18n/use-t";
import { formatDateTime } from "~/lib/time";
import { MiniMap } from "~/components/map/mini-map";
import type { InspectionPageView } from "./types";

// The top card of a sidak: the unit, its status, who and when, the total score, and the print and PDF
// versions. `pct` writes a score in the reader's number format.

export function InspectionSummary({ inspection, pct }: { inspection: InspectionPageView; pct: (v: number | null) => string }) {
  const t = useT();
  const locale = useLocale();
  const draft = inspection.status === "DRAFT";
  return (
    <section className="card">
      <p className="muted" style={{ margin: 0 }}>
        <Link to="/inspections">← {t("inspections.list.title")}</Link>
      </p>
      <h1>
        {inspection.unit.name}{" "}
        <span className={`badge ${draft ? "warn" : "ok"}`} data-testid="inspection-status">
          {t(codeKey("inspections.status", inspection.status))}
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
        <dd>{t(codeKey("inspections.trigger", inspection.trigger))}</dd>
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
  );
}
