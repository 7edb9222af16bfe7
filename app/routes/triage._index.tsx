import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { COMPLAINT_STATUSES } from "~/lib/codes";
import { requirePermission } from "~/lib/permissions.server";
import { listTriageQueue } from "~/models/complaint/queries.server";
import { useLocale, useT } from "~/i18n/use-t";
import { formatDateTime } from "~/lib/time";
import { StatusBadge } from "~/components/complaint-bits";
import { pageParam } from "~/lib/http.server";
import { Pagination } from "~/components/pagination";
import { pageTitle } from "~/i18n/meta";
import { codeKey } from "~/i18n";
import { complaints as complaintsMessages } from "~/i18n/messages/complaints";
import type { MessagesHandle } from "~/i18n";
import { useListLinks } from "~/components/list-links";

// The messages of its capabilities load with this page, not in every page's bundle (docs/decisions/0027).
export const handle: MessagesHandle = { messages: [complaintsMessages] };

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "pageTitle.triage") }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "complaint:moderate");
  const url = new URL(request.url);
  const queue = await listTriageQueue(user, { status: url.searchParams.get("status") ?? "NEW", page: pageParam(url.searchParams) });
  return json({ queue });
}

export default function Triage() {
  const t = useT();
  const listLinks = useListLinks();
  const locale = useLocale();
  const { queue } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("triage.title")}</h1>
      <nav className="actions" aria-label={t("complaints.list.status")}>
        {COMPLAINT_STATUSES.map((s) => (
          <Link key={s} to={`?status=${s}`} aria-current={queue.status === s ? "page" : undefined} className={queue.status === s ? "button" : "button secondary"}>
            {t(codeKey("status", s))}
          </Link>
        ))}
      </nav>
      <p className="muted">{t("complaints.list.total", { n: queue.total })}</p>
      {queue.complaints.length === 0 ? <p>{t("triage.empty")}</p> : null}
      {/* One text node per line (template strings): React would put a comment between adjacent ones. */}
      <ul className="list" data-testid="triage-list" onClick={listLinks}>
        {queue.complaints.map((c) => (
          <li key={c.id} className="card" data-id={c.id}>
            <a href={`/triage/${c.id}`}>
              <strong>{c.ref}</strong>
            </a>{" "}
            <StatusBadge status={c.status} /> <span className="badge">{t(codeKey("privacy", c.privacy))}</span>
            <div className="muted">
              {`${c.unit.name} · ${t(codeKey("category", c.category))} · ${formatDateTime(c.createdAt, locale)}${
                c._count.attachments ? ` · ${t("triage.photos", { n: c._count.attachments })}` : ""
              }${c.meTooCount ? ` · ${t("triage.meToo", { n: c.meTooCount })}` : ""}`}
            </div>
            <p>{c.summary}</p>
          </li>
        ))}
      </ul>
      <Pagination page={queue.page} pages={queue.pages} href={(page) => `?status=${queue.status}&page=${page}`} />
    </>
  );
}
