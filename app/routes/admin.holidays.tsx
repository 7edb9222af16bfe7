import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { isDateKey } from "~/lib/working-days";
import { requirePermission } from "~/lib/permissions.server";
import { parseForm, replyFromError } from "~/lib/forms.server";
import { errorsOf } from "~/lib/form-reply";
import { addHoliday, deleteHoliday, holidayYears, listHolidays, renameHoliday } from "~/models/deadline-settings.server";
import { ChoiceField, ReplyAlert, SubmitRow } from "~/components/admin/admin-page";
import { LabeledField } from "~/components/filters/filter-fields";
import type { MessageKey, MessagesHandle } from "~/i18n";
import { useT } from "~/i18n/use-t";
import { wibDateKey } from "~/lib/time";
import { weekdayOfKey } from "~/lib/working-days";
import { readCleanForm } from "~/lib/text";
import { pageTitle } from "~/i18n/meta";
import { codeKey } from "~/i18n";
import { followups as followupsMessages } from "~/i18n/messages/followups";

// The messages of its capabilities load with this page, not in every page's bundle (docs/decisions/0027).
export const handle: MessagesHandle = { messages: [followupsMessages] };

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
  .string({ required_error: "fu.holiday.dateInvalid" })
  .regex(/^\d{4}-\d{2}-\d{2}$/, "fu.holiday.dateInvalid")
  .refine(isDateKey, "fu.holiday.dateInvalid");
const Name = z.string({ required_error: "validation.required" }).trim().min(1, "validation.required").max(200, "validation.tooLong");
const Kind = z.enum(["NATIONAL", "CUTI_BERSAMA"], { errorMap: () => ({ message: "validation.required" }) });
const Id = z.coerce.number({ invalid_type_error: "fu.settings.notFound" }).int("fu.settings.notFound").positive("fu.settings.notFound").max(2_147_483_647, "fu.settings.notFound");

const HolidayForm = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("add"), date: DateKey, name: Name, kind: Kind }),
    z.object({ intent: z.literal("rename"), id: Id, name: Name, kind: Kind }),
    z.object({ intent: z.literal("delete"), id: Id }),
  ],
  { errorMap: () => ({ message: "error.generic" }) },
);

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "admin:manage");
  const year = yearParam(request);
  const form = await readCleanForm(request);
  const parsed = parseForm(form, HolidayForm);
  if (!parsed.ok) return parsed.reply;
  const input = parsed.value;
  try {
    if (input.intent === "add") await addHoliday(user.id, input);
    else if (input.intent === "rename") await renameHoliday(user.id, input.id, input);
    else await deleteHoliday(user.id, input.id);
  } catch (error) {
    return replyFromError(input.intent, error, form);
  }
  const target = input.intent === "add" ? Number(input.date.slice(0, 4)) : year;
  return redirect(`/admin/holidays?year=${target}&saved=1`, 303);
}

export default function AdminHolidays() {
  const { year, years, holidays } = useLoaderData<typeof loader>();
  const errors = errorsOf(useActionData<typeof action>());
  const t = useT();
  const kinds = (["NATIONAL", "CUTI_BERSAMA"] as const).map((k) => ({ value: k, label: t(`fu.holidays.${k}`) }));
  const weekday = (key: string) => t(codeKey("fu.weekday", weekdayOfKey(key)));
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
      <ReplyAlert errors={errors} />
      <section className="card">
        <h2>{t("fu.holidays.add")}</h2>
        <Form method="post" className="grid grid-3">
          <input type="hidden" name="intent" value="add" />
          <LabeledField id="h-date" label={t("common.date")}>
            <input id="h-date" name="date" type="date" required aria-invalid={errors?.date ? true : undefined} />
          </LabeledField>
          <LabeledField id="h-name" label={t("common.name")}>
            <input id="h-name" name="name" required maxLength={200} aria-invalid={errors?.name ? true : undefined} />
          </LabeledField>
          <ChoiceField id="h-kind" name="kind" label={t("fu.holidays.kind")} choices={kinds} defaultValue="NATIONAL" />
          <SubmitRow label={t("common.create")} primary />
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
                <LabeledField id={`n-${h.id}`} label={t("common.name")}>
                  <input id={`n-${h.id}`} name="name" defaultValue={h.name} required maxLength={200} />
                </LabeledField>
                <ChoiceField id={`k-${h.id}`} name="kind" label={t("fu.holidays.kind")} choices={kinds} defaultValue={h.kind} />
                <SubmitRow label={t("common.save")} />
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
