import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/lib/permissions.server";
import { parseId } from "~/lib/http.server";
import { formReply, parseForm } from "~/lib/forms.server";
import { errorsOf } from "~/lib/form-reply";
import { FINDING_CATEGORIES, UNIT_TYPES } from "~/lib/codes";
import { addItem, getTemplate, moveItem, setItemActive, updateItem, updateTemplate } from "~/models/inspection/checklists.server";
import { itemRefSchema, itemSchema, itemUpdateSchema, templateSchema } from "~/models/inspection/schema";
import { useT } from "~/i18n/use-t";
import type { MessageKey, MessagesHandle } from "~/i18n";
import { readCleanForm } from "~/lib/text";
import { pageTitle } from "~/i18n/meta";
import { codeKey } from "~/i18n";
import { inspections as inspectionsMessages } from "~/i18n/messages/inspections";

// The messages of its capabilities load with this page, not in every page's bundle (docs/decisions/0027).
export const handle: MessagesHandle = { messages: [inspectionsMessages] };

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [{ title: data ? `${data.template.name} · Tindak` : pageTitle(matches, "pageTitle.checklist") }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, "admin:manage");
  return json({ template: await getTemplate(parseId(params.id)) });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requirePermission(request, "admin:manage");
  const id = parseId(params.id);
  const form = await readCleanForm(request);
  const intent = String(form.get("intent") ?? "");
  const back = (itemId?: number) => redirect(`/admin/checklists/${id}${itemId && itemId > 0 ? `#item-${itemId}` : ""}`, 303);
  switch (intent) {
    case "template": {
      const parsed = parseForm(form, templateSchema);
      if (!parsed.ok) return parsed.reply;
      await updateTemplate(admin, id, parsed.value);
      return back();
    }
    case "add-item": {
      const parsed = parseForm(form, itemSchema);
      if (!parsed.ok) return parsed.reply;
      await addItem(admin, id, parsed.value);
      return back();
    }
    case "update-item": {
      const parsed = parseForm(form, itemUpdateSchema);
      if (!parsed.ok) return parsed.reply;
      const { itemId, ...input } = parsed.value;
      await updateItem(admin, id, itemId, input);
      return back(itemId);
    }
    case "up":
    case "down":
    case "activate":
    case "deactivate": {
      const parsed = parseForm(form, itemRefSchema);
      if (!parsed.ok) return parsed.reply;
      const { itemId } = parsed.value;
      if (intent === "up" || intent === "down") await moveItem(admin, id, itemId, intent);
      else await setItemActive(admin, id, itemId, intent === "activate");
      return back(itemId);
    }
    default:
      return formReply(intent, {}, { formError: "inspections.error.intent" });
  }
}

type Errors = Partial<Record<string, MessageKey>>;
type Item = ReturnType<typeof useLoaderData<typeof loader>>["template"]["items"][number];

function ItemFields({ item, errors, prefix }: { item?: Item; errors: Errors; prefix: string }) {
  const t = useT();
  const attrs = (name: string) => ({
    id: `${prefix}-${name}`,
    name,
    "aria-invalid": errors[name] ? true : undefined,
    "aria-describedby": errors[name] ? `${prefix}-${name}-error` : undefined,
  });
  const err = (name: string) =>
    errors[name] ? (
      <p className="error" id={`${prefix}-${name}-error`}>
        {t(errors[name]!)}
      </p>
    ) : null;
  return (
    <>
      <label htmlFor={`${prefix}-section`}>{t("checklists.item.section")}</label>
      <input {...attrs("section")} defaultValue={item?.section ?? ""} maxLength={120} required />
      {err("section")}
      <label htmlFor={`${prefix}-label`}>{t("checklists.item.label")}</label>
      <textarea {...attrs("label")} defaultValue={item?.label ?? ""} maxLength={500} rows={2} required style={{ minHeight: "3rem" }} />
      {err("label")}
      <div className="grid grid-2">
        <div>
          <label htmlFor={`${prefix}-numberLabel`}>{t("checklists.item.numberLabel")}</label>
          <input {...attrs("numberLabel")} defaultValue={item?.numberLabel ?? ""} maxLength={120} />
          {err("numberLabel")}
        </div>
        <div>
          <label htmlFor={`${prefix}-numberUnit`}>{t("checklists.item.numberUnit")}</label>
          <input {...attrs("numberUnit")} defaultValue={item?.numberUnit ?? ""} maxLength={30} />
          {err("numberUnit")}
        </div>
      </div>
      <label htmlFor={`${prefix}-findingCategory`}>{t("checklists.item.findingCategory")}</label>
      <select {...attrs("findingCategory")} defaultValue={item?.findingCategory ?? "OTHER"}>
        {FINDING_CATEGORIES.map((c) => (
          <option key={c} value={c}>
            {t(codeKey("category", c))}
          </option>
        ))}
      </select>
      <label style={{ fontWeight: 400 }}>
        <input type="checkbox" name="asksOldestDate" defaultChecked={item?.asksOldestDate ?? false} /> {t("checklists.item.asksOldestDate")}
      </label>
    </>
  );
}

