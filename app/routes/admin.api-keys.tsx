import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { useLocale, useT } from "~/i18n/use-t";
import { requirePermission } from "~/lib/permissions.server";
import { notFound } from "~/lib/http.server";
import { formatDateTime } from "~/lib/time";
import { createApiKey, listApiKeys, revokeApiKey, setApiKeyQuota } from "~/models/api-key.server";
import { QUOTA_LIMITS } from "~/models/api-key-quota";
import { readCleanForm } from "~/lib/text";
import { formReply, intentIn, parseForm } from "~/lib/forms.server";
import { errorsOf, type FormReply } from "~/lib/form-reply";
import { pageTitle } from "~/i18n/meta";
import { transparency as transparencyMessages } from "~/i18n/messages/transparency";
import { followups as followupsMessages } from "~/i18n/messages/followups";
import type { MessagesHandle } from "~/i18n";

// The messages of its capabilities load with this page, not in every page's bundle (docs/decisions/0027).
export const handle: MessagesHandle = { messages: [transparencyMessages, followupsMessages] };

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "pageTitle.apiKeys") }];

// /admin/api-keys (ADMIN): create Open311 keys (shown once), set each key's quotas (issue 14) and revoke them (issue 7).
export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "admin:manage");
  const keys = await listApiKeys();
  return json({
    keys: keys.map((k) => ({
      id: k.id,
      name: k.name,
      prefix: k.prefix,
      createdAt: k.createdAt.toISOString(),
      lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
      revokedAt: k.revokedAt?.toISOString() ?? null,
      createdBy: k.createdBy?.name ?? null,
      complaints: k._count.complaints,
      perMinuteLimit: k.perMinuteLimit,
      perDayLimit: k.perDayLimit,
    })),
  });
}

const id = z.coerce.number({ invalid_type_error: "apikeys.quotaInvalid" }).int().positive().max(2_147_483_647);
const wholeNumber = (min: number, max: number) =>
  z.string({ required_error: "apikeys.quotaInvalid", invalid_type_error: "apikeys.quotaInvalid" }).trim().regex(/^\d{1,7}$/, "apikeys.quotaInvalid").transform(Number).pipe(z.number().int().min(min, "apikeys.quotaInvalid").max(max, "apikeys.quotaInvalid"));
const SCHEMAS = {
  create: z.object({ name: z.string({ required_error: "apikeys.nameRequired", invalid_type_error: "apikeys.nameRequired" }).trim().min(2, "apikeys.nameRequired").max(100, "apikeys.nameRequired") }),
  quota: z
    .object({
      id,
      perMinuteLimit: wholeNumber(QUOTA_LIMITS.perMinute.min, QUOTA_LIMITS.perMinute.max),
      perDayLimit: wholeNumber(QUOTA_LIMITS.perDay.min, QUOTA_LIMITS.perDay.max),
    })
    .refine((q) => q.perMinuteLimit <= q.perDayLimit, { message: "apikeys.quotaInvalid", path: ["perDayLimit"] }),
  revoke: z.object({ id }),
};

/** What a successful intent hands back to the page: the new key (shown this once), or the saved quota. */
type Done = { created?: { name: string; key: string }; revoked?: true; quotaSaved?: { id: number; name: string; perMinute: number; perDay: number } };
const done = (intent: string, extra: Done, headers?: HeadersInit) => json<FormReply<Done>>({ intent, fieldErrors: {}, extra }, { headers });

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requirePermission(request, "admin:manage");
  const form = await readCleanForm(request);
  const intent = intentIn(SCHEMAS, form.get("intent"));
  if (!intent) return formReply(String(form.get("intent") ?? ""), {}, { formError: "fu.error.badIntent" });
  if (intent === "revoke") {
    const parsed = parseForm(form, SCHEMAS.revoke, intent);
    if (!parsed.ok || !(await revokeApiKey(parsed.value.id, admin.id))) notFound();
    return done(intent, { revoked: true });
  }
  if (intent === "quota") {
    // A key that is not there (or not a number) is a 404, before the quotas are looked at.
    if (!id.safeParse(form.get("id")).success) notFound();
    const parsed = parseForm(form, SCHEMAS.quota, intent);
    if (!parsed.ok) return parsed.reply;
    const { id: keyId, perMinuteLimit, perDayLimit } = parsed.value;
    const key = await setApiKeyQuota(keyId, { perMinuteLimit, perDayLimit }, admin.id);
    if (!key) notFound();
    return done(intent, { quotaSaved: { id: keyId, name: key.name, perMinute: perMinuteLimit, perDay: perDayLimit } });
  }
  const parsed = parseForm(form, SCHEMAS.create, intent);
  if (!parsed.ok) return parsed.reply;
  const created = await createApiKey({ name: parsed.value.name, createdById: admin.id });
  // The key is in this one response only; the page never shows it again.
  return done(intent, { created: { name: created.name, key: created.key } }, { "Cache-Control": "no-store" });
}

