import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useLoaderData, useSearchParams } from "@remix-run/react";
import { COMPLAINT_CATEGORIES, PRIVACY_CODES } from "~/lib/codes";
import { complaintFormAction, coordinateParam, HONEYPOT } from "~/lib/complaint-actions.server";
import { findSimilarOpenComplaints, unitChoices } from "~/models/complaint/queries.server";
import { DESCRIPTION_MAX, DESCRIPTION_MIN } from "~/models/complaint/rules";
import type { MessageKey, MessagesHandle } from "~/i18n";
import { codeKey } from "~/i18n";
import { useT } from "~/i18n/use-t";
import { a11y, FieldShell } from "~/components/complaint-bits";
import { PinPicker } from "~/components/map/pin-picker";
import { UnitPicker } from "~/components/unit-picker";
import { IdempotencyKeyField } from "~/components/idempotency-key-field";
import { DraftNotice } from "~/components/form-draft";
import { SendQueueList } from "~/components/send-queue-list";
import { HeldPhotoChoice } from "~/components/complaint/held-photos";
import { SimilarComplaints } from "~/components/complaint/similar-complaints";
import { useComplaintForm } from "~/components/complaint/use-complaint-form";
import { PhotoShrinkProgress } from "~/components/photo-shrink";
import { pageTitle } from "~/i18n/meta";
import { complaints as complaintsMessages } from "~/i18n/messages/complaints";
import { offline as offlineMessages } from "~/i18n/messages/offline";
import { map as mapMessages } from "~/i18n/messages/map";

// The messages of its capabilities load with this page, not in every page's bundle (docs/decisions/0027).
export const handle: MessagesHandle = { messages: [complaintsMessages, offlineMessages, mapMessages] };

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "pageTitle.newComplaint") }];

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const q = url.searchParams.get("q");
  const lat = coordinateParam(url.searchParams.get("lat"));
  const lng = coordinateParam(url.searchParams.get("lng"));
  const unitId = Number(url.searchParams.get("unitId"));
  const category = url.searchParams.get("category") ?? "";
  // `q` narrows the unit list in the page itself (the picker's search box), not in the query.
  const [units, similar] = await Promise.all([
    unitChoices({ lat, lng }),
    unitId > 0 && category ? findSimilarOpenComplaints(unitId, category) : Promise.resolve(null),
  ]);
  return json({ units, similar, q: q ?? "", lat, lng, unitId: unitId > 0 ? unitId : null, category });
}

export function action({ request, context }: ActionFunctionArgs) {
  return complaintFormAction(request, context);
}

