import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { parseForm, replyFromError } from "~/lib/forms.server";
import { errorsOf } from "~/lib/form-reply";
import { DoneMessage, RecordHeading, StateBadge, SwitchForm } from "~/components/admin/admin-page";
import { requirePermission } from "~/lib/permissions.server";
import { notFound, parseId } from "~/lib/http.server";
import { createSession } from "~/lib/session.server";
import { unitOptions } from "~/models/unit.server";
import { EditUserForm, getUser, PasswordForm, resetPassword, setUserDisabled, updateUser } from "~/models/user.server";
import { Field, fieldA11y, FormErrorSummary } from "~/components/form-field";
import { UserFields } from "~/components/user-fields";
import type { MessageKey } from "~/i18n";
import { useLocale, useT } from "~/i18n/use-t";
import { formatDateTime } from "~/lib/time";
import { readCleanForm } from "~/lib/text";
import { pageTitle } from "~/i18n/meta";
import { codeKey } from "~/i18n";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "pageTitle.user") }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const admin = await requirePermission(request, "admin:manage");
  const id = parseId(params.id);
  const user = await getUser(id);
  if (!user) notFound();
  return json({ user, units: await unitOptions(user.unitId), self: admin.id === user.id });
}

const UserIntent = z.object({ intent: z.enum(["save", "password", "disable", "enable"], { errorMap: () => ({ message: "error.generic" }) }) });

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requirePermission(request, "admin:manage");
  const id = parseId(params.id);
  const form = await readCleanForm(request);
  const chosen = parseForm(form, UserIntent);
  if (!chosen.ok) return chosen.reply;
  const { intent } = chosen.value;
  try {
    if (intent === "save") {
      const parsed = parseForm(form, EditUserForm);
      if (!parsed.ok) return parsed.reply;
      await updateUser(admin, id, parsed.value);
      return redirect(`/admin/users/${id}?done=saved`, { status: 303 });
    }
    if (intent === "password") {
      const parsed = parseForm(form, PasswordForm);
      if (!parsed.ok) return parsed.reply;
      await resetPassword(admin, id, parsed.value.newPassword);
      // A reset ends every session of the account; an admin changing their own password gets a fresh one
      // here instead of being signed out mid-task.
      const headers: HeadersInit = id === admin.id ? { "Set-Cookie": await createSession(admin.id, request) } : {};
      return redirect(`/admin/users/${id}?done=password`, { status: 303, headers });
    }
    await setUserDisabled(admin, id, intent === "disable");
    return redirect(`/admin/users/${id}?done=${intent === "disable" ? "disabled" : "enabled"}`, { status: 303 });
  } catch (error) {
    return replyFromError(intent, error, form);
  }
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
  const busy = useNavigation().state === "submitting";
  const saveErrors = errorsOf(data, "save");
  const passwordErrors = errorsOf(data, "password");
  const values = (data?.intent === "save" && data.values) || { name: user.name, role: user.role, unitId: user.unitId ? String(user.unitId) : "" };
  const statusErrors = errorsOf(data, "disable") ?? errorsOf(data, "enable");
  return (
    <>
      <RecordHeading
        back={{ to: "/admin/users", label: t("admin.users") }}
        title={user.name}
        badge={<StateBadge on={!user.disabledAt} onLabel={t("common.active")} offLabel={t("admin.user.disabled")} offClass="danger" testId="user-status" />}
      />
      <p className="muted break">
        {user.email} · {t(codeKey("role", user.role))}
        {user.unit ? (
          <>
            {" · "}
            <Link to={`/admin/units/${user.unit.id}`}>{user.unit.name}</Link>
          </>
        ) : null}
      </p>
      <DoneMessage messages={DONE} hidden={Boolean(data)} />
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
              <Field name="newPassword" label={t("admin.user.newPassword")} hint={t("admin.user.passwordHint")} errors={passwordErrors}>
                <input
                  {...fieldA11y("newPassword", passwordErrors, true)}
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
                {t(statusErrors.form)}
              </p>
            ) : null}
            {self ? null : (
              <SwitchForm
                isOn={!user.disabledAt}
                turnOff={{ intent: "disable", label: t("admin.user.disable") }}
                turnOn={{ intent: "enable", label: t("admin.user.enable") }}
                busy={busy}
              />
            )}
          </section>
        </div>
      </div>
    </>
  );
}
