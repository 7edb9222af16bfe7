import { Form } from "@remix-run/react";
import { useLocale, useT } from "~/i18n/use-t";
import { formatDateTime } from "~/lib/time";
import { errorsOf, type FormReply } from "~/lib/form-reply";
import type { InspectionPageView } from "./types";

// The amendments of a submitted sidak (it is never edited after submission) and, for its inspector,
// the form that adds one.

export function Amendments({ inspection, canEdit, action }: { inspection: InspectionPageView; canEdit: boolean; action: FormReply | undefined }) {
  const t = useT();
  const locale = useLocale();
  const bodyError = errorsOf(action, "amend")?.body;
  return (
    <section className="card" aria-labelledby="amendments-title" id="amendments">
      <h2 id="amendments-title">{t("inspections.amendments.title")}</h2>
      {inspection.amendments.length === 0 ? <p>{t("inspections.amendments.empty")}</p> : null}
      <ol className="list" data-testid="amendments">
        {inspection.amendments.map((a) => (
          <li key={a.id}>
            <p style={{ whiteSpace: "pre-line", margin: 0 }}>{a.body}</p>
            <p className="hint">{t("inspections.amendments.by", { name: a.author.name, date: formatDateTime(a.createdAt, locale) })}</p>
          </li>
        ))}
      </ol>
      {canEdit ? (
        <Form method="post" className="no-print">
          <input type="hidden" name="intent" value="amend" />
          <label htmlFor="amend-body">{t("inspections.amendments.body")}</label>
          <textarea
            id="amend-body"
            name="body"
            rows={3}
            maxLength={4000}
            required
            defaultValue={action?.intent === "amend" ? action.values?.body : ""}
            aria-invalid={bodyError ? true : undefined}
            aria-describedby={bodyError ? "amend-body-error" : undefined}
          />
          {bodyError ? (
            <p className="error" id="amend-body-error">
              {t(bodyError, action?.vars)}
            </p>
          ) : null}
          <div className="actions">
            <button type="submit" className="secondary">
              {t("inspections.amendments.add")}
            </button>
          </div>
        </Form>
      ) : null}
    </section>
  );
}