export default function NewComplaint() {
  const t = useT();
  const data = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const { form, answer, draft, queue, busy, shrink, hydrated, similar, held, setUnitId, setCategory, err, value } = useComplaintForm(data);

  const locate = () => {
    if (!("geolocation" in navigator)) return;
    navigator.geolocation.getCurrentPosition((pos) => {
      const next = new URLSearchParams(params);
      next.set("lat", pos.coords.latitude.toFixed(5));
      next.set("lng", pos.coords.longitude.toFixed(5));
      window.location.search = next.toString();
    });
  };

  return (
    <section className="card complaint-form">
      <h1>{t("complaints.new.title")}</h1>
      <p>{t("complaints.new.lead")}</p>

      {answer?.formError ? (
        <p className="alert" role="alert" id="complaint-error">
          {t(answer.formError as MessageKey)}
        </p>
      ) : null}
      {queue.queued ? (
        <p className="notice" role="status" data-testid="queued-notice">
          {t("offline.queue.queued")}
        </p>
      ) : null}
      <SendQueueList />

      {hydrated ? (
        <p className="actions">
          <button type="button" className="secondary" onClick={locate}>
            {t("complaints.new.useLocation")}
          </button>
        </p>
      ) : null}

      {/* The "me too" buttons sit inside the complaint form but submit this one (form attribute). */}
      <Form method="post" id="metoo-form">
        <input type="hidden" name="intent" value="meToo" />
      </Form>

      <Form
        key={draft.formKey}
        method="post"
        encType="multipart/form-data"
        id={form.id}
        onSubmit={(event) => {
          form.onSubmit(event);
          queue.onSubmit(event);
        }}
        onChange={(e) => draft.save(e.currentTarget)}
        noValidate
        aria-describedby={answer?.formError ? "complaint-error" : undefined}
      >
        <FieldShell id="unitId" label={t("complaints.new.unit")} hint={t("complaints.new.unitHint")} errors={err("unitId")}>
          {/* Searching works without JavaScript too: the search box and its button belong to this form. */}
          <UnitPicker
            id="unitId"
            units={answer?.extra?.unitSearch?.units ?? data.units}
            emptyLabel={t("complaints.new.unitChoose")}
            defaultValue={value("unitId", data.unitId ? String(data.unitId) : "")}
            onChange={(e) => setUnitId(e.currentTarget.value)}
            optionLabel={(u) => (u.km !== null && u.km !== undefined ? `${u.name} (${t("complaints.new.km", { km: u.km.toLocaleString("id-ID") })})` : u.name)}
            searchName="unitQuery"
            searchIntent="findUnit"
            searchDefault={answer?.extra?.unitSearch?.q ?? data.q}
            selectProps={{ ...a11y("unitId", err("unitId"), true), required: true }}
          />
        </FieldShell>

        <FieldShell id="category" label={t("complaints.new.category")} hint={t("complaints.new.extortionNote")} errors={err("category")}>
          <select name="category" {...a11y("category", err("category"), true)} defaultValue={value("category", data.category)} onChange={(e) => setCategory(e.currentTarget.value)} required>
            <option value="">—</option>
            {COMPLAINT_CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {t(codeKey("category", c))}
              </option>
            ))}
          </select>
        </FieldShell>

        {similar.shown ? <SimilarComplaints similar={similar.list} looking={similar.looking} open={similar.open} /> : null}

        <FieldShell id="description" label={t("complaints.new.description")} hint={t("complaints.new.descriptionHint")} errors={err("description")}>
          <textarea name="description" rows={6} minLength={DESCRIPTION_MIN} maxLength={DESCRIPTION_MAX} {...a11y("description", err("description"), true)} defaultValue={value("description")} required />
        </FieldShell>

        <fieldset aria-describedby={err("privacy")?.length ? "privacy-error" : undefined}>
          <legend>{t("complaints.new.privacy")}</legend>
          {PRIVACY_CODES.map((p) => (
            <div key={p} className="radio" style={{ margin: "0.5rem 0" }}>
              <label htmlFor={`privacy-${p}`} style={{ fontWeight: "normal" }}>
                <input type="radio" name="privacy" id={`privacy-${p}`} value={p} defaultChecked={value("privacy", "anonymous") === p} style={{ marginRight: "0.5rem" }} />
                <strong>{t(codeKey("privacy", p))}</strong> — {t(codeKey("complaints.new.privacy", p))}
              </label>
            </div>
          ))}
          {err("privacy")?.length ? (
            <p className="error" id="privacy-error">
              {err("privacy")!.map((e) => t(e as MessageKey)).join(" ")}
            </p>
          ) : null}
        </fieldset>

        <fieldset id="location">
          <legend>{t("complaints.new.location")}</legend>
          <p className="hint" id="location-hint">
            {t("complaints.new.locationHint")}
          </p>
          <PinPicker />
          <FieldShell id="lat" label={t("complaints.new.lat")} errors={err("lat")}>
            <input name="lat" inputMode="decimal" autoComplete="off" {...a11y("lat", err("lat"))} defaultValue={value("lat", data.lat !== null ? String(data.lat) : "")} />
          </FieldShell>
          <FieldShell id="lng" label={t("complaints.new.lng")} errors={err("lng")}>
            <input name="lng" inputMode="decimal" autoComplete="off" {...a11y("lng", err("lng"))} defaultValue={value("lng", data.lng !== null ? String(data.lng) : "")} />
          </FieldShell>
        </fieldset>

        {held ? <HeldPhotoChoice held={held} /> : null}

        <FieldShell id="photos" label={held ? t("complaints.new.morePhotos") : t("complaints.new.photos")} hint={t("complaints.new.photosHint")} errors={err("photos")}>
          <input
            key={held?.token ?? "photos"}
            type="file"
            name="photos"
            multiple
            accept="image/jpeg,image/png,image/webp"
            onChange={shrink.onChange}
            {...a11y("photos", err("photos"), true)}
          />
          <PhotoShrinkProgress progress={shrink.progress} onCancel={shrink.cancel} />
        </FieldShell>

        <fieldset>
          <legend>{t("complaints.new.contact")}</legend>
          <p className="hint">{t("complaints.new.contactHint")}</p>
          <FieldShell id="reporterName" label={t("complaints.new.name")} errors={err("reporterName")}>
            <input name="reporterName" autoComplete="name" maxLength={120} {...a11y("reporterName", err("reporterName"))} defaultValue={value("reporterName")} />
          </FieldShell>
          <FieldShell id="reporterPhone" label={t("complaints.new.phone")} hint={t("complaints.new.phoneHint")} errors={err("reporterPhone")}>
            <input name="reporterPhone" type="tel" autoComplete="tel" maxLength={20} {...a11y("reporterPhone", err("reporterPhone"), true)} defaultValue={value("reporterPhone")} />
          </FieldShell>
          <FieldShell id="reporterEmail" label={t("complaints.new.email")} hint={t("complaints.new.emailHint")} errors={err("reporterEmail")}>
            <input name="reporterEmail" type="email" autoComplete="email" maxLength={254} {...a11y("reporterEmail", err("reporterEmail"), true)} defaultValue={value("reporterEmail")} />
          </FieldShell>
        </fieldset>

        <IdempotencyKeyField />
        <div className="hp-field" aria-hidden="true">
          <label htmlFor={HONEYPOT}>{t("complaints.new.hp")}</label>
          <input id={HONEYPOT} name={HONEYPOT} type="text" tabIndex={-1} autoComplete="off" defaultValue="" />
        </div>

        {/* Below the fields, so that its appearing at the first keystroke does not move what is being typed. */}
        <DraftNotice state={draft.state} onDiscard={draft.discard} />

        <div className="actions">
          <button type="submit" name="intent" value="check" className="secondary" formNoValidate>
            {t("complaints.new.check")}
          </button>
          <button type="submit" name="intent" value="submit" className="primary" disabled={busy || queue.sending || shrink.progress !== null}>
            {busy || queue.sending ? t("complaints.new.sending") : t("complaints.new.submit")}
          </button>
        </div>
      </Form>
    </section>
  );
}
