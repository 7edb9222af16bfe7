import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useFetcher, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { requirePermission } from "~/lib/permissions.server";
import { parseForm, replyFromError } from "~/lib/forms.server";
import { errorsOf } from "~/lib/form-reply";
import { linkableComplaints, unitsForInspection } from "~/models/inspection/queries.server";
import { startInspection } from "~/models/inspection/commands.server";
import { startSchema, wibDateTimeInput } from "~/models/inspection/schema";
import { TRIGGERS } from "~/models/inspection/codes";
import { UnitPicker } from "~/components/unit-picker";
import { useLocale, useT } from "~/i18n/use-t";
import { formatDate } from "~/lib/time";
import { readCleanForm } from "~/lib/text";
import { pageTitle } from "~/i18n/meta";
import { codeKey } from "~/i18n";
import { inspections as inspectionsMessages } from "~/i18n/messages/inspections";
import type { MessagesHandle } from "~/i18n";

// The messages of its capabilities load with this page, not in every page's bundle (docs/decisions/0027).
export const handle: MessagesHandle = { messages: [inspectionsMessages] };

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "pageTitle.newInspection") }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "inspection:start");
  const url = new URL(request.url);
  const unitParam = url.searchParams.get("unitId");
  const unitId = unitParam && /^[1-9]\d{0,9}$/.test(unitParam) ? Number(unitParam) : null;
  const units = await unitsForInspection();
  const complaints = unitId ? await linkableComplaints(unitId) : [];
  // A GET with the form's fields (the no-JavaScript "show complaints" button) keeps what was typed.
  const typed = Object.fromEntries(["startedAt", "team", "trigger", "complaints"].flatMap((k) => (url.searchParams.has(k) ? [[k, url.searchParams.get(k)!.slice(0, 2000)]] : [])));
  return json({ units, unitId, complaints, now: wibDateTimeInput(new Date()), typed });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "inspection:start");
  const form = await readCleanForm(request);
  const parsed = parseForm(form, startSchema(), "start");
  if (!parsed.ok) return parsed.reply;
  try {
    const inspection = await startInspection(user, parsed.value);
    return redirect(`/inspections/${inspection.id}`, 303);
  } catch (error) {
    return replyFromError("start", error, form);
  }
}

export default function NewInspection() {
  const { units, unitId, complaints, now, typed } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const busy = useNavigation().state === "submitting";
  const refused = errorsOf(reply);
  const errors = refused ?? {};
  const values: Record<string, string> = reply?.values ?? typed;
  const [selected, setSelected] = useState<string>(values.unitId ?? (unitId ? String(unitId) : ""));
  const [trigger, setTrigger] = useState<string>(values.trigger ?? "ROUTINE");
  // With JavaScript, the unit's recent complaints load as soon as a unit is chosen; without it, the
  // "show complaints" button reloads this page with ?unitId=.
  const fetcher = useFetcher<typeof loader>();
  type Linkable = (typeof complaints)[number];
  const shown: Linkable[] = (fetcher.data?.complaints as Linkable[] | undefined) ?? (String(unitId ?? "") === selected ? complaints : []);

  const describe = (name: string) => (errors[name] ? { "aria-invalid": true, "aria-describedby": `${name}-error` } : {});
  const errorOf = (name: string) =>
    errors[name] ? (
      <p className="error" id={`${name}-error`}>
        {t(errors[name]!, reply?.vars)}
      </p>
    ) : null;

  return (
    <section className="card" style={{ maxWidth: "40rem", margin: "0 auto" }}>
      <h1>{t("inspections.new")}</h1>
      {refused ? (
        <p className="alert" role="alert">
          {t(refused.form ?? "inspections.error.form", reply?.vars)}
        </p>
      ) : null}
      <Form method="post" id="start-form" noValidate>
        <label htmlFor="unitId">{t("inspections.field.unit")}</label>
        <UnitPicker
          id="unitId"
          units={units}
          emptyLabel="—"
          value={selected}
          onChange={(e) => {
            setSelected(e.target.value);
            if (e.target.value) fetcher.load(`/inspections/new?unitId=${e.target.value}`);
          }}
          selectProps={{ required: true, ...describe("unitId") }}
        />
        {errorOf("unitId")}
        <noscript>
          {/* Without JavaScript: reload this page with the chosen unit (and what was typed) to list its complaints. */}
          <button type="submit" formMethod="get" className="secondary">
            {t("inspections.recentComplaints")}
          </button>
        </noscript>

        <label htmlFor="startedAt">{t("inspections.field.startedAt")}</label>
        <input id="startedAt" name="startedAt" type="datetime-local" required defaultValue={values.startedAt ?? now} {...describe("startedAt")} />
        {errorOf("startedAt")}

        <label htmlFor="team">{t("inspections.field.team")}</label>
        <p className="hint" id="team-hint">
          {t("inspections.field.teamHint")}
        </p>
        <textarea id="team" name="team" rows={3} required maxLength={2000} defaultValue={values.team ?? ""} {...describe("team")} />
        {errorOf("team")}

        <fieldset>
          <legend>{t("inspections.field.trigger")}</legend>
          {TRIGGERS.map((v) => (
            <label key={v} style={{ fontWeight: 400 }}>
              <input type="radio" name="trigger" value={v} checked={trigger === v} onChange={() => setTrigger(v)} /> {t(codeKey("inspections.trigger", v))}
            </label>
          ))}
          {errorOf("trigger")}
        </fieldset>

        <label htmlFor="complaints">{t("inspections.field.complaints")}</label>
        <p className="hint">{t("inspections.field.complaintsHint")}</p>
        <input id="complaints" name="complaints" autoComplete="off" defaultValue={values.complaints ?? ""} {...describe("complaints")} />
        {errorOf("complaints")}
        {shown.length > 0 ? (
          <fieldset>
            <legend>{t("inspections.recentComplaints")}</legend>
            {shown.map((c) => (
              <label key={c.id} style={{ fontWeight: 400 }}>
                <input type="checkbox" name="complaintRef" value={c.ref} /> {c.ref} · {t(codeKey("category", c.category))} ·{" "}
                <span className="muted">{formatDate(c.createdAt, locale)}</span>
              </label>
            ))}
          </fieldset>
        ) : null}

        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {t("inspections.start")}
          </button>
        </div>
      </Form>
    </section>
  );
}
