import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { getTranslator } from "~/lib/locale.server";
import { TRACKING_CODE_PATTERN } from "~/models/complaint-rules";
import { useT } from "~/i18n/use-t";

export const meta: MetaFunction = () => [{ title: "Lacak pengaduan · Tindak" }, { name: "robots", content: "noindex" }];

// The code is posted, never put in a query string (which ends up in logs, history and Referer).
export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  const code = String(form.get("code") ?? "").trim().replace(/\s+/g, "");
  if (!TRACKING_CODE_PATTERN.test(code)) {
    const t = await getTranslator(request);
    return json({ error: t("complaints.error.trackCode") }, { status: 400 });
  }
  return redirect(`/track/${code}`, 303);
}

export default function Track() {
  const t = useT();
  const data = useActionData<typeof action>();
  return (
    <section className="card" style={{ maxWidth: "32rem", margin: "0 auto" }}>
      <h1>{t("complaints.track.title")}</h1>
      <p>{t("complaints.track.lead")}</p>
      <Form method="post">
        <label htmlFor="code">{t("complaints.track.code")}</label>
        <input
          id="code"
          name="code"
          autoComplete="off"
          autoCapitalize="off"
          spellCheck={false}
          required
          aria-invalid={data?.error ? true : undefined}
          aria-describedby={data?.error ? "code-error" : undefined}
        />
        {data?.error ? (
          <p className="error" id="code-error" role="alert">
            {data.error}
          </p>
        ) : null}
        <div className="actions">
          <button type="submit" className="primary">
            {t("complaints.track.submit")}
          </button>
        </div>
      </Form>
    </section>
  );
}
