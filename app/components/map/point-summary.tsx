import type { PointProperties } from "~/models/map-types";
import { useLocale, useT } from "~/i18n/use-t";
import { formatDate } from "~/lib/time";
import { codeKey } from "~/i18n";

// One point's short summary: in a map popup and in the list beside the map (the accessible path).
// Rendered by React, so every text is escaped; no HTML is built from data.
export function PointSummary({ point: p, heading: H = "h3" }: { point: PointProperties; heading?: "h3" | "span" }) {
  const t = useT();
  const locale = useLocale();
  const title =
    p.layer === "units" ? p.label : p.layer === "complaints" ? t("map.complaint", { ref: p.label }) : t("map.finding");
  return (
    <div className="map-popup" data-layer={p.layer} data-id={p.id}>
      <H className="map-popup-title">
        <a href={p.href}>{title}</a>
      </H>
      {p.layer === "units" ? (
        <p className="muted">{t(codeKey("unitType", p.detail))}</p>
      ) : (
        <>
          <p>
            {p.state ? <span className={`badge ${p.state}`}>{t(`map.legend.${p.state}`)}</span> : null}{" "}
            {p.category ? t(codeKey("category", p.category)) : null}
          </p>
          <p className="muted">
            {p.unitName}
            {p.date ? ` · ${formatDate(p.date, locale)}` : ""}
            {p.layer === "complaints" ? ` · ${t(codeKey("status", p.detail))}` : ""}
            {p.layer === "findings" ? ` · ${t("map.severity")}: ${t(codeKey("severity", p.detail))}` : ""}
          </p>
        </>
      )}
    </div>
  );
}
