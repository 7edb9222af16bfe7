import { Form } from "@remix-run/react";
import { useT } from "~/i18n/use-t";
import { errorsOf, type FormReply } from "~/lib/form-reply";
import { savedBy } from "./reply";
import type { InspectionPageData } from "./types";

// The draft's header (when, who, why, linked complaints, summary), folded away until needed.

export function HeaderForm({ data, action }: { data: InspectionPageData; action: FormReply | undefined }) {
  const t = useT();
  const { inspection } = data;
  const mine = action?.intent === "header" ? action : undefined;
  const errors = errorsOf(mine) ?? {};
  const v = mine?.values;
  const attrs = (name: string) => ({
    id: `h-${name}`,
    name,
    "aria-invalid": errors[name] ? true : undefined,
    "aria-describedby": errors[name] ? `h-${name}-error` : undefined,
  });
  const errorOf = (name: string) =>
    errors[name] ? (
      <p className="error" id={`h-${name}-error`}>
        {t(errors[name]!, mine?.vars)}
      </p>
    ) : null;
  return (
    <details className="card" open={!!mine}>
      <summary>
        <strong>{t("inspections.header.title")}</strong>
      </summary>
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="header" />
        <label htmlFor="h-startedAt">{t("inspections.field.startedAt")}</label>
        <input {...attrs("startedAt")} type="datetime-local" defaultValue={v?.startedAt ?? data.startedAtInput} />
        {errorOf("startedAt")}
        <label htmlFor="h-team">{t("inspections.field.team")}</label>
        <textarea {...attrs("team")} rows={3} defaultValue={v?.team ?? inspection.team} />
        {errorOf("team")}
        <label htmlFor="h-trigger">{t("inspections.field.trigger")}</label>
        <select {...attrs("trigger")} defaultValue={v?.trigger ?? inspection.trigger}>
          <option value="ROUTINE">{t("inspections.trigger.ROUTINE")}</option>
          <option value="COMPLAINTS">{t("inspections.trigger.COMPLAINTS")}</option>
        </select>
        <label htmlFor="h-complaints">{t("inspections.field.complaints")}</label>
        <input {...attrs("complaints")} defaultValue={v?.complaints ?? inspection.complaints.map((c) => c.ref).join(", ")} />
        {errorOf("complaints")}
        <label htmlFor="h-summary">{t("inspections.field.summary")}</label>
        <textarea {...attrs("summary")} rows={3} maxLength={4000} defaultValue={v?.summary ?? inspection.summary ?? ""} />
        {errorOf("summary")}
        <div className="actions">
          <button type="submit" className="secondary">
            {t("inspections.header.save")}
          </button>
          {savedBy(mine, "header") ? <span role="status">{t("inspections.saved")}</span> : null}
        </div>
      </Form>
    </details>
  );
}
