import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { AdminListPage, StateBadge } from "~/components/admin/admin-page";
import { FilterForm } from "~/components/filters/filter-form";
import { codeChoices, FilterSelect, SearchFilter } from "~/components/filters/filter-fields";
import { requirePermission } from "~/lib/permissions.server";
import { ROLES } from "~/lib/codes";
import { listUsers } from "~/models/user.server";
import { useT } from "~/i18n/use-t";
import { pageParam } from "~/lib/http.server";
import { pageTitle } from "~/i18n/meta";
import { codeKey } from "~/i18n";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "pageTitle.users") }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "admin:manage");
  const url = new URL(request.url);
  const status = url.searchParams.get("status");
  const page = pageParam(url.searchParams);
  const filters = {
    q: url.searchParams.get("q") ?? "",
    role: url.searchParams.get("role") ?? "",
    status: status === "active" || status === "disabled" ? status : undefined,
  } as const;
  const result = await listUsers({ ...filters, page: Number.isInteger(page) && page > 0 ? page : 1 });
  return json({ filters: { ...filters, status: filters.status ?? "" }, ...result });
}

export default function AdminUsers() {
  const t = useT();
  const data = useLoaderData<typeof loader>();
  const f = data.filters;
  return (
    <AdminListPage
      title={t("admin.users")}
      create={{ to: "/admin/users/new", label: t("admin.newUser") }}
      filters={
        <FilterForm className="card filters" columns={3}>
          <SearchFilter defaultValue={f.q} />
          <FilterSelect id="role" name="role" label={t("admin.user.role")} defaultValue={f.role} options={codeChoices(t, ROLES, "role")} />
          <FilterSelect id="status" name="status" label={t("admin.user.status")} defaultValue={f.status} options={[{ value: "active", label: t("common.active") }, { value: "disabled", label: t("admin.user.disabled") }]} />
        </FilterForm>
      }
      total={data.total}
      headings={[t("common.name"), t("admin.user.email"), t("admin.user.role"), t("common.unit"), t("common.status")]}
      rows={data.users.map((u) => (
        <tr key={u.id}>
          <td>
            <Link to={`/admin/users/${u.id}`}>{u.name}</Link>
          </td>
          <td className="break">{u.email}</td>
          <td>{t(codeKey("role", u.role))}</td>
          <td>{u.unit ? u.unit.name : <span className="muted">—</span>}</td>
          <td>
            <StateBadge on={!u.disabledAt} onLabel={t("common.active")} offLabel={t("admin.user.disabled")} offClass="danger" />
          </td>
        </tr>
      ))}
      page={data.page}
      pages={data.pages}
      query={f}
    />
  );
}
