import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useRef } from "react";
import { Form, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { requireAnonymous, safeRedirect, verifyLogin } from "~/lib/auth.server";
import { createSession } from "~/lib/session.server";
import { getTranslator } from "~/lib/locale.server";
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
  const t = await getTranslator(request);
  // A body that is not a form (JSON, garbage) is a bad request, not a server error.
  const form = await request.formData().catch(() => new FormData());
  const parsed = LoginSchema.safeParse({
    email: form.get("email") ?? undefined,
    password: form.get("password") ?? undefined,
    redirectTo: form.get("redirectTo") ?? undefined,
  });
  const email = typeof form.get("email") === "string" ? String(form.get("email")).slice(0, 254) : "";
  if (!parsed.success) {
    const fieldErrors: Record<string, string> = {};
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? "form");
      fieldErrors[field] ??= t(issue.message as Parameters<typeof t>[0]);
    }
    return json({ formError: null, fieldErrors, email, rejected: false }, { status: 400 });
  }
  const result = await verifyLogin(parsed.data.email, parsed.data.password, request);
  if (!result.ok) {
    // Unknown e-mail and wrong password get the same message and status.
    if (result.reason === "slowDown") {
      return json({ formError: t("login.slowDown", { s: result.retryAfterSeconds }), fieldErrors: {}, email, rejected: false }, { status: 429, headers: { "Retry-After": String(result.retryAfterSeconds) } });
    }
    const locked = result.reason === "locked";
    return json(
      // A wrong e-mail or password: both fields are marked (which one is wrong is not told).
      { formError: locked ? t("login.locked") : t("login.invalid"), fieldErrors: {}, email, rejected: !locked },
      { status: locked ? 429 : 401 },
    );
  }
  const cookie = await createSession(result.user.id, request);
  return redirect(safeRedirect(typeof parsed.data.redirectTo === "string" ? parsed.data.redirectTo : null, "/"), { headers: { "Set-Cookie": cookie } });
}

export default function Login() {
  const t = useT();
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  const errors = (data?.fieldErrors ?? {}) as Record<string, string>;
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(formRef, data);
  // aria attributes of a field: its own message, or the form's "e-mail or password is wrong".
  const fieldAria = (name: "email" | "password") =>
    errors[name]
      ? { "aria-invalid": true, "aria-describedby": `${name}-error` }
      : data?.rejected
        ? { "aria-invalid": true, "aria-describedby": "login-error" }
        : {};
  return (
    <section className="card" style={{ maxWidth: "28rem", margin: "0 auto" }}>
      <h1>{t("login.title")}</h1>
      <p className="hint">{t("login.hint")}</p>
      {data?.formError ? (
        <p className="alert" role="alert" id="login-error">
          {data.formError}
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
          defaultValue={data?.email ?? ""}
          {...fieldAria("email")}
        />
        {errors.email ? (
          <p className="error" id="email-error">
            {errors.email}
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
            {errors.password}
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
