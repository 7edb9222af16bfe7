import { Form, Link } from "@remix-run/react";
import { codeKey } from "~/i18n";
import { useLocale, useT } from "~/i18n/use-t";
import { formatDate, formatDateTime } from "~/lib/time";
import { QuantityChart, type ChartPoint } from "~/components/quantity-chart";
import { Photos } from "./checklist-item";
import type { ChecklistItem, FindingView } from "./types";

// A finding of a sidak: what was found, the directive and its follow-ups (with the quantity still
// outstanding), photos, and for the draft's inspector the edit and delete buttons.

export function FindingCard({
  finding,
  items,
  editing,
  inspectionId,
  submitted,
  now,
}: {
  finding: FindingView;
  items: ChecklistItem[];
  editing: boolean;
  inspectionId: number;
  submitted: boolean;
  now: string;
}) {
  const t = useT();
  const locale = useLocale();
  const item = finding.itemId ? items.find((i) => i.id === finding.itemId) : undefined;
  const tag = locale === "id" ? "id-ID" : "en-GB";
  return (
    <li data-testid={`finding-${finding.id}`} id={`finding-${finding.id}`}>
      <p style={{ margin: 0 }}>
        <strong>{t(codeKey("category", finding.category))}</strong>{" "}
        <span className={`badge ${finding.severity === "CRITICAL" || finding.severity === "HIGH" ? "danger" : "warn"}`}>{t(codeKey("severity", finding.severity))}</span>
      </p>
      {item ? <p className="hint">{t("inspections.findings.fromItem", { label: item.label })}</p> : null}
      {finding.description !== null ? (
        <p style={{ whiteSpace: "pre-line" }}>{finding.description}</p>
      ) : (
        <p className="hint">{t("inspections.finding.hiddenForUnit")}</p>
      )}
      {finding.quantity !== null ? (
        <p>
          {t("inspections.finding.quantity")}: <strong data-testid="finding-quantity">{finding.quantity.toLocaleString(tag)}</strong> {finding.quantityUnit ?? ""}
          {finding.oldestDate ? ` · ${t("inspections.finding.oldestDate")}: ${formatDate(finding.oldestDate, locale)}` : ""}
        </p>
      ) : finding.oldestDate ? (
        <p>
          {t("inspections.finding.oldestDate")}: {formatDate(finding.oldestDate, locale)}
        </p>
      ) : null}
      {finding.directive ? (
        <div className="notice" style={{ margin: "0.5rem 0" }}>
          <strong>{t("inspections.finding.directive")}:</strong> <span style={{ whiteSpace: "pre-line" }}>{finding.directive}</span>
          {!submitted || finding.followUps.length === 0 ? (
            <div className="hint">
              {t("common.deadline")}: {finding.directiveDueAt ? formatDateTime(finding.directiveDueAt, locale) : t("inspections.finding.deadlineAuto")}
            </div>
          ) : null}
        </div>
      ) : null}
      {finding.followUps.map((f) => {
        const overdue = f.state !== "DONE" && new Date(f.dueAt).getTime() < new Date(now).getTime();
        return (
          <p key={f.id} data-testid="finding-followup">
            {t("inspections.finding.followUp")}: <Link to={`/follow-ups/${f.id}`}>#{f.id}</Link>{" "}
            <span className={`badge ${overdue ? "overdue" : f.state === "DONE" ? "done" : f.state === "ANSWERED" ? "answered" : "open"}`}>
              {overdue ? t("state.OVERDUE") : t(codeKey("state", f.state))}
            </span>{" "}
            <span className="muted">{t("inspections.finding.followUpDue", { date: formatDateTime(f.dueAt, locale) })}</span>
            {f.outstandingQuantity !== null && f.quantity !== null ? (
              <span className="muted"> · {t("inspections.finding.outstanding", { n: f.outstandingQuantity.toLocaleString(tag) })}</span>
            ) : null}
          </p>
        );
      })}
      {submitted && finding.history.length ? <QuantityChart points={finding.history as ChartPoint[]} unit={finding.quantityUnit} /> : null}
      <Photos photos={finding.attachments} label={t(codeKey("category", finding.category))} />
      {editing ? (
        <div className="actions no-print">
          <Link to={`?edit=${finding.id}#finding-form`} className="button secondary">
            {t("inspections.findings.edit")}
          </Link>
          <Form method="post" action={`/inspections/${inspectionId}`} className="inline-form">
            <input type="hidden" name="intent" value="finding-delete" />
            <input type="hidden" name="findingId" value={finding.id} />
            <button type="submit" className="danger">
              {t("inspections.findings.delete")}
            </button>
          </Form>
        </div>
      ) : null}
    </li>
  );
}
