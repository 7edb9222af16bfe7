import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { isUnitHead } from "~/models/policy.server";
import { Pagination } from "~/components/pagination";
import { json } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { useListLinks } from "~/components/list-links";
import { FilterForm } from "~/components/filters/filter-form";
import { codeChoices, FilterSelect, KecamatanSelect, UnitSelect } from "~/components/filters/filter-fields";
import { requirePermission } from "~/lib/permissions.server";
import { followUpFilterOptions, listFollowUps } from "~/models/follow-up/inbox.server";
import { FINDING_CATEGORIES, COMPLAINT_CATEGORIES, FOLLOW_UP_STATES } from "~/lib/codes";
import { useLocale, useT } from "~/i18n/use-t";
import { formatDateTime } from "~/lib/time";
import { pageParam } from "~/lib/http.server";
import { pageTitle } from "~/i18n/meta";
import { codeKey } from "~/i18n";
import { followups as followupsMessages } from "~/i18n/messages/followups";
import type { MessagesHandle } from "~/i18n";
import { unitFilterChoices } from "~/lib/unit-filter";

// The messages of its capabilities load with this page, not in every page's bundle (docs/decisions/0027).
export const handle: MessagesHandle = { messages: [followupsMessages] };

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "pageTitle.followUps") }];

const CATEGORIES = [...new Set([...COMPLAINT_CATEGORIES, ...FINDING_CATEGORIES])];

function intParam(value: string | null): number | undefined {
  return value && /^[1-9][0-9]{0,8}$/.test(value) ? Number(value) : undefined;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "followup:read");
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
  const options = staff ? await followUpFilterOptions() : null;
  return json({ ...list, staff, options: options ? { kecamatan: options.kecamatan, ...unitFilterChoices(options.units, filters) } : null });
}

export default function FollowUpsIndex() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  const listLinks = useListLinks();
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

      <FilterForm columns={3}>
        {data.options ? (
          <>
            <UnitSelect id="f-unit" choices={data.options.units} chooseKecamatanFirst={data.options.chooseKecamatanFirst} defaultValue={params.get("unitId")} />
            <KecamatanSelect id="f-kec" choices={data.options.kecamatan} defaultValue={params.get("kecamatan")} />
          </>
        ) : null}
        <FilterSelect id="f-cat" name="category" label={t("common.category")} defaultValue={params.get("category")} options={codeChoices(t, CATEGORIES, "category")} />
        <FilterSelect id="f-state" name="state" label={t("common.status")} defaultValue={params.get("state")} options={codeChoices(t, FOLLOW_UP_STATES, "state")} />
        <div>
          <label>
            <input type="checkbox" name="overdue" value="1" defaultChecked={params.get("overdue") === "1"} /> {t("fu.onlyOverdue")}
          </label>
        </div>
      </FilterForm>

      {data.items.length === 0 ? <p>{t("fu.none")}</p> : null}
      {/* One text node per line (template strings): React would put a comment between adjacent ones. */}
      <ul className="list" data-testid="follow-up-list" onClick={listLinks}>
        {data.items.map((f) => (
          <li key={f.id} data-id={f.id} className="card">
            <a href={`/follow-ups/${f.id}`}>{`#${f.id} · ${f.instruction}`}</a>
            <div className="muted">
              {`${f.unitName ? `${f.unitName} · ` : ""}${t(codeKey("category", f.category))} · ${t("common.deadline")} ${formatDateTime(f.dueAt, locale)}`}
            </div>
            <div>
              {/* Each badge carries its own trailing space, so no two text nodes meet. */}
              {f.overdue ? <><span className="badge overdue">{t("state.OVERDUE")}</span> </> : null}
              <span className={`badge ${f.state.toLowerCase()}`}>{t(codeKey("state", f.state))}</span>{" "}
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
