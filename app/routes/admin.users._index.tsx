import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Pagination } from "~/components/pagination";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/lib/permissions.server";
import { ROLES } from "~/lib/codes";
import { listUsers } from "~/models/user.server";
import type { MessageKey } from "~/i18n";
import { useT } from "~/i18n/use-t";
import { pageParam } from "~/lib/http.server";

export const meta: MetaFunction = () => [{ title: "Pengguna · Tindak" }];

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
  const pageLink = (page: number) => `?${new URLSearchParams({ ...data.filters, page: String(page) }).toString()}`;
  return (
    <section>
      <p>
        <Link to="/admin">← {t("home.admin.title")}</Link>
      </p>
      <h1>{t("admin.users")}</h1>
      <div className="actions">
        <Link to="/admin/users/new" className="button">
          {t("admin.newUser")}
        </Link>
      </div>
      <Form method="get" className="card filters" aria-label={t("common.filter")}>
        <div className="grid grid-3">
          <div>
            <label htmlFor="q">{t("common.search")}</label>
            <input id="q" name="q" type="search" defaultValue={data.filters.q} maxLength={100} />
          </div>
          <div>
            <label htmlFor="role">{t("admin.user.role")}</label>
            <select id="role" name="role" defaultValue={data.filters.role}>
              <option value="">{t("common.all")}</option>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {t(`role.${r}` as MessageKey)}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="status">{t("admin.user.status")}</label>
            <select id="status" name="status" defaultValue={data.filters.status}>
              <option value="">{t("common.all")}</option>
              <option value="active">{t("common.active")}</option>
              <option value="disabled">{t("admin.user.disabled")}</option>
            </select>
          </div>
        </div>
        <div className="actions">
          <button type="submit" className="secondary">
            {t("common.filter")}
          </button>
        </div>
      </Form>
      <p className="muted" aria-live="polite">
        {t("admin.total", { n: data.total })}
      </p>
      {data.users.length === 0 ? <p>{t("admin.noResults")}</p> : null}
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t("common.name")}</th>
              <th scope="col">{t("admin.user.email")}</th>
              <th scope="col">{t("admin.user.role")}</th>
              <th scope="col">{t("common.unit")}</th>
              <th scope="col">{t("common.status")}</th>
            </tr>
          </thead>
          <tbody>
            {data.users.map((u) => (
              <tr key={u.id}>
                <td>
                  <Link to={`/admin/users/${u.id}`}>{u.name}</Link>
                </td>
                <td className="break">{u.email}</td>
                <td>{t(`role.${u.role}` as MessageKey)}</td>
                <td>{u.unit ? u.unit.name : <span className="muted">—</span>}</td>
                <td>
                  <span className={`badge ${u.disabledAt ? "danger" : "ok"}`}>
                    {u.disabledAt ? t("admin.user.disabled") : t("common.active")}
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pagination page={data.page} pages={data.pages} href={pageLink} />
    </section>
  );
}
