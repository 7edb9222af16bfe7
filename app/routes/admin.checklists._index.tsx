import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requirePermission } from "~/lib/permissions.server";
import { parseForm } from "~/lib/forms.server";
import { errorsOf } from "~/lib/form-reply";
import { BackLink, SubmitRow } from "~/components/admin/admin-page";
import { UNIT_TYPES } from "~/lib/codes";
import { createTemplate, listTemplates } from "~/models/inspection/checklists.server";
import { useT } from "~/i18n/use-t";
import type { MessageKey, MessagesHandle } from "~/i18n";
import { readCleanForm } from "~/lib/text";
import { pageTitle } from "~/i18n/meta";
import { codeKey } from "~/i18n";
import { inspections as inspectionsMessages } from "~/i18n/messages/inspections";

// The messages of its capabilities load with this page, not in every page's bundle (docs/decisions/0027).
export const handle: MessagesHandle = { messages: [inspectionsMessages] };

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "pageTitle.checklists") }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "admin:manage");
  return json({ templates: await listTemplates() });
}

const TemplateForm = z.object({
  name: z.string({ required_error: "checklists.error.required" }).trim().min(1, "checklists.error.required").max(120, "inspections.error.tooLong"),
  unitType: z.enum(UNIT_TYPES, { errorMap: () => ({ message: "checklists.error.required" }) }),
});

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requirePermission(request, "admin:manage");
  const parsed = parseForm(await readCleanForm(request), TemplateForm, "create");
  if (!parsed.ok) return parsed.reply;
  const template = await createTemplate(admin, parsed.value);
  return redirect(`/admin/checklists/${template.id}`, 303);
}

export default function ChecklistTemplates() {
  const { templates } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const t = useT();
  const errors = errorsOf(data) ?? {};
  return (
    <div>
      <BackLink to="/admin" label={t("home.admin.title")} />
      <h1>{t("checklists.title")}</h1>
      <p className="hint">{t("checklists.lead")}</p>
      <ul className="list card" data-testid="checklist-templates" style={{ padding: "0.25rem 1rem" }}>
        {templates.map((tpl) => (
          <li key={tpl.id}>
            <Link to={`/admin/checklists/${tpl.id}`}>
              <strong>{tpl.name}</strong>
            </Link>{" "}
            <span className="muted">
              · {t(codeKey("unitType", tpl.unitType))} · {t("checklists.template.items", { n: tpl._count.items })}
            </span>{" "}
            {!tpl.active ? <span className="badge">{t("common.inactive")}</span> : null}
          </li>
        ))}
      </ul>
      <Form method="post" className="card" noValidate>
        <h2>{t("checklists.template.new")}</h2>
        <label htmlFor="name">{t("checklists.template.name")}</label>
        <input id="name" name="name" maxLength={120} required aria-invalid={errors.name ? true : undefined} aria-describedby={errors.name ? "name-error" : undefined} />
        {errors.name ? (
          <p className="error" id="name-error">
            {t(errors.name)}
          </p>
        ) : null}
        <label htmlFor="unitType">{t("checklists.template.unitType")}</label>
        <select id="unitType" name="unitType" defaultValue="OTHER">
          {UNIT_TYPES.map((u) => (
            <option key={u} value={u}>
              {t(codeKey("unitType", u))}
            </option>
          ))}
        </select>
        <SubmitRow label={t("common.create")} primary />
      </Form>
    </div>
  );
}
