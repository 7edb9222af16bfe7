import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requirePermission } from "~/lib/permissions.server";
import { getTranslator } from "~/lib/locale.server";
import { UNIT_TYPES } from "~/lib/codes";
import { createTemplate, listTemplates } from "~/models/inspection/checklists.server";
import { useT } from "~/i18n/use-t";
import type { MessageKey } from "~/i18n";
import { readCleanForm } from "~/lib/text";
import { pageTitle } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "pageTitle.checklists") }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "admin:manage");
  return json({ templates: await listTemplates() });
}

const TemplateSchema = z.object({
  name: z.string().trim().min(1, "checklists.error.required").max(120, "inspections.error.tooLong"),
  unitType: z.enum(UNIT_TYPES, { errorMap: () => ({ message: "checklists.error.required" }) }),
});

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requirePermission(request, "admin:manage");
  const t = await getTranslator(request);
  const form = await readCleanForm(request);
  const parsed = TemplateSchema.safeParse({ name: form.get("name") ?? "", unitType: form.get("unitType") ?? "" });
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= t(issue.message as MessageKey);
    return json({ errors }, { status: 400 });
  }
  const template = await createTemplate(admin, parsed.data);
  return redirect(`/admin/checklists/${template.id}`, 303);
}

export default function ChecklistTemplates() {
  const { templates } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const t = useT();
  const errors = data?.errors ?? {};
  return (
    <div>
      <p className="muted">
        <Link to="/admin">← {t("home.admin.title")}</Link>
      </p>
      <h1>{t("checklists.title")}</h1>
      <p className="hint">{t("checklists.lead")}</p>
      <ul className="list card" data-testid="checklist-templates" style={{ padding: "0.25rem 1rem" }}>
        {templates.map((tpl) => (
          <li key={tpl.id}>
            <Link to={`/admin/checklists/${tpl.id}`}>
              <strong>{tpl.name}</strong>
            </Link>{" "}
            <span className="muted">
              · {t(`unitType.${tpl.unitType}` as MessageKey)} · {t("checklists.template.items", { n: tpl._count.items })}
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
            {errors.name}
          </p>
        ) : null}
        <label htmlFor="unitType">{t("checklists.template.unitType")}</label>
        <select id="unitType" name="unitType" defaultValue="OTHER">
          {UNIT_TYPES.map((u) => (
            <option key={u} value={u}>
              {t(`unitType.${u}` as MessageKey)}
            </option>
          ))}
        </select>
        <div className="actions">
          <button type="submit" className="primary">
            {t("common.create")}
          </button>
        </div>
      </Form>
    </div>
  );
}
