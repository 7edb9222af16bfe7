import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Pagination } from "~/components/pagination";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/lib/auth.server";
import { listInApp, markRead } from "~/lib/notify.server";
import { useLocale, useT } from "~/i18n/use-t";
import { formatDateTime } from "~/lib/time";
import { readCleanForm } from "~/lib/text";
import { pageParam } from "~/lib/http.server";
import { pageTitle } from "~/i18n/meta";
import { followups as followupsMessages } from "~/i18n/messages/followups";
import type { MessagesHandle } from "~/i18n";

// The messages of its capabilities load with this page, not in every page's bundle (docs/decisions/0027).
export const handle: MessagesHandle = { messages: [followupsMessages] };

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "pageTitle.notifications") }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const page = pageParam(new URL(request.url).searchParams);
  return json(await listInApp(user.id, page));
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await readCleanForm(request);
  const raw = String(form.get("id") ?? "");
  // Only the user's own rows are touched (userId in the where), so a foreign id changes nothing.
  await markRead(user.id, /^\d{1,9}$/.test(raw) ? Number(raw) : undefined);
  return redirect("/notifications", 303);
}

export default function Notifications() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <div data-testid="notifications">
      <h1>{t("fu.notifications.title")}</h1>
      <p className="muted">{t("fu.notifications.unread", { n: data.unread })}</p>
      {data.unread > 0 ? (
        <Form method="post">
          <button type="submit" className="secondary">
            {t("fu.notifications.markAll")}
          </button>
        </Form>
      ) : null}
      {data.rows.length === 0 ? <p>{t("home.none")}</p> : null}
      <ul className="list">
        {data.rows.map((n) => (
          <li key={n.id} className="card" data-read={n.readAt ? "1" : "0"}>
            <strong>{n.readAt ? n.subject : `● ${n.subject}`}</strong>
            <div className="muted">{formatDateTime(n.createdAt, locale)}</div>
            <p style={{ whiteSpace: "pre-wrap" }}>{n.body}</p>
            <div className="actions">
              {n.link ? <Link to={n.link}>{t("common.view")}</Link> : null}
              {!n.readAt ? (
                <Form method="post">
                  <input type="hidden" name="id" value={n.id} />
                  <button type="submit" className="link-button">
                    {t("fu.notifications.markRead")}
                  </button>
                </Form>
              ) : null}
            </div>
          </li>
        ))}
      </ul>
      <Pagination page={data.page} pages={data.pages} href={(n) => `?page=${n}`} />
    </div>
  );
}
