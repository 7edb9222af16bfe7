import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { useLocale, useT } from "~/i18n/use-t";
import { requirePermission } from "~/lib/permissions.server";
import { notFound } from "~/lib/http.server";
import { formatDateTime } from "~/lib/time";
import { createApiKey, listApiKeys, QUOTA_LIMITS, revokeApiKey, setApiKeyQuota } from "~/models/api-key.server";
import { readCleanForm } from "~/lib/text";
import { pageTitle } from "~/i18n/meta";

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

const CreateSchema = z.object({ intent: z.literal("create"), name: z.string().trim().min(2).max(100) });
const wholeNumber = (min: number, max: number) => z.string().trim().regex(/^\d{1,7}$/).transform(Number).pipe(z.number().int().min(min).max(max));
const QuotaSchema = z
  .object({
    intent: z.literal("quota"),
    id: z.coerce.number().int().positive().max(2_147_483_647),
    perMinuteLimit: wholeNumber(QUOTA_LIMITS.perMinute.min, QUOTA_LIMITS.perMinute.max),
    perDayLimit: wholeNumber(QUOTA_LIMITS.perDay.min, QUOTA_LIMITS.perDay.max),
  })
  .refine((q) => q.perMinuteLimit <= q.perDayLimit);
const RevokeSchema = z.object({ intent: z.literal("revoke"), id: z.coerce.number().int().positive().max(2_147_483_647) });

type ActionData =
  | { ok: true; created: { name: string; key: string } }
  | { ok: true; revoked: true }
  | { ok: true; quotaSaved: { id: number; name: string; perMinute: number; perDay: number } }
  | { ok: false; error: "nameRequired" }
  | { ok: false; error: "quotaInvalid"; id: number; perMinuteLimit: string; perDayLimit: string };

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requirePermission(request, "admin:manage");
  const form = Object.fromEntries(await readCleanForm(request));
  if (form.intent === "revoke") {
    const parsed = RevokeSchema.safeParse(form);
    if (!parsed.success || !(await revokeApiKey(parsed.data.id, admin.id))) notFound();
    return json<ActionData>({ ok: true, revoked: true });
  }
  if (form.intent === "quota") {
    const id = Number(form.id);
    if (!Number.isSafeInteger(id) || id <= 0 || id > 2_147_483_647) notFound();
    const parsed = QuotaSchema.safeParse(form);
    if (!parsed.success) {
      const given = (v: unknown) => (typeof v === "string" ? v.slice(0, 20) : "");
      return json<ActionData>({ ok: false, error: "quotaInvalid", id, perMinuteLimit: given(form.perMinuteLimit), perDayLimit: given(form.perDayLimit) }, { status: 400 });
    }
    const { perMinuteLimit, perDayLimit } = parsed.data;
    const key = await setApiKeyQuota(id, { perMinuteLimit, perDayLimit }, admin.id);
    if (!key) notFound();
    return json<ActionData>({ ok: true, quotaSaved: { id, name: key.name, perMinute: perMinuteLimit, perDay: perDayLimit } });
  }
  const parsed = CreateSchema.safeParse(form);
  if (!parsed.success) return json<ActionData>({ ok: false, error: "nameRequired" }, { status: 400 });
  const created = await createApiKey({ name: parsed.data.name, createdById: admin.id });
  // The key is in this one response only; the page never shows it again.
  return json<ActionData>({ ok: true, created: { name: created.name, key: created.key } }, { headers: { "Cache-Control": "no-store" } });
}

export default function ApiKeysPage() {
  const { keys } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionData | undefined;
  const navigation = useNavigation();
  const t = useT();
  const locale = useLocale();
  const nameError = result && !result.ok && result.error === "nameRequired" ? t("apikeys.nameRequired") : null;
  const quotaError = result && !result.ok && result.error === "quotaInvalid" ? result : null;
  return (
    <section data-testid="api-keys">
      <h1>{t("apikeys.title")}</h1>
      <p>{t("apikeys.lead")}</p>
      {result && result.ok && "created" in result ? (
        <div className="success" role="status" data-testid="new-key">
          <p>{t("apikeys.created", { name: result.created.name })}</p>
          <p>
            <code style={{ wordBreak: "break-all", fontSize: "1.1rem" }}>{result.created.key}</code>
          </p>
        </div>
      ) : null}
      {result && result.ok && "revoked" in result ? (
        <p className="success" role="status">
          {t("apikeys.revokedOk")}
        </p>
      ) : null}
      {result && result.ok && "quotaSaved" in result ? (
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
