import type { ReactNode } from "react";
import { DataTable } from "~/components/data-table";
import { Form, Link, useSearchParams } from "@remix-run/react";
import type { MessageKey } from "~/i18n";
import { useT } from "~/i18n/use-t";
import { Pagination } from "~/components/pagination";
import { LabeledField } from "~/components/filters/filter-fields";

// The pieces every admin page shares: the way back, the list page with its table, the record's heading
// with its state, the message after a redirect (`?done=…`) and the button that switches a record off or on.

export function BackLink({ to, label }: { to: string; label: string }) {
  return (
    <p>
      <Link to={to}>← {label}</Link>
    </p>
  );
}

/** A list of records: heading, "new" button, the filters, the count, a table and its pages. */
export function AdminListPage({
  title,
  create,
  filters,
  total,
  headings,
  rows,
  page,
  pages,
  query,
}: {
  title: string;
  create: { to: string; label: string };
  filters: ReactNode;
  total: number;
  headings: string[];
  /** One <tr> per record; none shows "no results". */
  rows: ReactNode[];
  page: number;
  pages: number;
  /** The filters as the page was asked, kept by the page links. */
  query: Record<string, string>;
}) {
  const t = useT();
  const pageLink = (n: number) => `?${new URLSearchParams({ ...query, page: String(n) }).toString()}`;
  return (
    <section>
      <BackLink to="/admin" label={t("home.admin.title")} />
      <h1>{title}</h1>
      <div className="actions">
        <Link to={create.to} className="button">
          {create.label}
        </Link>
      </div>
      {filters}
      <p className="muted" aria-live="polite">
        {t("admin.total", { n: total })}
      </p>
      {rows.length === 0 ? <p>{t("admin.noResults")}</p> : null}
      <div className="table-wrap">
        <DataTable headings={headings}>{rows}</DataTable>
      </div>
      <Pagination page={page} pages={pages} href={pageLink} />
    </section>
  );
}

/** A record's state as a badge: "ok" when on, `offClass` when off. */
export function StateBadge({ on, onLabel, offLabel, offClass, testId }: { on: boolean; onLabel: string; offLabel: string; offClass?: string; testId?: string }) {
  return (
    <span className={`badge ${on ? "ok" : offClass ?? ""}`.trim()} data-testid={testId}>
      {on ? onLabel : offLabel}
    </span>
  );
}

/** A record page's heading: the way back to its list, then its name with its state. */
export function RecordHeading({ back, title, badge }: { back: { to: string; label: string }; title: string; badge: ReactNode }) {
  return (
    <>
      <BackLink to={back.to} label={back.label} />
      <h1>
        {title} {badge}
      </h1>
    </>
  );
}

/** What the last action did, from the `?done=` its redirect added; hidden while an error is shown. */
export function DoneMessage({ messages, hidden }: { messages: Record<string, MessageKey>; hidden?: boolean }) {
  const t = useT();
  const [params] = useSearchParams();
  const done = messages[params.get("done") ?? ""];
  if (!done || hidden) return null;
  return (
    <p className="success" role="status">
      {t(done)}
    </p>
  );
}

/** The one button that switches a record off (a danger: "Nonaktifkan") or back on. */
export function SwitchForm({ isOn, turnOff, turnOn, busy }: { isOn: boolean; turnOff: { intent: string; label: string }; turnOn: { intent: string; label: string }; busy?: boolean }) {
  const next = isOn ? turnOff : turnOn;
  return (
    <Form method="post">
      <button type="submit" name="intent" value={next.intent} className={isOn ? "danger" : "secondary"} disabled={busy}>
        {next.label}
      </button>
    </Form>
  );
}

/** A form's buttons row with its one submit button. */
export function SubmitRow({ label, primary, busy }: { label: string; primary?: boolean; busy?: boolean }) {
  return (
    <div className="actions">
      <button type="submit" className={primary ? "primary" : "secondary"} disabled={busy}>
        {label}
      </button>
    </div>
  );
}

/** The first refusal of the last post (app/lib/form-reply.ts), above the forms of a settings page. */
export function ReplyAlert({ errors }: { errors: Partial<Record<string, MessageKey>> | undefined }) {
  const t = useT();
  const first = errors ? (errors.form ?? Object.values(errors)[0]) : undefined;
  if (!first) return null;
  return (
    <p className="alert" role="alert">
      {t(first)}
    </p>
  );
}

/** A labelled <select> of a settings form, without an empty choice. */
export function ChoiceField({ id, name, label, choices, defaultValue }: { id: string; name: string; label: string; choices: Array<{ value: string; label: string }>; defaultValue?: string }) {
  return (
    <LabeledField id={id} label={label}>
      <select id={id} name={name} defaultValue={defaultValue}>
        {choices.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
    </LabeledField>
  );
}
