import { useNavigation } from "@remix-run/react";
import { useState, type ReactNode } from "react";
import { codeKey } from "~/i18n";
import { useT } from "~/i18n/use-t";
import { IdempotencyKeyField } from "~/components/idempotency-key-field";
import { ConfirmForm } from "~/components/confirm-form";
import { useQueuedSubmit } from "~/components/queued-submit";
import type { FormReply } from "~/lib/form-reply";
import { sidakActionUrl } from "./checklist-item";
import { firstError } from "./reply";
import type { SectionProgress, SidakProgress } from "~/models/inspection/progress";

// A sidak being filled in on a phone (issue 21). Everything here is plain links, <details> and forms, so
// it works without JavaScript; the figures come from the server (SidakProgress in the loader data), which
// Remix reloads after every saved answer, so they follow what is stored, not what was clicked.

/** The sticky bar: answered / total, the jumps (next unanswered, findings, review), and the sections. */
export function SidakProgressBar({ progress }: { progress: SidakProgress }) {
  const t = useT();
  if (progress.total === 0) return null;
  const completeSections = progress.sections.filter((s) => s.complete).length;
  return (
    <nav className="sidak-progress no-print" aria-label={t("phone.progressTitle")} data-testid="sidak-progress">
      <div className="sidak-progress-row">
        <strong role="status" data-testid="sidak-progress-count">
          {t("phone.progress", { done: progress.answered, total: progress.total })}
        </strong>
        <progress max={progress.total} value={progress.answered} aria-hidden="true" />
        <details className="sidak-progress-sections" data-testid="sidak-progress-sections">
          <summary>{t("phone.sections", { done: completeSections, total: progress.sections.length })}</summary>
          <ul>
            {progress.sections.map((s) => (
              <li key={s.anchor} className={s.complete ? "complete" : undefined}>
                <a href={`#${s.anchor}`}>{t("phone.sectionProgress", { section: s.name, done: s.answered, total: s.total })}</a>
              </li>
            ))}
          </ul>
        </details>
      </div>
      <div className="sidak-progress-row sidak-progress-jumps">
        {progress.nextUnansweredId !== null ? (
          <a href={`#item-${progress.nextUnansweredId}`} data-testid="next-unanswered">
            {t("phone.nextUnanswered")}
          </a>
        ) : (
          <span data-testid="all-answered">{t("phone.allAnswered")}</span>
        )}
        <a href="#findings" data-testid="to-findings">
          {t("phone.toFindingsCount", { n: progress.findings })}
        </a>
        <a href="#review" data-testid="to-review">
          {t("phone.toReview")}
        </a>
      </div>
    </nav>
  );
}

/**
 * One checklist section. While the sidak is being filled in it folds once every item has an answer
 * (as the page is loaded or after a post without JavaScript); with JavaScript a section completed in
 * front of the inspector stays open until the next load, so the "saved" note and the finding link
 * of its last item do not vanish under the thumb.
 */
export function ChecklistSection({ section, collapsible, score, children }: { section: SectionProgress; collapsible: boolean; score: string; children: ReactNode }) {
  const t = useT();
  const [openAtLoad] = useState(!section.complete);
  const title = (
    <>
      {section.name} <span className="muted">· {t("phone.sectionCount", { done: section.answered, total: section.total })} · {score}</span>
    </>
  );
  if (!collapsible) {
    return (
      <div className="checklist-section" id={section.anchor}>
        <h3>{title}</h3>
        {children}
      </div>
    );
  }
  return (
    <details className="checklist-section" id={section.anchor} open={openAtLoad} data-complete={section.complete ? "" : undefined}>
      <summary>
        <h3>
          {title}
          {section.complete ? <span className="badge ok">{t("phone.sectionDone")}</span> : null}
        </h3>
      </summary>
      {children}
    </details>
  );
}

/**
 * The end of a draft: what is still open (unanswered items, findings without a directive), then submit.
 * With JavaScript, the submission (once confirmed) goes through the browser's send queue after the
 * answers and findings kept before it; without a signal it waits there and is sent when it returns.
 */
export function SidakReview({ progress, inspectionId, unitName }: { progress: SidakProgress; inspectionId: number; unitName: string }) {
  const t = useT();
  const queue = useQueuedSubmit<FormReply>({
    kind: "sidak-submit",
    url: sidakActionUrl(inspectionId),
    intent: "submit",
    summary: () => t("offline.queue.sidakSubmitSummary", { unit: unitName }),
  });
  const busy = useNavigation().state === "submitting" || queue.sending;
  const refusal = queue.refusal ? firstError(queue.refusal) : undefined;
  return (
    <section className="card no-print sidak-review" aria-labelledby="review-title" id="review" data-testid="sidak-review">
      <h2 id="review-title">{t("phone.review.title")}</h2>
      {progress.unanswered.length ? (
        <>
          <h3>{t("phone.review.unanswered", { n: progress.unanswered.length })}</h3>
          <ul className="review-list" data-testid="review-unanswered">
            {progress.unanswered.map((item) => (
              <li key={item.id}>
                <a href={`#item-${item.id}`}>{item.label}</a> <span className="muted">· {item.section}</span>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p data-testid="review-all-answered">{t("phone.review.allAnswered")}</p>
      )}
      {progress.findingsWithoutDirective.length ? (
        <>
          <h3>{t("phone.review.noDirective", { n: progress.findingsWithoutDirective.length })}</h3>
          <p className="hint">{t("phone.review.noDirectiveHint")}</p>
          <ul className="review-list" data-testid="review-no-directive">
            {progress.findingsWithoutDirective.map((f) => (
              <li key={f.id}>
                <a href={`#finding-${f.id}`}>
                  {t(codeKey("category", f.category))} · {t(codeKey("severity", f.severity))}
                </a>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h3 id="submit-title">{t("inspections.submit.title")}</h3>
      <p>{t("inspections.submit.lead")}</p>
      <p className="hint">{t("inspections.submit.directives", { n: progress.directives })}</p>
      {/* Both cannot be undone (a submitted sidak is only amended; a deleted draft is gone): asked once. */}
      <ConfirmForm method="post" testId="submit-form" question={t("inspections.submit.confirm")} onConfirmed={queue.onSubmit}>
        <IdempotencyKeyField />
        {queue.queued ? (
          <p className="notice" role="status" data-testid="submit-queued">
            {t("offline.queue.sidakSubmitQueued")}
          </p>
        ) : null}
        {refusal ? (
          <p className="alert" role="alert" data-testid="submit-refused">
            {t(refusal, queue.refusal?.vars)}
          </p>
        ) : null}
        <div className="actions">
          {/* The intent travels with the button, so a browser without JavaScript posts it too. */}
          <button type="submit" name="intent" value="submit" className="primary" disabled={busy} data-testid="submit-inspection">
            {t("inspections.submit.button")}
          </button>
        </div>
      </ConfirmForm>
      <ConfirmForm method="post" testId="discard-form" question={t("inspections.discard.confirm")}>
        <input type="hidden" name="intent" value="discard" />
        <div className="actions">
          <button type="submit" className="danger" data-testid="discard-inspection">
            {t("inspections.discard")}
          </button>
        </div>
      </ConfirmForm>
    </section>
  );
}
