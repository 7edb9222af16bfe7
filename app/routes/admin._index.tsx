import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { requirePermission } from "~/lib/permissions.server";
import type { MessageKey } from "~/i18n";
import { useT } from "~/i18n/use-t";
import { pageTitle } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "pageTitle.admin") }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "admin:manage");
  return json({});
}

// Plain links: each page belongs to its own capability and checks the permission itself.
const SECTIONS: Array<{ to: string; label: MessageKey }> = [
  { to: "/admin/units", label: "admin.units" },
  { to: "/admin/users", label: "admin.users" },
  { to: "/admin/checklists", label: "admin.checklists" },
  { to: "/admin/deadline-rules", label: "admin.deadlineRules" },
  { to: "/admin/holidays", label: "admin.holidays" },
  { to: "/admin/outbox", label: "admin.outbox" },
  { to: "/admin/channels", label: "admin.channels" },
  { to: "/admin/api-keys", label: "admin.apiKeys" },
];

export default function AdminIndex() {
  const t = useT();
  return (
    <section data-testid="admin-index">
      <h1>{t("home.admin.title")}</h1>
      <p className="muted">{t("admin.intro")}</p>
      <ul className="list card">
        {SECTIONS.map((s) => (
          <li key={s.to}>
            <Link to={s.to}>{t(s.label)}</Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
