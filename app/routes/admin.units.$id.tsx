import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { parseForm, replyFromError } from "~/lib/forms.server";
import { errorsOf } from "~/lib/form-reply";
import { DoneMessage, RecordHeading, StateBadge, SwitchForm } from "~/components/admin/admin-page";
import { requirePermission } from "~/lib/permissions.server";
import { notFound, parseId } from "~/lib/http.server";
import { palembangRegions } from "~/lib/regions.server";
import { getUnit, setUnitActive, unitInputSchema, updateUnit } from "~/models/unit.server";
import { UnitForm } from "~/components/unit-form";
import { MiniMap } from "~/components/map/mini-map";
import type { MessageKey, MessagesHandle } from "~/i18n";
import { useT } from "~/i18n/use-t";
import { readCleanForm } from "~/lib/text";
import { pageTitle } from "~/i18n/meta";
import { map as mapMessages } from "~/i18n/messages/map";

// The messages of its capabilities load with this page, not in every page's bundle (docs/decisions/0027).
export const handle: MessagesHandle = { messages: [mapMessages] };

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "pageTitle.unit") }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, "admin:manage");
  const id = parseId(params.id);
  const [unit, regions] = await Promise.all([getUnit(id), palembangRegions()]);
  if (!unit) notFound();
  return json({ unit, regions });
}

const UnitIntent = z.object({ intent: z.enum(["save", "activate", "deactivate"], { errorMap: () => ({ message: "error.generic" }) }) });

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requirePermission(request, "admin:manage");
  const id = parseId(params.id);
  const form = await readCleanForm(request);
  const chosen = parseForm(form, UnitIntent);
  if (!chosen.ok) return chosen.reply;
  const { intent } = chosen.value;
  try {
    if (intent === "save") {
      const parsed = parseForm(form, unitInputSchema(await palembangRegions()));
      if (!parsed.ok) return parsed.reply;
      await updateUnit(admin, id, parsed.value);
      return redirect(`/admin/units/${id}?done=saved`, { status: 303 });
    }
    await setUnitActive(admin, id, intent === "activate");
    return redirect(`/admin/units/${id}?done=${intent === "activate" ? "reactivated" : "deactivated"}`, { status: 303 });
  } catch (error) {
    return replyFromError(intent, error, form);
  }
}

const DONE: Record<string, MessageKey> = {
  created: "admin.unit.created",
  saved: "common.saved",
  deactivated: "admin.unit.deactivated",
  reactivated: "admin.unit.reactivated",
};

const str = (v: number | string | null | undefined) => (v === null || v === undefined ? "" : String(v));

export default function UnitPage() {
  const t = useT();
  const { unit, regions } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const values = data?.values ?? {
    name: unit.name,
    slug: unit.slug,
    type: unit.type,
    kecamatanCode: unit.kecamatanCode,
    kelurahanCode: str(unit.kelurahanCode),
    address: str(unit.address),
    phone: str(unit.phone),
    lat: str(unit.lat),
    lng: str(unit.lng),
  };
  return (
    <>
      <RecordHeading
        back={{ to: "/admin/units", label: t("admin.units") }}
        title={unit.name}
        badge={<StateBadge on={unit.active} onLabel={t("common.active")} offLabel={t("common.inactive")} testId="unit-status" />}
      />
      <DoneMessage messages={DONE} hidden={Boolean(data)} />
      <div className="grid grid-2">
        <section className="card">
          <h2>{t("admin.unit.edit")}</h2>
          <UnitForm regions={regions} values={values} errors={errorsOf(data, "save")} submitLabel={t("common.save")} busy={busy} />
        </section>
        <div>
          <section className="card">
            <h2>{t("admin.unit.location")}</h2>
            {unit.lat !== null && unit.lng !== null ? (
              <>
                <MiniMap lat={unit.lat} lng={unit.lng} label={unit.name} mapQuery={`layer=units&unitId=${unit.id}`} />
                <p>
                  <a
                    href={`https://www.openstreetmap.org/?mlat=${unit.lat}&mlon=${unit.lng}#map=17/${unit.lat}/${unit.lng}`}
                    rel="noopener noreferrer"
                    target="_blank"
                  >
                    {t("admin.unit.openMap")}
                  </a>
                </p>
              </>
            ) : (
              <p className="muted">{t("admin.unit.noLocation")}</p>
            )}
          </section>
          <section className="card">
            <h2>{t("admin.unit.head")}</h2>
            {unit.users.length === 0 ? <p className="muted">{t("admin.unit.noHead")}</p> : null}
            <ul className="list">
              {unit.users.map((u) => (
                <li key={u.id}>
                  <Link to={`/admin/users/${u.id}`}>{u.name}</Link> <span className="muted">{u.email}</span>
                  {u.disabledAt ? <span className="badge danger">{t("admin.user.disabled")}</span> : null}
                </li>
              ))}
            </ul>
            <p>
              <Link to={`/admin/users/new?role=UNIT_HEAD&unitId=${unit.id}`}>{t("admin.unit.addHead")}</Link>
            </p>
          </section>
          <section className="card">
            <h2>{t("common.status")}</h2>
            <p className="hint">{t("admin.unit.inactiveNote")}</p>
            <SwitchForm
              isOn={unit.active}
              turnOff={{ intent: "deactivate", label: t("admin.unit.deactivate") }}
              turnOn={{ intent: "activate", label: t("admin.unit.activate") }}
              busy={busy}
            />
          </section>
        </div>
      </div>
    </>
  );
}
