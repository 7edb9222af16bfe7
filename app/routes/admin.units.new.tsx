import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { parseForm, replyFromError } from "~/lib/forms.server";
import { errorsOf } from "~/lib/form-reply";
import { BackLink } from "~/components/admin/admin-page";
import { requirePermission } from "~/lib/permissions.server";
import { palembangRegions } from "~/lib/regions.server";
import { createUnit, unitInputSchema } from "~/models/unit.server";
import { UnitForm } from "~/components/unit-form";
import { useT } from "~/i18n/use-t";
import { readCleanForm } from "~/lib/text";
import { pageTitle } from "~/i18n/meta";
import { map as mapMessages } from "~/i18n/messages/map";
import type { MessagesHandle } from "~/i18n";

// The messages of its capabilities load with this page, not in every page's bundle (docs/decisions/0027).
export const handle: MessagesHandle = { messages: [mapMessages] };

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "pageTitle.newUnit") }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "admin:manage");
  return json({ regions: await palembangRegions() });
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requirePermission(request, "admin:manage");
  const form = await readCleanForm(request);
  const parsed = parseForm(form, unitInputSchema(await palembangRegions()), "save");
  if (!parsed.ok) return parsed.reply;
  try {
    const unit = await createUnit(admin, parsed.value);
    return redirect(`/admin/units/${unit.id}?done=created`, { status: 303 });
  } catch (error) {
    return replyFromError("save", error, form);
  }
}

export default function NewUnit() {
  const t = useT();
  const { regions } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <section className="card narrow">
      <BackLink to="/admin/units" label={t("admin.units")} />
      <h1>{t("admin.newUnit")}</h1>
      <UnitForm regions={regions} values={data?.values ?? {}} errors={errorsOf(data)} submitLabel={t("common.create")} busy={busy} />
    </section>
  );
}
