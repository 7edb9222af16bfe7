import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useFetcher, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useEffect, useState } from "react";
import { parse, useForm } from "@conform-to/react";
import { COMPLAINT_CATEGORIES, PRIVACY_CODES } from "~/lib/codes";
import { clientIp } from "~/lib/http.server";
import { getSessionUser } from "~/lib/session.server";
import { parseFormWithPhotos, UploadError } from "~/lib/uploads.server";
import { addMeToo } from "~/models/complaint/reporter.server";
import { complaintInputErrors, complaintsFiledToday, complaintsPerDay, createComplaint, storeComplaintPhotos } from "~/models/complaint/filing.server";
import { findSimilarOpenComplaints, unitChoices } from "~/models/complaint/queries.server";
import { holdPhotos, readHeldPhotos } from "~/lib/held-photos.server";
import { MAX_PHOTOS, type SavedPhoto } from "~/lib/uploads.server";
// Zod-free on purpose: the browser bundle of this page must stay small (docs/benchmarks.md); the Zod
// schema runs on the server, in createComplaint.
import { checkComplaintForm, COMPLAINT_FIELDS, DESCRIPTION_MAX, DESCRIPTION_MIN } from "~/models/complaint/rules";
import { newComplaintCookie } from "~/lib/complaint-cookie.server";
import { findKeptAnswer, idempotencyClaim, keepAnswerRaw, keptAnswerRaw, replayAnswer, type KeptAnswer } from "~/lib/idempotency.server";
import type { MessageKey } from "~/i18n";
import { useT } from "~/i18n/use-t";
import { a11y, FieldShell } from "~/components/complaint-bits";
import { PinPicker } from "~/components/map/pin-picker";
import { UnitPicker } from "~/components/unit-picker";
import { IdempotencyKeyField } from "~/components/idempotency-key-field";
import { DraftNotice, useFormDraft } from "~/components/form-draft";
import { useQueuedSubmit } from "~/components/queued-submit";
import { SendQueueList } from "~/components/send-queue-list";
import { pageTitle } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "pageTitle.newComplaint") }];

/** The honeypot's name: a field people never see and bots fill in. */
const HONEYPOT = "website";
const COMPLAINT_INTENTS: readonly string[] = ["submit", "check", "meToo", "findUnit"];

/** A coordinate from the query string; a decimal comma (Indonesian keyboards) counts as a point. */
function num(value: string | null): number | null {
  if (!value || !/^[-+]?\d+([.,]\d+)?$/.test(value)) return null;
  return Number(value.replace(",", "."));
}

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const q = url.searchParams.get("q");
  const lat = num(url.searchParams.get("lat"));
  const lng = num(url.searchParams.get("lng"));
  const unitId = Number(url.searchParams.get("unitId"));
  const category = url.searchParams.get("category") ?? "";
  // `q` narrows the unit list in the page itself (the picker's search box), not in the query.
  const [units, similar] = await Promise.all([
    unitChoices({ lat, lng }),
    unitId > 0 && category ? findSimilarOpenComplaints(unitId, category) : Promise.resolve(null),
  ]);
  return json({ units, similar, q: q ?? "", lat, lng, unitId: unitId > 0 ? unitId : null, category });
}

type Values = Partial<Record<(typeof COMPLAINT_FIELDS)[number], string>>;
type ActionData = {
  lastResult: { status: "error"; initialValue: Values; error: Record<string, string[]> };
  formError: string | null;
  similar: Awaited<ReturnType<typeof findSimilarOpenComplaints>> | null;
  meToo?: { ref: string; count: number } | null;
  /** Photos accepted on an earlier try, kept on the server for this form (see held-photos.server.ts). */
  held?: { token: string; photos: Array<{ key: string; width: number; height: number }> } | null;
  /** A unit search sent without JavaScript: the form comes back with the list sorted again and narrowed. */
  unitSearch?: { q: string; units: Awaited<ReturnType<typeof unitChoices>> } | null;
};

function reply(values: Values, errors: Record<string, string[]>, formError: string | null, status: number, similar: ActionData["similar"] = null, held: SavedPhoto[] = [], unitSearch: ActionData["unitSearch"] = null) {
  const token = holdPhotos(held);
  const data: ActionData = {
    lastResult: { status: "error", initialValue: values, error: errors },
    formError,
    similar,
    held: token ? { token, photos: held.map((p) => ({ key: p.storageKey, width: p.width, height: p.height })) } : null,
    unitSearch,
  };
  return json(data, { status });
}

/**
 * The answer to a filed complaint: 303 to its tracking page, with the cookie that shows the "keep this
 * code" notice. A repeat of the same idempotency key gets exactly this again.
 */
