import type { ReactNode } from "react";
import { codeKey } from "~/i18n";
import { useLocale, useT } from "~/i18n/use-t";
import { formatDateTime } from "~/lib/time";
import { StatusBadge } from "~/components/complaint-bits";

// A complaint's history and its unit's answers, as the public page, the reporter's tracking page and
// the inspector's triage page show them. Each page's loader decides what its reader may see (public
// events only; the reporter's; everything for staff); these components show what they are given.

type Photo = { id: number };

export type HistoryEvent = {
  id: number;
  kind: string;
  statusTo: string | null;
  createdAt: string;
  body?: string | null;
  fromReporter?: boolean;
  /** Staff only: who wrote it. */
  author?: { name: string } | null;
  attachments?: Photo[];
};

/** The events of a complaint, oldest first; `photoUrl` is where this reader fetches a photo. */
export function ComplaintHistory({ events, complaintRef, photoUrl }: { events: HistoryEvent[]; complaintRef: string; photoUrl: (id: number) => string }) {
  const t = useT();
  const locale = useLocale();
  return (
    <section className="card">
      <h2>{t("complaints.track.history")}</h2>
      <ol className="list" data-testid="history">
        {events.map((e) => (
          <li key={e.id}>
            <strong>{t(codeKey("complaints.event", e.kind))}</strong>
            {e.statusTo && e.kind === "STATUS" ? (
              <>
                {" "}
                → <StatusBadge status={e.statusTo} />
              </>
            ) : null}
            <div className="muted">
              {formatDateTime(e.createdAt, locale)}
              {e.author ? ` · ${e.author.name}` : ""}
            </div>
            {e.body ? <p style={{ whiteSpace: "pre-wrap" }}>{e.body}</p> : null}
            {(e.attachments ?? []).map((a, i) => (
              <img
                key={a.id}
                src={photoUrl(a.id)}
                alt={t(e.fromReporter ? "complaints.detail.reporterPhotoAlt" : "complaints.detail.staffPhotoAlt", { n: i + 1, ref: complaintRef, date: formatDateTime(e.createdAt, locale) })}
                loading="lazy"
                style={{ maxWidth: "100%" }}
              />
            ))}
          </li>
        ))}
      </ol>
    </section>
  );
}

export type ComplaintAnswer = { id: number; body: string; createdAt: string; attachments: Photo[] };

/** The unit's answers to the complaint, as the public and the reporter read them. */
export function ComplaintAnswers({ answers, photoUrl, children }: { answers: ComplaintAnswer[]; photoUrl: (id: number) => string; children?: ReactNode }) {
  const t = useT();
  const locale = useLocale();
  return (
    <section className="card">
      <h2>{t("complaints.track.answers")}</h2>
      {children}
      {answers.length === 0 ? <p>{t("complaints.track.noAnswers")}</p> : null}
      <ul className="list">
        {answers.map((r) => (
          <li key={r.id}>
            <div className="muted">{formatDateTime(r.createdAt, locale)}</div>
            <p style={{ whiteSpace: "pre-wrap" }}>{r.body}</p>
            {r.attachments.map((a, i) => (
              <img key={a.id} src={photoUrl(a.id)} alt={t("complaints.detail.answerPhotoAlt", { n: i + 1, date: formatDateTime(r.createdAt, locale) })} loading="lazy" style={{ maxWidth: "100%" }} />
            ))}
          </li>
        ))}
      </ul>
    </section>
  );
}
