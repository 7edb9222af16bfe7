import { Link } from "@remix-run/react";
import { codeKey } from "~/i18n";
import { useLocale, useT } from "~/i18n/use-t";
import { formatDate } from "~/lib/time";
import type { InspectionPageData } from "./types";

// The unit's earlier and later sidak (staff only), with this one in bold.

export function UnitHistory({ history, currentId, pct }: { history: InspectionPageData["unitHistory"]; currentId: number; pct: (v: number | null) => string }) {
  const t = useT();
  const locale = useLocale();
  if (history.length <= 1) return null;
  return (
    <section className="card" aria-labelledby="history-title">
      <h2 id="history-title">{t("inspections.unitHistory")}</h2>
      <ul className="list">
        {history.map((h) => (
          <li key={h.id}>
            {h.id === currentId ? (
              <strong>{formatDate(h.startedAt, locale)}</strong>
            ) : (
              <Link to={`/inspections/${h.id}`}>{formatDate(h.startedAt, locale)}</Link>
            )}{" "}
            <span className="muted">
              · {t(codeKey("inspections.status", h.status))} · {t("inspections.field.score")} {pct(h.score)}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
