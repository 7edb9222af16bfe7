import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { useLocale, useT } from "~/i18n/use-t";
import { requirePermission } from "~/lib/permissions.server";
import { notFound } from "~/lib/http.server";
import { formatDateTime } from "~/lib/time";
import { createApiKey, listApiKeys, revokeApiKey } from "~/models/api-key.server";
import { readCleanForm } from "~/lib/text";

export const meta: MetaFunction = () => [{ title: "Kunci API Open311 · Tindak" }];

// /admin/api-keys (ADMIN): create Open311 keys (shown once) and revoke them (issue 7).
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
    })),
  });
}

const CreateSchema = z.object({ intent: z.literal("create"), name: z.string().trim().min(2).max(100) });
const RevokeSchema = z.object({ intent: z.literal("revoke"), id: z.coerce.number().int().positive().max(2_147_483_647) });

type ActionData =
  | { ok: true; created: { name: string; key: string } }
  | { ok: true; revoked: true }
  | { ok: false; error: "nameRequired" };

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requirePermission(request, "admin:manage");
  const form = Object.fromEntries(await readCleanForm(request));
  if (form.intent === "revoke") {
    const parsed = RevokeSchema.safeParse(form);
    if (!parsed.success || !(await revokeApiKey(parsed.data.id, admin.id))) notFound();
    return json<ActionData>({ ok: true, revoked: true });
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
  const nameError = result && !result.ok ? t("apikeys.nameRequired") : null;
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
      <p className="hint">{t("apikeys.docs")}</p>
    </section>
  );
}