async function complaintFiled(answer: KeptAnswer) {
  const complaintId = "complaintId" in answer ? answer.complaintId : undefined;
  return replayAnswer(answer, complaintId ? { "Set-Cookie": await newComplaintCookie.serialize(String(complaintId)) } : undefined);
}

/** The contract's fields as typed (the first value of each), to give the form back. */
function typedValues(form: FormData): Values {
  const values: Values = {};
  for (const name of COMPLAINT_FIELDS) {
    const v = form.get(name);
    if (typeof v === "string") values[name] = v;
  }
  return values;
}

export async function action({ request, context }: ActionFunctionArgs) {
  let parsed;
  try {
    parsed = await parseFormWithPhotos(request);
  } catch (error) {
    if (!(error instanceof UploadError)) throw error;
    const key = error.code === "photoTooLarge" ? "complaints.error.photoTooLarge" : error.code === "tooManyPhotos" ? "complaints.error.photoCount" : error.code === "bodyTooLarge" ? "complaints.error.bodyTooLarge" : "complaints.error.badForm";
    // The body was not read to its end: the form comes back with the fields read before the photo.
    return reply(typedValues(error.partial), { photos: [key] }, key, error.status);
  }
  const { form, photos } = parsed;

  // Over the per-minute limit on attempts (complaintRateLimits in http-middleware.server.ts): the form
  // comes back with what was typed and the photos held from an earlier try; nothing is checked,
  // decoded or stored. A retry of a post that did file a complaint still gets its first answer.
  if (context.overAttemptLimit === true) {
    const claim = idempotencyClaim(form, "complaint");
    const kept = claim && claim !== "invalid" ? await findKeptAnswer(claim) : null;
    if (kept) return complaintFiled(kept);
    const held = await readHeldPhotos(String(form.get("heldPhotos") ?? ""), form.getAll("keepPhoto").map(String));
    return reply(typedValues(form), {}, "complaints.error.minuteLimit", 429, null, held);
  }

  // Bots fill every field; people never see this one. Answer as if it worked, store nothing.
  if (String(form.get(HONEYPOT) ?? "") !== "") return redirect("/complaints", 303);

  // The form's three buttons; anything else is a made-up request (checked against a list, never an object's keys).
  const intent = String(form.get("intent") ?? "submit");
  if (!COMPLAINT_INTENTS.includes(intent)) return reply({}, {}, "complaints.error.badForm", 400);
  if (intent === "meToo") {
    const ref = String(form.get("ref") ?? "");
    const user = await getSessionUser(request);
    const result = await addMeToo(ref, { ip: clientIp(request), userId: user?.id ?? null });
    if (!result) return reply({}, {}, "complaints.meToo.notFound", 404);
    // A repeat changes nothing and is told so on the complaint's page (not an error).
    return redirect(`/complaints/${result.ref}?metoo=${result.counted ? "counted" : "already"}`, 303);
  }

  // Only the contract's fields are read: extra ones (status, unitHeadId, …) are ignored. A field
  // posted twice with different values is refused rather than guessed at.
  const values: Values = {};
  const errors: Record<string, string[]> = {};
  for (const name of COMPLAINT_FIELDS) {
    const all = form.getAll(name).map(String);
    if (new Set(all).size > 1) errors[name] = ["complaints.error.duplicateField"];
    if (all.length) values[name] = all[0];
  }
  if (Object.keys(errors).length) return reply(values, errors, "complaints.error.duplicateField", 400);

  // A repeat of a post that already filed a complaint (a retry, the browser's send queue) gets the
  // first answer before anything else is done: no photo stored, no allowance used, nothing created.
  const claim = idempotencyClaim(form, "complaint");
  if (claim === "invalid") return reply(values, {}, "offline.error.idempotencyKey", 400);
  const kept = claim && intent === "submit" ? await findKeptAnswer(claim) : null;
  if (kept) return complaintFiled(kept);

  // Photos kept from an earlier try count with the new ones; new ones are stored now, so that a form
  // that comes back (an error, or the "check similar" button) keeps them and nobody picks them again.
  const held = await readHeldPhotos(String(form.get("heldPhotos") ?? ""), form.getAll("keepPhoto").map(String));
  if (held.length + photos.length > MAX_PHOTOS) {
    return reply(values, { ...complaintInputErrors(values), photos: ["complaints.error.photoCount"] }, "complaints.new.errorSummary", 400, null, held);
  }
  const stored = await storeComplaintPhotos(photos);
  if (!stored.ok) return reply(values, { ...complaintInputErrors(values), photos: [stored.error] }, "complaints.new.errorSummary", stored.status, null, held);

  if (intent === "findUnit") {
    const q = String(form.get("unitQuery") ?? "").slice(0, 100);
    const units = await unitChoices({ lat: num(values.lat ?? null), lng: num(values.lng ?? null) });
    return reply(values, {}, null, 200, null, [...held, ...stored.saved], { q, units });
  }

  if (intent === "check") {
    const unitId = Number(values.unitId);
    const similar = unitId > 0 && values.category ? await findSimilarOpenComplaints(unitId, values.category) : [];
    return reply(values, {}, null, 200, similar, [...held, ...stored.saved]);
  }

  // The daily allowance counts complaints this address has filed, not attempts (issue 13): a form
  // refused for a missing field never uses it up. Refused, the form comes back with what was typed.
  if (intent === "submit" && (await complaintsFiledToday(clientIp(request))) >= complaintsPerDay()) {
    return reply(values, {}, "complaints.error.dailyLimit", 429, null, [...held, ...stored.saved]);
  }
  const result = await createComplaint(values, {
    source: "WEB",
    ip: clientIp(request),
    userAgent: request.headers.get("User-Agent"),
    savedPhotos: [...held, ...stored.saved],
    // The key is checked again and kept inside the filing transaction: two tries at once file once.
    beforeInsert: claim ? (sqlite) => keptAnswerRaw(sqlite, claim) : undefined,
    afterInsert: claim ? (sqlite, complaint, code) => keepAnswerRaw(sqlite, claim, filedAnswer(code, complaint.id)) : undefined,
  });
  if (!result.ok && result.stopped) return complaintFiled(result.stopped as KeptAnswer);
  if (!result.ok) return reply(values, result.errors, "complaints.new.errorSummary", result.status, null, [...held, ...stored.saved]);
  return complaintFiled(filedAnswer(result.trackingCode, result.complaint.id));
}

