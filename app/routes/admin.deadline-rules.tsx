import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requirePermission } from "~/lib/permissions.server";
import { getTranslator } from "~/lib/locale.server";
import { deleteDeadlineRule, listDeadlineRules, saveDeadlineRule, SettingsError } from "~/models/deadline-settings.server";
import { COMPLAINT_CATEGORIES, FINDING_CATEGORIES, SEVERITIES } from "~/lib/codes";
import type { MessageKey } from "~/i18n";
import { useT } from "~/i18n/use-t";
import { readCleanForm } from "~/lib/text";
import { pageTitle } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "pageTitle.deadlineRules") }];

const CATEGORIES = ["*", ...new Set([...COMPLAINT_CATEGORIES, ...FINDING_CATEGORIES])] as [string, ...string[]];
const LEVELS = ["*", ...SEVERITIES] as [string, ...string[]];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "admin:manage");
  return json({ rules: await listDeadlineRules() });
}

const Days = z.coerce.number({ invalid_type_error: "validation.number" }).int("validation.number").min(0, "fu.rules.daysRange").max(60, "fu.rules.daysRange");
const Schema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("save"),
    id: z.coerce.number().int().positive().max(2_147_483_647).optional(),
    category: z.enum(CATEGORIES),
    severity: z.enum(LEVELS),
    ackDays: Days,
    answerDays: Days.refine((n) => n >= 1, "fu.rules.daysRange"),
  }),
  z.object({ intent: z.literal("delete"), id: z.coerce.number().int().positive().max(2_147_483_647) }),
]);

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "admin:manage");
  const t = await getTranslator(request);
  const raw = Object.fromEntries(await readCleanForm(request));
  if (raw.id === "") delete raw.id;
  const parsed = Schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const key = issue.message.includes(".") ? (issue.message as MessageKey) : "validation.required";
    return json({ error: t(key), field: String(issue.path[0] ?? "") }, { status: 400 });
  }
  const input = parsed.data;
  try {
    if (input.intent === "save") {
      if (input.ackDays > input.answerDays) return json({ error: t("fu.rules.ackAfterAnswer"), field: "ackDays" }, { status: 400 });
      await saveDeadlineRule(user.id, input);
    } else await deleteDeadlineRule(user.id, input.id);
  } catch (error) {
    if (error instanceof SettingsError) return json({ error: t(`fu.settings.${error.code}` as MessageKey), field: null }, { status: error.status });
    throw error;
  }
  return redirect("/admin/deadline-rules?saved=1", 303);
}

export default function AdminDeadlineRules() {
  const { rules } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const t = useT();
  const cat = (c: string) => (c === "*" ? t("fu.rules.any") : t(`category.${c}` as MessageKey));
  const sev = (s: string) => (s === "*" ? t("fu.rules.any") : t(`severity.${s}` as MessageKey));
  return (
    <div data-testid="admin-deadline-rules">
      <h1>{t("fu.rules.title")}</h1>
      <p className="hint">{t("fu.rules.hint")}</p>
      {data?.error ? (
        <p className="alert" role="alert">
          {data.error}
        </p>
      ) : null}
      <ul className="list">
        {rules.map((r) => (
          <li key={r.id} className="card">
            <strong>
              {cat(r.category)} · {sev(r.severity)}
            </strong>
            <Form method="post" className="grid grid-3" aria-label={`${cat(r.category)} · ${sev(r.severity)}`}>
              <input type="hidden" name="intent" value="save" />
              <input type="hidden" name="id" value={r.id} />
              <input type="hidden" name="category" value={r.category} />
              <input type="hidden" name="severity" value={r.severity} />
              <div>
                <label htmlFor={`ack-${r.id}`}>{t("fu.rules.ackDays")}</label>
                <input id={`ack-${r.id}`} name="ackDays" type="number" min={0} max={60} defaultValue={r.ackDays} required />
              </div>
              <div>
                <label htmlFor={`ans-${r.id}`}>{t("fu.rules.answerDays")}</label>
                <input id={`ans-${r.id}`} name="answerDays" type="number" min={1} max={60} defaultValue={r.answerDays} required />
              </div>
              <div className="actions">
                <button type="submit" className="secondary">
                  {t("common.save")}
                </button>
              </div>
            </Form>
            {r.category === "*" && r.severity === "*" ? null : (
              <Form method="post">
                <input type="hidden" name="intent" value="delete" />
                <input type="hidden" name="id" value={r.id} />
                <button type="submit" className="danger">
                  {t("fu.delete")}
                </button>
              </Form>
            )}
          </li>
        ))}
      </ul>
      <section className="card">
        <h2>{t("fu.rules.add")}</h2>
        <Form method="post" className="grid grid-3">
          <input type="hidden" name="intent" value="save" />
          <div>
            <label htmlFor="r-cat">{t("common.category")}</label>
            <select id="r-cat" name="category">
              {CATEGORIES.map((c) => (
                <option key={c} value={c}>
                  {cat(c)}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="r-sev">{t("fu.rules.severity")}</label>
            <select id="r-sev" name="severity">
              {LEVELS.map((s) => (
                <option key={s} value={s}>
                  {sev(s)}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="r-ack">{t("fu.rules.ackDays")}</label>
            <input id="r-ack" name="ackDays" type="number" min={0} max={60} defaultValue={3} required />
          </div>
          <div>
            <label htmlFor="r-ans">{t("fu.rules.answerDays")}</label>
            <input id="r-ans" name="answerDays" type="number" min={1} max={60} defaultValue={5} required />
          </div>
          <div className="actions">
            <button type="submit" className="primary">
              {t("common.create")}
            </button>
          </div>
        </Form>
      </section>
    </div>
  );
}
