import type { MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { useT } from "~/i18n/use-t";
import { pageTitle } from "~/i18n/meta";
import { offline as offlineMessages } from "~/i18n/messages/offline";
import type { MessagesHandle } from "~/i18n";

// The messages of its capabilities load with this page, not in every page's bundle (docs/decisions/0027).
export const handle: MessagesHandle = { messages: [offlineMessages] };

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "pageTitle.offline") }, { name: "robots", content: "noindex" }];

// Shown by the service worker (app/lib/service-worker.server.ts) when a page cannot be loaded and no
// copy of it is kept: it says what works without a connection and what waits to be sent.
export default function OfflinePage() {
  const t = useT();
  return (
    <section className="card" data-testid="offline-page">
      <h1>{t("offline.page.title")}</h1>
      <p>{t("offline.page.lead")}</p>
      <ul>
        <li>{t("offline.page.kept")}</li>
        <li>{t("offline.page.queued")}</li>
        <li>{t("offline.page.notKept")}</li>
      </ul>
      <p className="actions">
        <Link to="/complaints/new" reloadDocument className="button">
          {t("offline.page.newComplaint")}
        </Link>
      </p>
    </section>
  );
}
