import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { isUnitHead } from "~/models/policy.server";
import { Pagination } from "~/components/pagination";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { requirePermission } from "~/lib/permissions.server";
import { getLocale } from "~/lib/locale.server";
import { followUpFilterOptions, listFollowUps } from "~/models/follow-up.server";
import { FINDING_CATEGORIES, COMPLAINT_CATEGORIES, FOLLOW_UP_STATES } from "~/lib/codes";
import type { MessageKey } from "~/i18n";
import { useLocale, useT } from "~/i18n/use-t";
import { formatDateTime } from "~/lib/time";
import { pageParam } from "~/lib/http.server";

export const meta: MetaFunction = () => [{ title: "Tindak lanjut · Tindak" }];

const CATEGORIES = [...new Set([...COMPLAINT_CATEGORIES, ...FINDING_CATEGORIES])];

function intParam(value: string | null): number | undefined {
  return value && /^[1-9][0-9]{0,8}$/.test(value) ? Number(value) : undefined;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "followup:read");
  await getLocale(request);
  const url = new URL(request.url);
  const q = url.searchParams;
  const filters = {
    unitId: intParam(q.get("unitId")),
    kecamatan: q.get("kecamatan")?.slice(0, 20) || undefined,
    category: q.get("category")?.slice(0, 40) || undefined,
    state: q.get("state")?.slice(0, 20) || undefined,
    overdue: q.get("overdue") === "1",
    page: pageParam(q),
  };
  const list = await listFollowUps(user, filters);
  const staff = !isUnitHead(user);
  return json({ ...list, staff, options: staff ? await followUpFilterOptions() : null });
}

export default function FollowUpsIndex() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const [params] = useSearchParams();
  const pageLink = (page: number) => {
    const next = new URLSearchParams(params);
    next.set("page", String(page));
    return `?${next.toString()}`;
  };
  return (
    <div data-testid="follow-ups">
      <h1>{t("nav.followUps")}</h1>
      <div className="grid grid-3" aria-label={t("fu.counts")}>
        <div className="card" data-testid="count-open">
          <p className="figure">{data.counts.open}</p>
          <p className="figure-label">{t("home.unitHead.open")}</p>
        </div>
        <div className="card" data-testid="count-due-soon">
          <p className="figure">{data.counts.dueSoon}</p>
          <p className="figure-label">{t("home.unitHead.dueSoon")}</p>
        </div>
        <div className="card" data-testid="count-overdue">
          <p className="figure">{data.counts.overdue}</p>
          <p className="figure-label">{t("home.unitHead.overdue")}</p>
        </div>
      </div>

      <Form method="get" className="card" aria-label={t("common.filter")}>
        <div className="grid grid-3">
          {data.options ? (
            <>
              <div>
                <label htmlFor="f-unit">{t("common.unit")}</label>
                <select id="f-unit" name="unitId" defaultValue={params.get("unitId") ?? ""}>
                  <option value="">{t("common.all")}</option>
                  {data.options.units.map((u) => (
                    <option key={u.id} value={u.id}>
                      {u.name}
                    </option>
                  ))}
                </select>
              </div>
              <div>
                <label htmlFor="f-kec">{t("common.kecamatan")}</label>
                <select id="f-kec" name="kecamatan" defaultValue={params.get("kecamatan") ?? ""}>
                  <option value="">{t("common.all")}</option>
                  {data.options.kecamatan.map((k) => (
                    <option key={k.code} value={k.code}>
                      {k.name}
                    </option>
                  ))}
                </select>
              </div>
            </>
          ) : null}
          <div>
            <label htmlFor="f-cat">{t("common.category")}</label>
            <select id="f-cat" name="category" defaultValue={params.get("category") ?? ""}>
              <option value="">{t("common.all")}</option>
              {CATEGORIES.map((c) => (
                <option key={c} value={c}>
                  {t(`category.${c}` as MessageKey)}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="f-state">{t("common.status")}</label>
            <select id="f-state" name="state" defaultValue={params.get("state") ?? ""}>
              <option value="">{t("common.all")}</option>
              {FOLLOW_UP_STATES.map((s) => (
                <option key={s} value={s}>
                  {t(`state.${s}` as MessageKey)}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label>
              <input type="checkbox" name="overdue" value="1" defaultChecked={params.get("overdue") === "1"} /> {t("fu.onlyOverdue")}
            </label>
          </div>
        </div>
        <div className="actions">
          <button type="submit" className="secondary">
            {t("common.filter")}
          </button>
        </div>
      </Form>

      {data.items.length === 0 ? <p>{t("fu.none")}</p> : null}
      {/* One text node per line (template strings): React would put a comment between adjacent ones. */}
      <ul className="list" data-testid="follow-up-list">
        {data.items.map((f) => (
          <li key={f.id} data-id={f.id} className="card">
            <Link to={`/follow-ups/${f.id}`} discover="none">{`#${f.id} · ${f.instruction}`}</Link>
            <div className="muted">
              {`${f.unitName ? `${f.unitName} · ` : ""}${t(`category.${f.category}` as MessageKey)} · ${t("common.deadline")} ${formatDateTime(f.dueAt, locale)}`}
            </div>
            <div>
              {/* Each badge carries its own trailing space, so no two text nodes meet. */}
              {f.overdue ? <><span className="badge overdue">{t("state.OVERDUE")}</span> </> : null}
              <span className={`badge ${f.state.toLowerCase()}`}>{t(`state.${f.state}` as MessageKey)}</span>{" "}
              {f.extensionPending ? <><span className="badge">{t("fu.extensionPending")}</span> </> : null}
              {f.escalationLevel ? <span className="badge overdue">{t("fu.escalationLevel", { level: f.escalationLevel })}</span> : null}
              {f.quantity !== undefined ? <span className="muted">{` · ${t("fu.outstanding")}: ${f.outstanding}/${f.quantity}`}</span> : null}
            </div>
          </li>
        ))}
      </ul>
      <Pagination page={data.page} pages={data.pages} href={pageLink} />
    </div>
  );
}
