import { useLocale, useT } from "~/i18n/use-t";
import { formatDateTime } from "~/lib/time";
import { codeKey } from "~/i18n";

// The history of a complaint, finding or follow-up from the audit trail. Feed it `loadTimeline(type, id)`
// from app/lib/timeline.server.ts (serialised by the loader: dates arrive as ISO strings).

export type TimelineItem = {
  id: number;
  at: string;
  action: string;
  actorKind: string;
  actorName: string | null;
  state: string | null;
  dueAt: string | null;
  reason: string | null;
};

export function Timeline({ events, title }: { events: TimelineItem[]; title?: string }) {
  const t = useT();
  const locale = useLocale();
  const label = (action: string) => {
    const key = codeKey("audit", action);
    const text = t(key);
    // Actions of other capabilities without a label yet read as their code, never as nothing.
    return text === key ? action : text;
  };
  const actor = (e: TimelineItem) =>
    e.actorName ?? (e.actorKind === "SYSTEM" ? t("timeline.system") : e.actorKind === "REPORTER" ? t("timeline.reporter") : e.actorKind === "API" ? t("timeline.api") : "—");
  return (
    <section className="card" aria-labelledby="timeline-title" data-testid="timeline">
      <h2 id="timeline-title">{title ?? t("timeline.title")}</h2>
      {events.length === 0 ? <p>{t("timeline.empty")}</p> : null}
      <ol className="list timeline">
        {events.map((e) => (
          <li key={e.id} data-action={e.action}>
            <strong>{label(e.action)}</strong>
            <div className="muted">
              <time dateTime={e.at}>{formatDateTime(e.at, locale)}</time> · {actor(e)}
            </div>
            {e.dueAt ? (
              <div>
                {t("common.deadline")}: {formatDateTime(e.dueAt, locale)}
              </div>
            ) : null}
            {e.reason ? <p className="timeline-note">{e.reason}</p> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}
