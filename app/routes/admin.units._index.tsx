import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { AdminListPage, StateBadge } from "~/components/admin/admin-page";
import { FilterForm } from "~/components/filters/filter-form";
import { codeChoices, FilterSelect, KecamatanSelect, SearchFilter } from "~/components/filters/filter-fields";
import { requirePermission } from "~/lib/permissions.server";
import { kecamatanChoices } from "~/lib/regions.server";
import { UNIT_TYPES } from "~/lib/codes";
import { listUnits } from "~/models/unit.server";
import { useT } from "~/i18n/use-t";
import { pageParam } from "~/lib/http.server";
import { pageTitle } from "~/i18n/meta";
import { codeKey } from "~/i18n";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "pageTitle.units") }];

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
  const [kecamatan, result] = await Promise.all([
    kecamatanChoices(),
    listUnits({ ...filters, page: Number.isInteger(page) && page > 0 ? page : 1 }),
  ]);
  return json({
    filters: { ...filters, active: filters.active ?? "" },
    kecamatan,
    ...result,
  });
}

export default function AdminUnits() {
  const t = useT();
  const data = useLoaderData<typeof loader>();
  const kecName = new Map(data.kecamatan.map((k) => [k.code, k.name]));
  const f = data.filters;
  return (
    <AdminListPage
      title={t("admin.units")}
      create={{ to: "/admin/units/new", label: t("admin.newUnit") }}
      filters={
        <FilterForm className="card filters" columns={4}>
          <SearchFilter defaultValue={f.q} />
          <FilterSelect id="type" name="type" label={t("admin.unit.type")} defaultValue={f.type} options={codeChoices(t, UNIT_TYPES, "unitType")} />
          <KecamatanSelect id="kecamatan" choices={data.kecamatan} defaultValue={f.kecamatan} />
          <FilterSelect id="active" name="active" label={t("common.status")} defaultValue={f.active} options={[{ value: "1", label: t("common.active") }, { value: "0", label: t("common.inactive") }]} />
        </FilterForm>
      }
      total={data.total}
      headings={[t("common.name"), t("admin.unit.type"), t("common.kecamatan"), t("admin.unit.head"), t("common.status")]}
      rows={data.units.map((u) => (
        <tr key={u.id}>
          <td>
            <Link to={`/admin/units/${u.id}`}>{u.name}</Link>
          </td>
          <td>{t(codeKey("unitType", u.type))}</td>
          <td>{kecName.get(u.kecamatanCode) ?? u.kecamatanCode}</td>
          <td>{u.users.length ? u.users.map((h) => h.name).join(", ") : <span className="muted">—</span>}</td>
          <td>
            <StateBadge on={u.active} onLabel={t("common.active")} offLabel={t("common.inactive")} />
          </td>
        </tr>
      ))}
      page={data.page}
      pages={data.pages}
      query={f}
    />
  );
}