export default function ApiKeysPage() {
  const { keys } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as FormReply<Done> | undefined;
  const result = reply?.extra;
  const navigation = useNavigation();
  const t = useT();
  const locale = useLocale();
  const nameError = errorsOf(reply, "create")?.name ? t("apikeys.nameRequired") : null;
  // A refused quota comes back with what was typed, for the key it was typed for.
  const quotaError = errorsOf(reply, "quota") && reply?.values ? { id: Number(reply.values.id), perMinuteLimit: (reply.values.perMinuteLimit ?? "").slice(0, 20), perDayLimit: (reply.values.perDayLimit ?? "").slice(0, 20) } : null;
  return (
    <section data-testid="api-keys">
      <h1>{t("apikeys.title")}</h1>
      <p>{t("apikeys.lead")}</p>
      {result?.created ? (
        <div className="success" role="status" data-testid="new-key">
          <p>{t("apikeys.created", { name: result.created.name })}</p>
          <p>
            <code style={{ wordBreak: "break-all", fontSize: "1.1rem" }}>{result.created.key}</code>
          </p>
        </div>
      ) : null}
      {result?.revoked ? (
        <p className="success" role="status">
          {t("apikeys.revokedOk")}
        </p>
      ) : null}
      {result?.quotaSaved ? (
        <p className="success" role="status" data-testid="quota-saved">
          {t("apikeys.quotaSaved", { name: result.quotaSaved.name, perMinute: result.quotaSaved.perMinute.toLocaleString(locale), perDay: result.quotaSaved.perDay.toLocaleString(locale) })}
        </p>
      ) : null}
      <Form method="post" className="card">
        <input type="hidden" name="intent" value="create" />
        <label htmlFor="key-name">{t("apikeys.name")}</label>
        <input
          id="key-name"
          name="name"
          required
          minLength={2}
          maxLength={100}
          aria-invalid={nameError ? true : undefined}
          aria-describedby={nameError ? "key-name-error" : undefined}
        />
        {nameError ? (
          <p id="key-name-error" className="error">
            {nameError}
          </p>
        ) : null}
        <div className="actions">
          <button type="submit" className="primary" disabled={navigation.state === "submitting"}>
            {t("apikeys.create")}
          </button>
        </div>
      </Form>
      {keys.length === 0 ? <p>{t("apikeys.empty")}</p> : null}
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t("common.name")}</th>
              <th scope="col">{t("apikeys.prefix")}</th>
              <th scope="col">{t("apikeys.createdAt")}</th>
              <th scope="col">{t("apikeys.lastUsed")}</th>
              <th scope="col">{t("apikeys.complaints")}</th>
              <th scope="col">{t("apikeys.quota")}</th>
              <th scope="col">{t("apikeys.status")}</th>
            </tr>
          </thead>
          <tbody>
            {keys.map((k) => (
              <tr key={k.id} data-key-id={k.id}>
                <th scope="row">{k.name}</th>
                <td>
                  <code>{k.prefix}…</code>
                </td>
                <td>
                  {formatDateTime(k.createdAt, locale)}
                  {k.createdBy ? <div className="muted">{k.createdBy}</div> : null}
                </td>
                <td>{k.lastUsedAt ? formatDateTime(k.lastUsedAt, locale) : t("apikeys.never")}</td>
                <td>{k.complaints}</td>
                <td>
                  <QuotaForm apiKey={k} error={quotaError?.id === k.id ? quotaError : null} />
                </td>
                <td>
                  {k.revokedAt ? (
                    <span className="badge">{t("apikeys.revoked", { at: formatDateTime(k.revokedAt, locale) })}</span>
                  ) : (
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="intent" value="revoke" />
                      <input type="hidden" name="id" value={k.id} />
                      <span className="badge ok">{t("apikeys.active")}</span>{" "}
                      <button type="submit" className="danger" aria-label={`${t("apikeys.revoke")}: ${k.name}`}>
                        {t("apikeys.revoke")}
                      </button>
                    </Form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="hint">{t("apikeys.quotaHint")}</p>
      <p className="hint">{t("apikeys.docs")}</p>
    </section>
  );
}

/** One key's quotas: two whole numbers, saved together. A refused entry is shown again with the error. */
function QuotaForm({ apiKey, error }: { apiKey: { id: number; name: string; perMinuteLimit: number; perDayLimit: number }; error: { perMinuteLimit: string; perDayLimit: string } | null }) {
  const t = useT();
  const errorId = `quota-error-${apiKey.id}`;
  const invalid = error ? true : undefined;
  return (
    <Form method="post" className="inline-form" data-testid={`quota-${apiKey.id}`}>
      <input type="hidden" name="intent" value="quota" />
      <input type="hidden" name="id" value={apiKey.id} />
      <label>
        {t("apikeys.perMinute")}{" "}
        <input name="perMinuteLimit" type="number" inputMode="numeric" min={QUOTA_LIMITS.perMinute.min} max={QUOTA_LIMITS.perMinute.max} step={1} required size={6}
          defaultValue={error ? error.perMinuteLimit : apiKey.perMinuteLimit} aria-invalid={invalid} aria-describedby={error ? errorId : undefined} />
      </label>{" "}
      <label>
        {t("apikeys.perDay")}{" "}
        <input name="perDayLimit" type="number" inputMode="numeric" min={QUOTA_LIMITS.perDay.min} max={QUOTA_LIMITS.perDay.max} step={1} required size={8}
          defaultValue={error ? error.perDayLimit : apiKey.perDayLimit} aria-invalid={invalid} aria-describedby={error ? errorId : undefined} />
      </label>{" "}
      <button type="submit" aria-label={`${t("apikeys.saveQuota")}: ${apiKey.name}`}>
        {t("apikeys.saveQuota")}
      </button>
      {error ? (
        <p id={errorId} className="error" role="alert">
          {t("apikeys.quotaInvalid")}
        </p>
      ) : null}
    </Form>
  );
}
