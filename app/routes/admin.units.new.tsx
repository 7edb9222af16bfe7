import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requirePermission } from "~/lib/permissions.server";
import { palembangRegions } from "~/lib/regions.server";
import { createUnit, unitFormValues } from "~/models/unit.server";
import { UnitForm } from "~/components/unit-form";
import { useT } from "~/i18n/use-t";
import { readCleanForm } from "~/lib/text";
import { pageTitle } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "pageTitle.newUnit") }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "admin:manage");
  return json({ regions: await palembangRegions() });
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requirePermission(request, "admin:manage");
  const values = unitFormValues(await readCleanForm(request));
  const result = await createUnit(admin, values);
  if (!result.ok) return json({ errors: result.errors, values }, { status: 400 });
  return redirect(`/admin/units/${result.value.id}?done=created`, { status: 303 });
}

export default function NewUnit() {
  const t = useT();
  const { regions } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <section className="card narrow">
      <p>
        <Link to="/admin/units">← {t("admin.units")}</Link>
      </p>
      <h1>{t("admin.newUnit")}</h1>
      <UnitForm regions={regions} values={data?.values ?? {}} errors={data?.errors} submitLabel={t("common.create")} busy={busy} />
    </section>
  );
}
