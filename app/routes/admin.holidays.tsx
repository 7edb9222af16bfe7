import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requirePermission } from "~/lib/permissions.server";
import { getTranslator } from "~/lib/locale.server";
import { addHoliday, deleteHoliday, holidayYears, listHolidays, renameHoliday, SettingsError } from "~/models/deadline-settings.server";
import type { MessageKey } from "~/i18n";
import { useT } from "~/i18n/use-t";
import { wibDateKey } from "~/lib/time";
import { weekdayOfKey } from "~/lib/working-days";
import { readCleanForm } from "~/lib/text";
import { pageTitle } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "pageTitle.holidays") }];

function yearParam(request: Request): number {
  const value = new URL(request.url).searchParams.get("year");
  const year = value && /^\d{4}$/.test(value) ? Number(value) : Number(wibDateKey(new Date()).slice(0, 4));
  return Math.min(2100, Math.max(2000, year));
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "admin:manage");
  const year = yearParam(request);
  const [holidays, years] = await Promise.all([listHolidays(year), holidayYears()]);
  return json({ year, years: [...new Set([...years, year, year + 1])].sort(), holidays });
}

const DateKey = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "fu.holiday.dateInvalid")
  .refine((v) => {
    const ms = Date.parse(`${v}T00:00:00Z`);
    return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === v;
  }, "fu.holiday.dateInvalid");
const Name = z.string().trim().min(1, "validation.required").max(200, "validation.tooLong");
const Kind = z.enum(["NATIONAL", "CUTI_BERSAMA"]);
const Id = z.coerce.number().int().positive().max(2_147_483_647);

const Schema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("add"), date: DateKey, name: Name, kind: Kind }),
  z.object({ intent: z.literal("rename"), id: Id, name: Name, kind: Kind }),
  z.object({ intent: z.literal("delete"), id: Id }),
]);

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "admin:manage");
  const t = await getTranslator(request);
  const year = yearParam(request);
  const parsed = Schema.safeParse(Object.fromEntries(await readCleanForm(request)));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const key = issue.message.includes(".") ? (issue.message as MessageKey) : "validation.required";
    return json({ error: t(key), field: String(issue.path[0] ?? ""), id: null }, { status: 400 });
  }
  const input = parsed.data;
  try {
    if (input.intent === "add") await addHoliday(user.id, input);
    else if (input.intent === "rename") await renameHoliday(user.id, input.id, input);
    else await deleteHoliday(user.id, input.id);
  } catch (error) {
    if (error instanceof SettingsError) return json({ error: t(`fu.settings.${error.code}` as MessageKey), field: null, id: null }, { status: error.status });
    throw error;
  }
  const target = input.intent === "add" ? Number(input.date.slice(0, 4)) : year;
  return redirect(`/admin/holidays?year=${target}&saved=1`, 303);
}

export default function AdminHolidays() {
  const { year, years, holidays } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const t = useT();
  const weekday = (key: string) => t(`fu.weekday.${weekdayOfKey(key)}` as MessageKey);
  return (
    <div data-testid="admin-holidays">
      <h1>{t("fu.holidays.title")}</h1>
      <p className="hint">{t("fu.holidays.hint")}</p>
      <nav className="actions" aria-label={t("fu.holidays.years")}>
        {years.map((y) => (
          <Link key={y} to={`?year=${y}`} aria-current={y === year ? "page" : undefined} className={y === year ? "button" : "button secondary"}>
            {y}
          </Link>
        ))}
      </nav>
      {data?.error ? (
        <p className="alert" role="alert">
          {data.error}
        </p>
      ) : null}
      <section className="card">
        <h2>{t("fu.holidays.add")}</h2>
        <Form method="post" className="grid grid-3">
          <input type="hidden" name="intent" value="add" />
          <div>
            <label htmlFor="h-date">{t("common.date")}</label>
            <input id="h-date" name="date" type="date" required aria-invalid={data?.field === "date" ? true : undefined} />
          </div>
          <div>
            <label htmlFor="h-name">{t("common.name")}</label>
            <input id="h-name" name="name" required maxLength={200} aria-invalid={data?.field === "name" ? true : undefined} />
          </div>
          <div>
            <label htmlFor="h-kind">{t("fu.holidays.kind")}</label>
            <select id="h-kind" name="kind" defaultValue="NATIONAL">
              <option value="NATIONAL">{t("fu.holidays.NATIONAL")}</option>
              <option value="CUTI_BERSAMA">{t("fu.holidays.CUTI_BERSAMA")}</option>
            </select>
          </div>
          <div className="actions">
            <button type="submit" className="primary">
              {t("common.create")}
            </button>
          </div>
        </Form>
      </section>
      <section className="card">
        <h2>
          {t("fu.holidays.title")} {year}
        </h2>
        {holidays.length === 0 ? <p>{t("home.none")}</p> : null}
        <ul className="list" data-testid="holiday-list">
          {holidays.map((h) => (
            <li key={h.id} data-date={h.date}>
              <strong>
                {h.date} ({weekday(h.date)})
              </strong>{" "}
              <span className="muted">· {h.source}</span>
              <Form method="post" className="grid grid-3" aria-label={`${t("common.edit")} ${h.date}`}>
                <input type="hidden" name="intent" value="rename" />
                <input type="hidden" name="id" value={h.id} />
                <div>
                  <label htmlFor={`n-${h.id}`}>{t("common.name")}</label>
                  <input id={`n-${h.id}`} name="name" defaultValue={h.name} required maxLength={200} />
                </div>
                <div>
                  <label htmlFor={`k-${h.id}`}>{t("fu.holidays.kind")}</label>
                  <select id={`k-${h.id}`} name="kind" defaultValue={h.kind}>
                    <option value="NATIONAL">{t("fu.holidays.NATIONAL")}</option>
                    <option value="CUTI_BERSAMA">{t("fu.holidays.CUTI_BERSAMA")}</option>
                  </select>
                </div>
                <div className="actions">
                  <button type="submit" className="secondary">
                    {t("common.save")}
                  </button>
                </div>
              </Form>
              <Form method="post">
                <input type="hidden" name="intent" value="delete" />
                <input type="hidden" name="id" value={h.id} />
                <button type="submit" className="danger">
                  {t("fu.delete")} {h.date}
                </button>
              </Form>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
