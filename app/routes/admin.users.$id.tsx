import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { requirePermission } from "~/lib/permissions.server";
import { notFound, parseId } from "~/lib/http.server";
import { createSession } from "~/lib/session.server";
import { unitOptions } from "~/models/unit.server";
import { getUser, resetPassword, setUserDisabled, updateUser } from "~/models/user.server";
import { Field, fieldA11y, FormErrorSummary } from "~/components/form-field";
import { UserFields } from "~/components/user-fields";
import type { MessageKey } from "~/i18n";
import { useLocale, useT } from "~/i18n/use-t";
import { formatDateTime } from "~/lib/time";
import { readCleanForm } from "~/lib/text";
import { pageTitle } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "pageTitle.user") }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const admin = await requirePermission(request, "admin:manage");
  const id = parseId(params.id);
  const user = await getUser(id);
  if (!user) notFound();
  return json({ user, units: await unitOptions(user.unitId), self: admin.id === user.id });
}

type Intent = "save" | "password" | "disable" | "enable";

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requirePermission(request, "admin:manage");
  const id = parseId(params.id);
  const form = await readCleanForm(request);
  const field = (name: string) => (typeof form.get(name) === "string" ? (form.get(name) as string) : undefined);
  const intent = field("intent") as Intent | undefined;
  const fail = (errors: Record<string, string | undefined>, values?: Record<string, string | undefined>) =>
    json({ intent, errors, values: values ?? null }, { status: 400 });

  if (intent === "save") {
    const values = { name: field("name"), role: field("role"), unitId: field("unitId") };
    const result = await updateUser(admin, id, values);
    if (!result) notFound();
    if (!result.ok) return fail(result.errors, values);
    return redirect(`/admin/users/${id}?done=saved`, { status: 303 });
  }
  if (intent === "password") {
    const result = await resetPassword(admin, id, field("newPassword"));
    if (!result) notFound();
    if (!result.ok) return fail(result.errors);
    // A reset ends every session of the account; an admin changing their own password gets a fresh one
    // here instead of being signed out mid-task.
    const headers: HeadersInit = id === admin.id ? { "Set-Cookie": await createSession(admin.id, request) } : {};
    return redirect(`/admin/users/${id}?done=password`, { status: 303, headers });
  }
  if (intent === "disable" || intent === "enable") {
    const result = await setUserDisabled(admin, id, intent === "disable");
    if (!result) notFound();
    if (!result.ok) return fail(result.errors);
    return redirect(`/admin/users/${id}?done=${intent === "disable" ? "disabled" : "enabled"}`, { status: 303 });
  }
  return fail({ form: "error.generic" });
}

const DONE: Record<string, MessageKey> = {
  created: "admin.user.created",
  saved: "common.saved",
  password: "admin.user.passwordChanged",
  disabled: "admin.user.disabledDone",
  enabled: "admin.user.enabledDone",
};

export default function UserPage() {
  const t = useT();
  const locale = useLocale();
  const { user, units, self } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  const done = DONE[params.get("done") ?? ""];
  const busy = useNavigation().state === "submitting";
  const errorsFor = (intent: Intent) => (data && data.intent === intent ? data.errors : undefined);
  const saveErrors = errorsFor("save");
  const values = (data?.intent === "save" && data.values) || { name: user.name, role: user.role, unitId: user.unitId ? String(user.unitId) : "" };
  const statusErrors = errorsFor("disable") ?? errorsFor("enable");
  return (
    <>
      <p>
        <Link to="/admin/users">← {t("admin.users")}</Link>
      </p>
      <h1>
        {user.name}{" "}
        <span className={`badge ${user.disabledAt ? "danger" : "ok"}`} data-testid="user-status">
          {user.disabledAt ? t("admin.user.disabled") : t("common.active")}
        </span>
      </h1>
      <p className="muted break">
        {user.email} · {t(`role.${user.role}` as MessageKey)}
        {user.unit ? (
          <>
            {" · "}
            <Link to={`/admin/units/${user.unit.id}`}>{user.unit.name}</Link>
          </>
        ) : null}
      </p>
      {done && !data ? (
        <p className="success" role="status">
          {t(done)}
        </p>
      ) : null}
      <div className="grid grid-2">
        <section className="card">
          <h2>{t("admin.user.edit")}</h2>
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="save" />
            <FormErrorSummary errors={saveErrors} />
            <UserFields values={values} errors={saveErrors} units={units} />
            <div className="actions">
              <button type="submit" className="primary" disabled={busy}>
                {t("common.save")}
              </button>
            </div>
          </Form>
        </section>
        <div>
          <section className="card">
            <h2>{t("admin.user.resetPassword")}</h2>
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="password" />
              <Field name="newPassword" label={t("admin.user.newPassword")} hint={t("admin.user.passwordHint")} errors={errorsFor("password")}>
                <input
                  {...fieldA11y("newPassword", errorsFor("password"), true)}
                  type="password"
                  minLength={8}
                  maxLength={128}
                  required
                  autoComplete="new-password"
                />
              </Field>
              <div className="actions">
                <button type="submit" className="secondary" disabled={busy}>
                  {t("admin.user.resetPassword")}
                </button>
              </div>
            </Form>
          </section>
          <section className="card">
            <h2>{t("admin.user.status")}</h2>
            <p className="hint">{t("admin.user.disableHint")}</p>
            <p>
              {t("admin.user.sessions")}: {user._count.sessions}
              {user.disabledAt ? (
                <>
                  <br />
                  {t("admin.user.disabled")}: {formatDateTime(user.disabledAt, locale)}
                </>
              ) : null}
            </p>
            {statusErrors?.form ? (
              <p className="alert" role="alert">
                {t(statusErrors.form as MessageKey)}
              </p>
            ) : null}
            {self ? null : (
              <Form method="post">
                {user.disabledAt ? (
                  <button type="submit" name="intent" value="enable" className="secondary" disabled={busy}>
                    {t("admin.user.enable")}
                  </button>
                ) : (
                  <button type="submit" name="intent" value="disable" className="danger" disabled={busy}>
                    {t("admin.user.disable")}
                  </button>
                )}
              </Form>
            )}
          </section>
        </div>
      </div>
    </>
  );
}
