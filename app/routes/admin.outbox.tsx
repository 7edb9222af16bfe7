import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Pagination } from "~/components/pagination";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/lib/permissions.server";
import { listOutbox } from "~/lib/notify.server";
import { useLocale, useT } from "~/i18n/use-t";
import { formatDateTime } from "~/lib/time";
import { pageParam } from "~/lib/http.server";
import { pageTitle } from "~/i18n/meta";
import { followups as followupsMessages } from "~/i18n/messages/followups";
import type { MessagesHandle } from "~/i18n";

// The messages of its capabilities load with this page, not in every page's bundle (docs/decisions/0027).
export const handle: MessagesHandle = { messages: [followupsMessages] };

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "pageTitle.outbox") }];

const FILTERS = ["all", "pending", "failed", "sent"] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "outbox:read");
  const q = new URL(request.url).searchParams;
  const filter = FILTERS.find((f) => f === q.get("filter")) ?? "all";
  const page = pageParam(q);
  return json({ filter, smtp: Boolean(process.env.SMTP_URL), ...(await listOutbox(page, filter)) });
}

export default function AdminOutbox() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <div data-testid="admin-outbox">
      <h1>{t("fu.outbox.title")}</h1>
      <p className="hint">{data.smtp ? t("fu.outbox.smtpOn") : t("fu.outbox.smtpOff")}</p>
      <nav className="actions" aria-label={t("common.filter")}>
        {FILTERS.map((f) => (
          <Link key={f} to={`?filter=${f}`} className={f === data.filter ? "button" : "button secondary"} aria-current={f === data.filter ? "page" : undefined}>
            {t(`fu.outbox.${f}`)}
          </Link>
        ))}
      </nav>
      <p className="muted">{t("fu.outbox.total", { n: data.total })}</p>
      <ul className="list" data-testid="outbox-list">
        {data.rows.map((n) => (
          <li key={n.id} className="card">
            <strong>{n.subject}</strong>
            <div className="muted">
              {t("fu.outbox.to")} {n.toEmail} · {formatDateTime(n.createdAt, locale)} ·{" "}
              {n.sentAt ? (
                <span className="badge done">
                  {t("fu.outbox.sentAt")} {formatDateTime(n.sentAt, locale)}
                </span>
              ) : (
                <span className="badge open">{t("fu.outbox.pending")}</span>
              )}
              {n.attempts ? ` · ${t("fu.outbox.attempts", { n: n.attempts })}` : ""}
            </div>
            {n.lastError ? <p className="error">{n.lastError}</p> : null}
            <details>
              <summary>{t("fu.outbox.body")}</summary>
              <pre style={{ whiteSpace: "pre-wrap" }}>{n.body}</pre>
              {n.link ? <p>{n.link}</p> : null}
            </details>
          </li>
        ))}
      </ul>
      <Pagination page={data.page} pages={data.pages} href={(n) => `?filter=${data.filter}&page=${n}`} />
    </div>
  );
}