export default function ChecklistTemplate() {
  const { template } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const t = useT();
  // Each item has its own form: a refusal belongs to the one whose itemId was posted.
  const errorsFor = (intent: string, itemId?: number): Errors => (data?.values?.itemId === (itemId === undefined ? undefined : String(itemId)) ? (errorsOf(data, intent) ?? {}) : {});
  const templateErrors = errorsFor("template");
  return (
    <div>
      <p className="muted">
        <Link to="/admin/checklists">← {t("checklists.title")}</Link>
      </p>
      <h1>{template.name}</h1>
      {data?.formError ? (
        <p className="alert" role="alert">
          {t(data.formError)}
        </p>
      ) : null}
      <Form method="post" className="card" noValidate>
        <input type="hidden" name="intent" value="template" />
        <label htmlFor="t-name">{t("checklists.template.name")}</label>
        <input id="t-name" name="name" defaultValue={template.name} maxLength={120} aria-invalid={templateErrors.name ? true : undefined} aria-describedby={templateErrors.name ? "t-name-error" : undefined} />
        {templateErrors.name ? (
          <p className="error" id="t-name-error">
            {t(templateErrors.name)}
          </p>
        ) : null}
        <label htmlFor="t-unitType">{t("checklists.template.unitType")}</label>
        <select id="t-unitType" name="unitType" defaultValue={template.unitType}>
          {UNIT_TYPES.map((u) => (
            <option key={u} value={u}>
              {t(codeKey("unitType", u))}
            </option>
          ))}
        </select>
        <label style={{ fontWeight: 400 }}>
          <input type="checkbox" name="active" defaultChecked={template.active} /> {t("common.active")}
        </label>
        <div className="actions">
          <button type="submit" className="secondary">
            {t("checklists.template.save")}
          </button>
        </div>
      </Form>

      <ol className="list card" data-testid="checklist-items" style={{ padding: "0.25rem 1rem" }}>
        {template.items.map((item, index) => (
          <li key={item.id} id={`item-${item.id}`} style={item.active ? undefined : { opacity: 0.7 }}>
            <p style={{ margin: 0 }}>
              <span className="muted">{item.section} · </span>
              <strong>{item.label}</strong> {!item.active ? <span className="badge">{t("common.inactive")}</span> : null}
            </p>
            <p className="hint">
              {t(codeKey("category", item.findingCategory))}
              {item.numberLabel ? ` · ${item.numberLabel}${item.numberUnit ? ` (${item.numberUnit})` : ""}` : ""}
            </p>
            <div className="actions" style={{ marginTop: "0.25rem" }}>
              {(["up", "down"] as const).map((dir) => (
                <Form method="post" key={dir} className="inline-form">
                  <input type="hidden" name="intent" value={dir} />
                  <input type="hidden" name="itemId" value={item.id} />
                  <button type="submit" className="secondary" disabled={dir === "up" ? index === 0 : index === template.items.length - 1} aria-label={`${t(`checklists.item.${dir}`)}: ${item.label}`}>
                    {dir === "up" ? "↑" : "↓"} {t(`checklists.item.${dir}`)}
                  </button>
                </Form>
              ))}
              <Form method="post" className="inline-form">
                <input type="hidden" name="intent" value={item.active ? "deactivate" : "activate"} />
                <input type="hidden" name="itemId" value={item.id} />
                <button type="submit" className={item.active ? "danger" : "secondary"}>
                  {item.active ? t("checklists.item.deactivate") : t("checklists.item.activate")}
                </button>
              </Form>
            </div>
            <details open={Object.keys(errorsFor("update-item", item.id)).length > 0}>
              <summary>{t("common.edit")}</summary>
              <Form method="post" noValidate>
                <input type="hidden" name="intent" value="update-item" />
                <input type="hidden" name="itemId" value={item.id} />
                <ItemFields item={item} errors={errorsFor("update-item", item.id)} prefix={`i${item.id}`} />
                <div className="actions">
                  <button type="submit" className="secondary">
                    {t("checklists.item.save")}
                  </button>
                </div>
              </Form>
            </details>
          </li>
        ))}
      </ol>

      <Form method="post" className="card" noValidate>
        <h2>{t("checklists.item.add")}</h2>
        <input type="hidden" name="intent" value="add-item" />
        <ItemFields errors={errorsFor("add-item")} prefix="new" />
        <div className="actions">
          <button type="submit" className="primary">
            {t("checklists.item.add")}
          </button>
        </div>
      </Form>
    </div>
  );
}
