import { useId, type ReactNode } from "react";

// Server-rendered SVG charts of monthly figures (issue 7): plain markup, readable without JavaScript,
// printable (no hover-only information: every value is written on the chart and in its <desc>), scaled
// by viewBox so one drawing fits a 360 px phone and a printed page.

export type ChartPoint = {
  /** Short label under the bar, e.g. "Sep" */
  label: string;
  /** Full label for assistive technology, e.g. "September 2026" */
  longLabel: string;
  value: number | null;
  /** The value as written on the chart, e.g. "12" or "83%" */
  display: string;
};

type ChartProps = {
  title: string;
  points: ChartPoint[];
  /** Upper end of the y axis; defaults to the largest value. */
  max?: number;
  noDataText: string;
  testId?: string;
};

const W = 640;
const H = 240;
const PAD = { top: 24, right: 8, bottom: 34, left: 8 };

function describe(points: ChartPoint[], noDataText: string): string {
  return points.map((p) => `${p.longLabel}: ${p.value === null ? noDataText : p.display}`).join("; ");
}

/** The figure around a chart: the drawing named by its title and described value by value, then the caption. */
function ChartFigure({ title, points, noDataText, testId, children }: Omit<ChartProps, "max"> & { children: ReactNode }) {
  const id = useId();
  return (
    <figure className="chart" data-testid={testId} style={{ margin: 0 }}>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={`${id}-t ${id}-d`} width="100%" preserveAspectRatio="xMidYMid meet">
        <title id={`${id}-t`}>{title}</title>
        <desc id={`${id}-d`}>{describe(points, noDataText)}</desc>
        {children}
      </svg>
      <figcaption className="hint">{title}</figcaption>
    </figure>
  );
}

/** A month's label under its bar or point. */
function MonthLabel({ x, label }: { x: number; label: string }) {
  return (
    <text x={x} y={H - 12} textAnchor="middle" fontSize="13" fill="#4c5856">
      {label}
    </text>
  );
}

/** Vertical bars, one per month, each with its value above it. */
export function MonthlyBarChart({ title, points, max, noDataText, testId }: ChartProps) {
  const top = Math.max(1, max ?? Math.max(0, ...points.map((p) => p.value ?? 0)));
  const innerW = W - PAD.left - PAD.right;
  const innerH = H - PAD.top - PAD.bottom;
  const slot = innerW / Math.max(1, points.length);
  const barW = slot * 0.64;
  return (
    <ChartFigure title={title} points={points} noDataText={noDataText} testId={testId}>
        <line x1={PAD.left} x2={W - PAD.right} y1={PAD.top + innerH} y2={PAD.top + innerH} stroke="#7b8784" strokeWidth="1" />
        {points.map((p, i) => {
          const h = p.value ? (p.value / top) * innerH : 0;
          const x = PAD.left + i * slot + (slot - barW) / 2;
          const y = PAD.top + innerH - h;
          return (
            <g key={p.longLabel}>
              <rect x={x} y={y} width={barW} height={h} fill="#0b5d57" />
              <text x={x + barW / 2} y={y - 6} textAnchor="middle" fontSize="13" fill="#1d2624">
                {p.value === null ? "" : p.display}
              </text>
              <MonthLabel x={x + barW / 2} label={p.label} />
            </g>
          );
        })}
    </ChartFigure>
  );
}

/** A line of shares (0–1) per month with a point and value at each month; gaps where there is no value. */
// The line chart keeps a left margin for its 0/50/100% axis labels, clear of the values it writes.
const LINE_LEFT = 40;

export function MonthlyLineChart({ title, points, noDataText, testId }: Omit<ChartProps, "max">) {
  const innerW = W - LINE_LEFT - PAD.right;
  const innerH = H - PAD.top - PAD.bottom;
  const slot = innerW / Math.max(1, points.length);
  const xy = (i: number, v: number) => [LINE_LEFT + i * slot + slot / 2, PAD.top + innerH - v * innerH] as const;
  // Consecutive months with a value form one segment; a month without a value breaks the line.
  const segments: string[] = [];
  let current: string[] = [];
  points.forEach((p, i) => {
    if (p.value === null) {
      if (current.length) segments.push(current.join(" "));
      current = [];
      return;
    }
    const [x, y] = xy(i, p.value);
    current.push(`${current.length ? "L" : "M"}${x.toFixed(1)},${y.toFixed(1)}`);
  });
  if (current.length) segments.push(current.join(" "));
  return (
    <ChartFigure title={title} points={points} noDataText={noDataText} testId={testId}>
        {[0, 0.5, 1].map((g) => (
          <g key={g}>
            <line x1={LINE_LEFT} x2={W - PAD.right} y1={xy(0, g)[1]} y2={xy(0, g)[1]} stroke="#d5dcda" strokeWidth="1" strokeDasharray={g === 0 ? undefined : "4 4"} />
            <text x={LINE_LEFT - 6} y={xy(0, g)[1] + 4} textAnchor="end" fontSize="11" fill="#4c5856">
              {`${g * 100}%`}
            </text>
          </g>
        ))}
        {segments.map((d, i) => (
          <path key={i} d={d} fill="none" stroke="#0b5d57" strokeWidth="2.5" />
        ))}
        {points.map((p, i) => {
          const [x, y] = xy(i, p.value ?? 0);
          return (
            <g key={p.longLabel}>
              {p.value === null ? null : (
                <>
                  <circle cx={x} cy={y} r="4" fill="#0b5d57" />
                  <text x={x} y={y - 8} textAnchor="middle" fontSize="12" fill="#1d2624">
                    {p.display}
                  </text>
                </>
              )}
              <MonthLabel x={x} label={p.label} />
            </g>
          );
        })}
    </ChartFigure>
  );
}
