import { Link } from "@remix-run/react";
import { codeKey } from "~/i18n";
import { useLocale, useT } from "~/i18n/use-t";
import { formatDate, formatDateTime } from "~/lib/time";
import type { FollowUpView } from "./types";

// The top card of a follow-up: state, unit, deadlines, the instruction and where it came from.

export function FollowUpSummary({ f }: { f: FollowUpView }) {
  const t = useT();
  const locale = useLocale();
  return (
    <section className="card">
      <p>
        <span className={`badge ${f.state.toLowerCase()}`} data-testid="state">
          {t(codeKey("state", f.state))}
        </span>{" "}
        {f.overdue ? <span className="badge overdue">{t("state.OVERDUE")}</span> : null}{" "}
        {f.escalationLevel > 0 ? <span className="badge overdue">{t("fu.escalationLevel", { level: f.escalationLevel })}</span> : null}
      </p>
      <dl>
        <dt>{t("common.unit")}</dt>
        <dd>{f.unit.name}</dd>
        <dt>{t("common.category")}</dt>
        <dd>
          {t(codeKey("category", f.category))} · {t(codeKey("severity", f.severity))}
        </dd>
        <dt>{t("common.deadline")}</dt>
        <dd data-testid="due-at">
          {formatDateTime(f.dueAt, locale)}
          {f.originalDueAt !== f.dueAt ? (
            <span className="muted">
              {" "}
              ({t("fu.originalDue")}: {formatDateTime(f.originalDueAt, locale)})
            </span>
          ) : null}
        </dd>
        <dt>{t("fu.ackDue")}</dt>
        <dd>
          {formatDateTime(f.ackDueAt, locale)}
          {f.acknowledgedAt ? ` · ${t("fu.acknowledged")} ${formatDateTime(f.acknowledgedAt, locale)}` : ""}
        </dd>
        {f.quantity !== null ? (
          <>
            <dt>{t("fu.outstanding")}</dt>
            <dd>
              {f.outstandingQuantity ?? f.quantity} / {f.quantity}
              {f.finding?.quantityUnit ? ` ${f.finding.quantityUnit}` : ""}
            </dd>
          </>
        ) : null}
      </dl>
      <h2>{t("fu.instruction")}</h2>
      <p style={{ whiteSpace: "pre-wrap" }} data-testid="instruction">
        {f.instruction}
      </p>
      <Source f={f} />
    </section>
  );
}

function Source({ f }: { f: FollowUpView }) {
  const t = useT();
  const locale = useLocale();
  if (f.complaint) {
    return (
      <div data-testid="source-complaint">
        <h2>{t("fu.sourceComplaint")}</h2>
        <p className="muted">
          {f.complaint.ref} · {t(codeKey("privacy", f.complaint.privacy))} · {formatDate(f.complaint.filedOn, locale)}
        </p>
        {f.complaint.textHidden ? (
          <p className="notice">{t("fu.complaintHidden")}</p>
        ) : (
          <p style={{ whiteSpace: "pre-wrap" }}>{f.complaint.text}</p>
        )}
      </div>
    );
  }
  if (f.finding) {
    return (
      <div data-testid="source-finding">
        <h2>{t("fu.sourceFinding")}</h2>
        <p className="muted">
          {t("fu.inspectionOf")} {formatDate(f.finding.inspection.startedAt, locale)} ·{" "}
          <Link to={`/inspections/${f.finding.inspection.id}`}>{t("common.view")}</Link>
        </p>
        {f.finding.detailHidden ? (
          <p className="notice" data-testid="finding-hidden">{t("fu.findingHidden")}</p>
        ) : (
          <p style={{ whiteSpace: "pre-wrap" }}>{f.finding.description}</p>
        )}
        {f.finding.oldestDate ? (
          <p className="muted">
            {t("fu.oldestDate")}: {formatDate(f.finding.oldestDate, locale)}
          </p>
        ) : null}
      </div>
    );
  }
  return null;
}
