import type { ReactNode } from "react";
import { Form, Link } from "@remix-run/react";
import { useT } from "~/i18n/use-t";

// The filters of every list page and the map: a plain GET form (it works without JavaScript), its
// fields in a grid, a submit button and, where the page has one, a link back to the unfiltered list.

type Props = {
  /** The form's accessible name and the button's text (default "Saring"). */
  label?: string;
  submitLabel?: string;
  className?: string;
  /** Fields per row on a wide screen; without it the grid decides. */
  columns?: 3 | 4;
  primary?: boolean;
  reset?: { to: string; label: string };
  /** Above the grid (the map's layer checkboxes) and below it (the map's "overdue only"). */
  before?: ReactNode;
  after?: ReactNode;
  children: ReactNode;
};

export function FilterForm({ label, submitLabel, className = "card", columns, primary, reset, before, after, children }: Props) {
  const t = useT();
  const name = label ?? t("common.filter");
  return (
    <Form method="get" className={className || undefined} aria-label={name}>
      {before}
      <div className={columns ? `grid grid-${columns}` : "grid"}>{children}</div>
      {after}
      <div className="actions">
        <button type="submit" className={primary ? "primary" : "secondary"}>
          {submitLabel ?? name}
        </button>
        {reset ? <Link to={reset.to}>{reset.label}</Link> : null}
      </div>
    </Form>
  );
}
