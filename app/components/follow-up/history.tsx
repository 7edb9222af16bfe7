import { codeKey } from "~/i18n";
import { useLocale, useT } from "~/i18n/use-t";
import { formatDateTime } from "~/lib/time";
import type { FollowUpView } from "./types";

// What happened so far: the unit's answers with their verdicts, and the requests for more time.

export function Responses({ f }: { f: FollowUpView }) {
  const t = useT();
  const locale = useLocale();
  if (f.responses.length === 0) return null;
  return (
    <section className="card" aria-labelledby="responses-title">
      <h2 id="responses-title">{t("fu.responses")}</h2>
      <ol className="list" data-testid="responses">
        {f.responses.map((r) => (
          <li key={r.id} data-verdict={r.verdict}>
            <div className="muted">
              {r.author.name} · {formatDateTime(r.createdAt, locale)}
            </div>
            <p style={{ whiteSpace: "pre-wrap" }}>{r.body}</p>
            {f.answerNeedsRelease ? (
              r.releasedAt ? (
                <div className="notice" data-testid="released-text">
                  <strong>{t("fu.release.released", { date: formatDateTime(r.releasedAt, locale) })}</strong>
                  {r.reporterBody !== r.body ? <p style={{ whiteSpace: "pre-wrap" }}>{r.reporterBody}</p> : <p>{t("fu.release.unchanged")}</p>}
                </div>
              ) : (
                <p className="muted" data-testid="not-released">{t("fu.release.held")}</p>
              )
            ) : null}
            {r.outstandingQuantity !== null ? (
              <p>
                {t("fu.outstanding")}: {r.outstandingQuantity}
              </p>
            ) : null}
            {r.attachments.length ? (
              <div className="actions">
                {r.attachments.map((a) => (
                  <a key={a.id} href={`/attachments/${a.id}`}>
                    <img src={`/attachments/${a.id}`} alt={t("fu.evidencePhoto")} width={120} height={Math.round((120 * a.height) / Math.max(1, a.width))} loading="lazy" />
                  </a>
                ))}
              </div>
            ) : null}
            <p>
              <span className={`badge ${r.verdict === "ACCEPTED" ? "done" : r.verdict === "REJECTED" ? "overdue" : "answered"}`}>
                {t(codeKey("fu.verdict", r.verdict))}
              </span>
              {r.verdictReason ? ` ${r.verdictReason}` : ""}
              {r.verdictBy && r.verdictAt ? <span className="muted"> · {r.verdictBy.name}, {formatDateTime(r.verdictAt, locale)}</span> : null}
            </p>
          </li>
        ))}
      </ol>
    </section>
  );
}

export function Extensions({ f }: { f: FollowUpView }) {
  const t = useT();
  const locale = useLocale();
  if (f.extensions.length === 0) return null;
  return (
    <section className="card" aria-labelledby="ext-title">
      <h2 id="ext-title">{t("fu.extensions")}</h2>
      <ol className="list" data-testid="extensions">
        {f.extensions.map((e) => (
          <li key={e.id} data-state={e.state}>
            <div>
              {formatDateTime(e.previousDueAt, locale)} → {formatDateTime(e.proposedDueAt, locale)}{" "}
              <span className="badge">{t(codeKey("fu.extState", e.state))}</span>
            </div>
            <p>{e.reason}</p>
            {e.decisionNote ? <p className="muted">{e.decisionNote}</p> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}
