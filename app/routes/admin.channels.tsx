import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/lib/permissions.server";
import { channelHealth } from "~/lib/channels/health.server";
import { useLocale, useT } from "~/i18n/use-t";
import { formatDateTime } from "~/lib/time";
import { pageTitle } from "~/i18n/meta";
import { codeKey } from "~/i18n";
import { complaints as complaintsMessages } from "~/i18n/messages/complaints";
import type { MessagesHandle } from "~/i18n";

// The messages of its capabilities load with this page, not in every page's bundle (docs/decisions/0027).
export const handle: MessagesHandle = { messages: [complaintsMessages] };

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "pageTitle.channels") }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "outbox:read");
  return json({ channels: await channelHealth() });
}

export default function AdminChannels() {
  const { channels } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const when = (d: string | null) => (d ? formatDateTime(d, locale) : t("channels.never"));
  return (
    <div data-testid="admin-channels">
      <h1>{t("channels.title")}</h1>
      <p className="hint">{t("channels.intro")}</p>
      <ul className="list">
        {channels.map((c) => (
          <li key={c.channel} className="card" data-testid={`channel-${c.channel}`}>
            <h2>{t(codeKey("channels.name", c.channel))}</h2>
            <p>
              <span className={c.configured ? "badge done" : "badge open"}>{c.configured ? t("channels.on") : t("channels.off")}</span>
            </p>
            <dl>
              <dt>{t("channels.lastIn")}</dt>
              <dd>{when(c.lastInboundAt)}</dd>
              <dt>{t("channels.lastOut")}</dt>
              <dd>{c.channel === "EMAIL" ? t("channels.viaOutbox") : when(c.lastOutboundAt)}</dd>
            </dl>
            <p>{t("channels.queue", { inbound: c.queuedInbound, outbound: c.queuedOutbound })}</p>
            <p className={c.failedInbound + c.failedOutbound ? "error" : "muted"}>{t("channels.failures", { inbound: c.failedInbound, outbound: c.failedOutbound })}</p>
            <p className="muted">{t("channels.complaints", { n: c.complaints })}</p>
            {c.lastError ? (
              <details>
                <summary>{t("channels.lastError")}</summary>
                <pre style={{ whiteSpace: "pre-wrap" }}>{c.lastError}</pre>
              </details>
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
