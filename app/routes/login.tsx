import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useRef } from "react";
import { Form, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { requireAnonymous, safeRedirect, verifyLogin } from "~/lib/auth.server";
import { createSession } from "~/lib/session.server";
import { formReply, parseForm } from "~/lib/forms.server";
import { errorsOf } from "~/lib/form-reply";
import { useT } from "~/i18n/use-t";
import { useFocusFirstInvalid } from "~/components/form-field";
import { pageTitle } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "pageTitle.login") }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request);
  return json({});
}

const LoginSchema = z.object({
  email: z.string({ required_error: "login.emailRequired", invalid_type_error: "login.emailRequired" }).trim().min(1, "login.emailRequired").max(254, "login.tooLong").email("login.emailInvalid"),
  password: z.string({ required_error: "login.passwordRequired", invalid_type_error: "login.passwordRequired" }).min(1, "login.passwordRequired").max(1024, "login.tooLong"),
  // Never a reason to refuse the sign-in: safeRedirect turns anything odd into "/".
  redirectTo: z.unknown().optional(),
});

export async function action({ request }: ActionFunctionArgs) {
  // A body that is not a form (JSON, garbage) is a bad request, not a server error.
  const form = await request.formData().catch(() => new FormData());
  // What was typed comes back for the e-mail only (never the password), at most as long as an address.
  const values = { email: typeof form.get("email") === "string" ? String(form.get("email")).slice(0, 254) : "" };
  const parsed = parseForm(form, LoginSchema, "login");
  if (!parsed.ok) return formReply("login", parsed.fieldErrors, { values });
  const result = await verifyLogin(parsed.value.email, parsed.value.password, request);
  if (!result.ok) {
    // Unknown e-mail and wrong password get the same message and status.
    if (result.reason === "slowDown") {
      const s = result.retryAfterSeconds;
      return formReply("login", {}, { status: 429, formError: "login.slowDown", vars: { s }, values, headers: { "Retry-After": String(s) } });
    }
    const locked = result.reason === "locked";
    return formReply("login", {}, { status: locked ? 429 : 401, formError: locked ? "login.locked" : "login.invalid", values });
  }
  const cookie = await createSession(result.user.id, request);
  return redirect(safeRedirect(typeof parsed.value.redirectTo === "string" ? parsed.value.redirectTo : null, "/"), { headers: { "Set-Cookie": cookie } });
}

export default function Login() {
  const t = useT();
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  const errors = errorsOf(data) ?? {};
  // A wrong e-mail or password marks both fields (which one is wrong is not told).
  const rejected = data?.formError === "login.invalid";
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(formRef, data);
  // aria attributes of a field: its own message, or the form's "e-mail or password is wrong".
  const fieldAria = (name: "email" | "password") =>
    errors[name]
      ? { "aria-invalid": true, "aria-describedby": `${name}-error` }
      : rejected
        ? { "aria-invalid": true, "aria-describedby": "login-error" }
        : {};
  return (
    <section className="card" style={{ maxWidth: "28rem", margin: "0 auto" }}>
      <h1>{t("login.title")}</h1>
      <p className="hint">{t("login.hint")}</p>
      {data?.formError ? (
        <p className="alert" role="alert" id="login-error">
          {t(data.formError, data.vars)}
        </p>
      ) : null}
      <Form method="post" noValidate ref={formRef}>
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? ""} />
        <label htmlFor="email">{t("login.email")}</label>
        <input
          id="email"
          name="email"
          type="email"
          autoComplete="username"
          required
          maxLength={254}
          defaultValue={data?.values?.email ?? ""}
          {...fieldAria("email")}
        />
        {errors.email ? (
          <p className="error" id="email-error">
            {t(errors.email)}
          </p>
        ) : null}
        <label htmlFor="password">{t("login.password")}</label>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          {...fieldAria("password")}
        />
        {errors.password ? (
          <p className="error" id="password-error">
            {t(errors.password)}
          </p>
        ) : null}
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {t("login.submit")}
          </button>
        </div>
      </Form>
    </section>
  );
}
