import { useLocale, useT } from "~/i18n/use-t";
import { formatDate } from "~/lib/time";

// A small line chart of a finding's count over time (1,240 → 600 → 0 cards), drawn as plain SVG on
// the server: no chart library and no script, so it shows on any phone, in print and without JavaScript.

export type ChartPoint = { at: string; value: number; source: "INSPECTION" | "RESPONSE"; rejected?: boolean };

const W = 320;
const H = 150;
const PAD = { top: 22, right: 24, bottom: 30, left: 48 };

export function QuantityChart({ points, unit, title }: { points: ChartPoint[]; unit?: string | null; title?: string }) {
  const t = useT();
  const locale = useLocale();
  const tag = locale === "id" ? "id-ID" : "en-GB";
  if (points.length === 0) return null;
  const fmt = (n: number) => n.toLocaleString(tag);
  const summary = points.map((p) => `${fmt(p.value)}${p.rejected ? ` (${t("inspections.chart.rejected")})` : ""}`).join(" → ");
  const label = t("inspections.chart.label", { unit: unit ?? "", points: summary });

  const times = points.map((p) => new Date(p.at).getTime());
  const t0 = Math.min(...times);
  const t1 = Math.max(...times);
  const max = Math.max(1, ...points.map((p) => p.value));
  const x = (ms: number) => PAD.left + (t1 === t0 ? (W - PAD.left - PAD.right) / 2 : ((ms - t0) / (t1 - t0)) * (W - PAD.left - PAD.right));
  const y = (v: number) => PAD.top + (1 - v / max) * (H - PAD.top - PAD.bottom);
  const path = points.map((p, i) => `${i ? "L" : "M"}${x(times[i]!).toFixed(1)},${y(p.value).toFixed(1)}`).join(" ");

  return (
    <figure className="quantity-chart" style={{ margin: "0.5rem 0" }}>
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" style={{ maxWidth: `${W}px` }} role="img" aria-label={label}>
        <title>{title ?? label}</title>
        <line x1={PAD.left} y1={y(0)} x2={W - PAD.right} y2={y(0)} stroke="#7b8784" strokeWidth="1" />
        <line x1={PAD.left} y1={PAD.top} x2={PAD.left} y2={y(0)} stroke="#7b8784" strokeWidth="1" />
        <text x={PAD.left - 6} y={y(max) + 4} textAnchor="end" fontSize="11" fill="#4a5560">
          {fmt(max)}
        </text>
        <text x={PAD.left - 6} y={y(0) + 4} textAnchor="end" fontSize="11" fill="#4a5560">
          0
        </text>
        <path d={path} fill="none" stroke="#0b5d57" strokeWidth="2.5" />
        {points.map((p, i) => (
          <g key={i}>
            {/* Red: the sidak's count; green: a unit head's answer; hollow: an answer the inspector rejected. */}
            <circle
              cx={x(times[i]!)}
              cy={y(p.value)}
              r="4"
              fill={p.rejected ? "#ffffff" : p.source === "INSPECTION" ? "#a4161a" : "#0b5d57"}
              stroke={p.source === "INSPECTION" ? "#a4161a" : "#0b5d57"}
              strokeWidth="2"
            />
            <text x={x(times[i]!)} y={y(p.value) - 7} textAnchor="middle" fontSize="11" fill="#1b1f23">
              {fmt(p.value)}
            </text>
          </g>
        ))}
        <text x={PAD.left} y={H - 8} fontSize="11" fill="#4a5560">
          {formatDate(t0, locale)}
        </text>
        {t1 !== t0 ? (
          <text x={W - PAD.right} y={H - 8} fontSize="11" fill="#4a5560" textAnchor="end">
            {formatDate(t1, locale)}
          </text>
        ) : null}
      </svg>
      <figcaption className="hint">
        {t("inspections.chart.title")}: {summary}
        {unit ? ` ${unit}` : ""}
      </figcaption>
    </figure>
  );
}
