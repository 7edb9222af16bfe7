import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { parseForm, replyFromError } from "~/lib/forms.server";
import { errorsOf } from "~/lib/form-reply";
import { BackLink } from "~/components/admin/admin-page";
import { requirePermission } from "~/lib/permissions.server";
import { isOneOf, ROLES } from "~/lib/codes";
import { unitOptions } from "~/models/unit.server";
import { createUser, NewUserForm } from "~/models/user.server";
import { Field, fieldA11y, FormErrorSummary } from "~/components/form-field";
import { UserFields } from "~/components/user-fields";
import { useT } from "~/i18n/use-t";
import { readCleanForm } from "~/lib/text";
import { pageTitle } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "pageTitle.newUser") }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "admin:manage");
  const url = new URL(request.url);
  // "Add a unit head" on a unit's page links here with the role and unit filled in.
  const role = url.searchParams.get("role");
  const unitId = url.searchParams.get("unitId");
  return json({
    units: await unitOptions(),
    preset: { role: isOneOf(ROLES, role) ? role : "", unitId: unitId && /^\d{1,10}$/.test(unitId) ? unitId : "" },
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requirePermission(request, "admin:manage");
  const form = await readCleanForm(request);
  // The password is never sent back to the page (parseForm keeps no password field).
  const parsed = parseForm(form, NewUserForm, "create");
  if (!parsed.ok) return parsed.reply;
  try {
    const user = await createUser(admin, parsed.value);
    return redirect(`/admin/users/${user.id}?done=created`, { status: 303 });
  } catch (error) {
    return replyFromError("create", error, form);
  }
}

export default function NewUser() {
  const t = useT();
  const { units, preset } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const values: Record<string, string> = data?.values ?? preset;
  const errors = errorsOf(data);
  return (
    <section className="card narrow">
      <BackLink to="/admin/users" label={t("admin.users")} />
      <h1>{t("admin.newUser")}</h1>
      <Form method="post" noValidate>
        <FormErrorSummary errors={errors} />
        <Field name="email" label={t("admin.user.email")} errors={errors}>
          <input
            {...fieldA11y("email", errors)}
            type="email"
            defaultValue={values.email ?? ""}
            maxLength={254}
            required
            autoComplete="off"
          />
        </Field>
        <UserFields values={values} errors={errors} units={units} />
        <Field name="password" label={t("admin.user.password")} hint={t("admin.user.passwordHint")} errors={errors}>
          <input {...fieldA11y("password", errors, true)} type="password" minLength={8} maxLength={128} required autoComplete="new-password" />
        </Field>
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {t("common.create")}
          </button>
        </div>
      </Form>
    </section>
  );
}