/** The code is in the path (never a query string); the cookie marks it as just created. */
function filedAnswer(trackingCode: string, complaintId: number): KeptAnswer {
  return { location: `/track/${trackingCode}`, complaintId };
}

export default function NewComplaint() {
  const t = useT();
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const navigation = useNavigation();
  const [params] = useSearchParams();
  const busy = navigation.state === "submitting" && navigation.formMethod?.toUpperCase() === "POST";
  // What is typed is kept in the browser until it is sent or discarded (a reload gives it back); a
  // form the server gave back already holds what was typed.
  const draft = useFormDraft("complaint", COMPLAINT_FIELDS, { restore: !actionData });
  // With JavaScript "Kirim" goes through the browser's send queue: kept first, sent when there is a
  // connection (docs/decisions/0021). A refusal comes back as the action's data and is shown the same way.
  const queue = useQueuedSubmit<ActionData>({
    kind: "complaint",
    url: "/complaints/new?_data=routes%2Fcomplaints.new",
    intent: "submit",
    draftId: "complaint",
    summary: (form) => String(form.get("description") ?? ""),
    onQueued: () => draft.discard(),
    onSent: () => draft.forget(),
  });
  const answer = queue.refusal ?? actionData;
  const initial: Values = draft.restored ?? answer?.lastResult.initialValue ?? {};
  // With JavaScript the file input would keep its files too: a new key empties it once they are held.
  const held = answer?.held ?? null;

  const [form, fields] = useForm({
    id: "complaint",
    lastResult: answer?.lastResult,
    defaultValue: { unitId: data.unitId ? String(data.unitId) : "", category: data.category, privacy: "anonymous", lat: data.lat !== null ? String(data.lat) : "", lng: data.lng !== null ? String(data.lng) : "" },
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    // A light check as the resident types (same message keys); the server's Zod schema decides.
    onValidate({ formData }) {
      return parse(formData, {
        resolve(payload) {
          const error = checkComplaintForm(payload);
          return Object.keys(error).length ? { error } : { value: payload };
        },
      });
    },
  });

  // With JavaScript, similar open complaints are looked up as soon as unit and category are chosen.
  const similarFetcher = useFetcher<typeof loader>();
  const [unitId, setUnitId] = useState<string>(initial.unitId ?? (data.unitId ? String(data.unitId) : ""));
  const [category, setCategory] = useState<string>(initial.category ?? data.category ?? "");
  useEffect(() => {
    if (!draft.restored) return;
    setUnitId(draft.restored.unitId ?? "");
    setCategory(draft.restored.category ?? "");
  }, [draft.restored]);
  // Sent: the server answered with the tracking page, so the draft has done its work.
  const sent = navigation.state === "loading" && navigation.formMethod !== undefined && navigation.location.pathname.startsWith("/track/");
  useEffect(() => {
    if (sent) draft.forget();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [sent]);
  useEffect(() => {
    if (unitId && category) similarFetcher.load(`/complaints/new?unitId=${encodeURIComponent(unitId)}&category=${encodeURIComponent(category)}`);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [unitId, category]);
  const similar = (unitId && category && similarFetcher.data?.similar) || answer?.similar || data.similar;

  const err = (name: string) => (fields as unknown as Record<string, { errors?: string[] }>)[name]?.errors ?? null;
  const value = (name: keyof Values, fallback = "") => initial[name] ?? fallback;

  // The location button needs JavaScript: shown only once the page is hydrated.
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);

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
            units={answer?.unitSearch?.units ?? data.units}
            emptyLabel={t("complaints.new.unitChoose")}
            defaultValue={value("unitId", data.unitId ? String(data.unitId) : "")}
            onChange={(e) => setUnitId(e.currentTarget.value)}
            optionLabel={(u) => (u.km !== null && u.km !== undefined ? `${u.name} (${t("complaints.new.km", { km: u.km.toLocaleString("id-ID") })})` : u.name)}
            searchName="unitQuery"
            searchIntent="findUnit"
            searchDefault={answer?.unitSearch?.q ?? data.q}
            selectProps={{ ...a11y("unitId", err("unitId"), true), required: true }}
          />
        </FieldShell>

        <FieldShell id="category" label={t("complaints.new.category")} hint={t("complaints.new.extortionNote")} errors={err("category")}>
          <select name="category" {...a11y("category", err("category"), true)} defaultValue={value("category", data.category)} onChange={(e) => setCategory(e.currentTarget.value)} required>
            <option value="">—</option>
            {COMPLAINT_CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {t(`category.${c}` as MessageKey)}
              </option>
            ))}
          </select>
        </FieldShell>

        {similar ? (
          <section className="notice" aria-live="polite" data-testid="similar">
            <h2>{t("complaints.similar.title")}</h2>
            {similar.length === 0 ? (
              <p>{t("complaints.similar.none")}</p>
            ) : (
              <>
                <p>{t("complaints.similar.lead")}</p>
                <ul className="list">
                  {similar.map((s) => (
                    <li key={s.ref}>
                      <Link to={`/complaints/${s.ref}`}>{s.ref}</Link> — {s.summary}
                      <div className="muted">{t("complaints.similar.count", { n: s.meTooCount })}</div>
                      <button type="submit" form="metoo-form" name="ref" value={s.ref} className="secondary">
                        {t("complaints.similar.meToo")}
                      </button>
                    </li>
                  ))}
                </ul>
              </>
            )}
          </section>
        ) : null}

        <FieldShell id="description" label={t("complaints.new.description")} hint={t("complaints.new.descriptionHint")} errors={err("description")}>
          <textarea name="description" rows={6} minLength={DESCRIPTION_MIN} maxLength={DESCRIPTION_MAX} {...a11y("description", err("description"), true)} defaultValue={value("description")} required />
        </FieldShell>

        <fieldset aria-describedby={err("privacy")?.length ? "privacy-error" : undefined}>
          <legend>{t("complaints.new.privacy")}</legend>
          {PRIVACY_CODES.map((p) => (
            <div key={p} className="radio" style={{ margin: "0.5rem 0" }}>
              <label htmlFor={`privacy-${p}`} style={{ fontWeight: "normal" }}>
                <input type="radio" name="privacy" id={`privacy-${p}`} value={p} defaultChecked={value("privacy", "anonymous") === p} style={{ marginRight: "0.5rem" }} />
                <strong>{t(`privacy.${p}` as MessageKey)}</strong> — {t(`complaints.new.privacy.${p}` as MessageKey)}
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

        {held ? (
          <fieldset data-testid="held-photos">
            <legend>{t("complaints.new.heldPhotos", { n: held.photos.length })}</legend>
            <p className="hint">{t("complaints.new.heldPhotosHint")}</p>
            <input type="hidden" name="heldPhotos" value={held.token} />
            {held.photos.map((p, i) => (
              <div key={p.key} className="radio">
                <label style={{ fontWeight: "normal" }}>
                  <input type="checkbox" name="keepPhoto" value={p.key} defaultChecked style={{ marginRight: "0.5rem" }} />
                  {t("complaints.new.heldPhoto", { n: i + 1, size: `${p.width}×${p.height}` })}
                </label>
              </div>
            ))}
          </fieldset>
        ) : null}

        <FieldShell id="photos" label={held ? t("complaints.new.morePhotos") : t("complaints.new.photos")} hint={t("complaints.new.photosHint")} errors={err("photos")}>
          <input
            key={held?.token ?? "photos"}
            type="file"
            name="photos"
            multiple
            accept="image/jpeg,image/png,image/webp"
            {...a11y("photos", err("photos"), true)}
          />
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
          <button type="submit" name="intent" value="submit" className="primary" disabled={busy || queue.sending}>
            {busy || queue.sending ? t("complaints.new.sending") : t("complaints.new.submit")}
          </button>
        </div>
      </Form>
    </section>
  );
}
