import { Form, Link } from "@remix-run/react";
import { useT } from "~/i18n/use-t";

/** The "type your tracking code" form, on /track and on the answer to an unknown code. */
export function TrackCodeForm({ error, defaultValue }: { error?: string | null; defaultValue?: string }) {
  const t = useT();
  const describedBy = ["code-hint", error ? "code-error" : null].filter(Boolean).join(" ");
  return (
    <Form method="post" action="/track">
      <label htmlFor="code">{t("complaints.track.code")}</label>
      <p className="hint" id="code-hint">
        {t("complaints.track.codeHint")}
      </p>
      <input
        id="code"
        name="code"
        defaultValue={defaultValue}
        autoComplete="off"
        autoCapitalize="characters"
        spellCheck={false}
        required
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
      />
      {error ? (
        <div className="error" id="code-error" role="alert">
          <p>{error}</p>
          <p>{t("complaints.track.unknownHelp")}</p>
          <p>
            {t("complaints.track.lostCode")} <Link to="/complaints/new">{t("complaints.new.title")}</Link>
          </p>
        </div>
      ) : null}
      <div className="actions">
        <button type="submit" className="primary">
          {t("complaints.track.submit")}
        </button>
      </div>
    </Form>
  );
}
