import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requirePermission } from "~/lib/permissions.server";
import { isOneOf, ROLES } from "~/lib/codes";
import { unitOptions } from "~/models/unit.server";
import { createUser } from "~/models/user.server";
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
  const field = (name: string) => (typeof form.get(name) === "string" ? (form.get(name) as string) : undefined);
  const values = { email: field("email"), name: field("name"), role: field("role"), unitId: field("unitId") };
  const result = await createUser(admin, { ...values, password: field("password") });
  // The password is never sent back to the page.
  if (!result.ok) return json({ errors: result.errors, values: { ...values, email: values.email?.slice(0, 254) } }, { status: 400 });
  return redirect(`/admin/users/${result.value.id}?done=created`, { status: 303 });
}

export default function NewUser() {
  const t = useT();
  const { units, preset } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const values = data?.values ?? preset;
  const errors = data?.errors;
  return (
    <section className="card narrow">
      <p>
        <Link to="/admin/users">← {t("admin.users")}</Link>
      </p>
      <h1>{t("admin.newUser")}</h1>
      <Form method="post" noValidate>
        <FormErrorSummary errors={errors} />
        <Field name="email" label={t("admin.user.email")} errors={errors}>
          <input
            {...fieldA11y("email", errors)}
            type="email"
            defaultValue={"email" in values ? values.email ?? "" : ""}
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
