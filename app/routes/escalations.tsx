import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { Pagination } from "~/components/pagination";
import { pageParam } from "~/lib/http.server";
import { requirePermission } from "~/lib/permissions.server";
import { listEscalations } from "~/models/follow-up/escalation.server";
import { useLocale, useT } from "~/i18n/use-t";
import { formatDateTime } from "~/lib/time";
import { pageTitle } from "~/i18n/meta";
import { codeKey } from "~/i18n";
import { followups as followupsMessages } from "~/i18n/messages/followups";
import type { MessagesHandle } from "~/i18n";
import { useListLinks } from "~/components/list-links";

// The messages of its capabilities load with this page, not in every page's bundle (docs/decisions/0027).
export const handle: MessagesHandle = { messages: [followupsMessages] };

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "pageTitle.escalations") }];

export async function loader({ request }: LoaderFunctionArgs) {
  // Unit heads see their own overdue work in /follow-ups; the escalation list is the inspectors' view.
  const user = await requirePermission(request, "escalation:read");
  const q = new URL(request.url).searchParams;
  const level = ["1", "2", "3"].includes(q.get("level") ?? "") ? Number(q.get("level")) : undefined;
  return json({ level, ...(await listEscalations(user, { level, includeClosed: q.get("closed") === "1", page: pageParam(q) })) });
}

export default function Escalations() {
  const { level, items, page, pages } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const pageLink = (n: number) => {
    const next = new URLSearchParams(params);
    next.set("page", String(n));
    return `?${next.toString()}`;
  };
  const t = useT();
  const listLinks = useListLinks();
  const locale = useLocale();
  return (
    <div data-testid="escalations">
      <h1>{t("fu.escalations.title")}</h1>
      <p className="hint">{t("fu.escalations.hint")}</p>
      <nav className="actions" aria-label={t("common.filter")}>
        <Link to="?" className={!level ? "button" : "button secondary"}>
          {t("common.all")}
        </Link>
        {[1, 2, 3].map((l) => (
          <Link key={l} to={`?level=${l}`} className={level === l ? "button" : "button secondary"}>
            {t("fu.escalationLevel", { level: l })}
          </Link>
        ))}
      </nav>
      {items.length === 0 ? <p>{t("home.none")}</p> : null}
      {/* One text node per line (template strings): React would put a comment between adjacent ones. */}
      <ul className="list" data-testid="escalation-list" onClick={listLinks}>
        {items.map((f) => (
          <li key={f.id} className="card" data-id={f.id} data-level={f.escalationLevel}>
            <a href={`/follow-ups/${f.id}`}>{`#${f.id} · ${f.instruction}`}</a>
            <div className="muted">
              {`${f.unit.name} · ${t(codeKey("category", f.category))} · ${t("common.deadline")} ${formatDateTime(f.dueAt, locale)}`}
            </div>
            <div>
              <span className="badge overdue">{t("fu.escalationLevel", { level: f.escalationLevel })}</span>{" "}
              <span className={`badge ${f.state.toLowerCase()}`}>{t(codeKey("state", f.state))}</span>
              {f.escalations.length ? (
                <span className="muted">{f.escalations.map((e) => ` · ${t("fu.escalations.at", { level: e.level })} ${formatDateTime(e.createdAt, locale)}`).join("")}</span>
              ) : null}
            </div>
          </li>
        ))}
      </ul>
      <Pagination page={page} pages={pages} href={pageLink} />
    </div>
  );
}
