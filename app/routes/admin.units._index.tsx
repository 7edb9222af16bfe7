import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Pagination } from "~/components/pagination";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/lib/permissions.server";
import { palembangRegions } from "~/lib/regions.server";
import { UNIT_TYPES } from "~/lib/codes";
import { listUnits } from "~/models/unit.server";
import type { MessageKey } from "~/i18n";
import { useT } from "~/i18n/use-t";
import { pageParam } from "~/lib/http.server";

export const meta: MetaFunction = () => [{ title: "Unit layanan · Tindak" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "admin:manage");
  const url = new URL(request.url);
  const active = url.searchParams.get("active");
  const page = pageParam(url.searchParams);
  const filters = {
    q: url.searchParams.get("q") ?? "",
    type: url.searchParams.get("type") ?? "",
    kecamatan: url.searchParams.get("kecamatan") ?? "",
    active: active === "1" || active === "0" ? active : undefined,
  } as const;
  const [regions, result] = await Promise.all([
    palembangRegions(),
    listUnits({ ...filters, page: Number.isInteger(page) && page > 0 ? page : 1 }),
  ]);
  return json({
    filters: { ...filters, active: filters.active ?? "" },
    kecamatan: regions.map((r) => ({ code: r.code, name: r.name })),
    ...result,
  });
}

export default function AdminUnits() {
  const t = useT();
  const data = useLoaderData<typeof loader>();
  const kecName = new Map(data.kecamatan.map((k) => [k.code, k.name]));
  const pageLink = (page: number) => {
    const p = new URLSearchParams({ ...data.filters, page: String(page) });
    return `?${p.toString()}`;
  };
  return (
    <section>
      <p>
        <Link to="/admin">← {t("home.admin.title")}</Link>
      </p>
      <h1>{t("admin.units")}</h1>
      <div className="actions">
        <Link to="/admin/units/new" className="button">
          {t("admin.newUnit")}
        </Link>
      </div>
      <Form method="get" className="card filters" aria-label={t("common.filter")}>
        <div className="grid grid-4">
          <div>
            <label htmlFor="q">{t("common.search")}</label>
            <input id="q" name="q" type="search" defaultValue={data.filters.q} maxLength={100} />
          </div>
          <div>
            <label htmlFor="type">{t("admin.unit.type")}</label>
            <select id="type" name="type" defaultValue={data.filters.type}>
              <option value="">{t("common.all")}</option>
              {UNIT_TYPES.map((type) => (
                <option key={type} value={type}>
                  {t(`unitType.${type}` as MessageKey)}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="kecamatan">{t("common.kecamatan")}</label>
            <select id="kecamatan" name="kecamatan" defaultValue={data.filters.kecamatan}>
              <option value="">{t("common.all")}</option>
              {data.kecamatan.map((k) => (
                <option key={k.code} value={k.code}>
                  {k.name}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="active">{t("common.status")}</label>
            <select id="active" name="active" defaultValue={data.filters.active}>
              <option value="">{t("common.all")}</option>
              <option value="1">{t("common.active")}</option>
              <option value="0">{t("common.inactive")}</option>
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
      {data.units.length === 0 ? <p>{t("admin.noResults")}</p> : null}
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t("common.name")}</th>
              <th scope="col">{t("admin.unit.type")}</th>
              <th scope="col">{t("common.kecamatan")}</th>
              <th scope="col">{t("admin.unit.head")}</th>
              <th scope="col">{t("common.status")}</th>
            </tr>
          </thead>
          <tbody>
            {data.units.map((u) => (
              <tr key={u.id}>
                <td>
                  <Link to={`/admin/units/${u.id}`}>{u.name}</Link>
                </td>
                <td>{t(`unitType.${u.type}` as MessageKey)}</td>
                <td>{kecName.get(u.kecamatanCode) ?? u.kecamatanCode}</td>
                <td>{u.users.length ? u.users.map((h) => h.name).join(", ") : <span className="muted">—</span>}</td>
                <td>
                  <span className={`badge ${u.active ? "ok" : ""}`}>{u.active ? t("common.active") : t("common.inactive")}</span>
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
