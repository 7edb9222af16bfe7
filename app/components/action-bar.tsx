import { useT } from "~/i18n/use-t";

export type PageAction = { href: `#${string}`; label: string; testId?: string };

/**
 * On a phone, the actions a person can take now on a detail page (answer, ask for more time, verify…)
 * as a short row of links near the top, jumping to the forms further down (issue 21). Plain anchors:
 * works without JavaScript. Desktop keeps its layout (the forms are in reach there), so it is phone-only.
 */
export function ActionBar({ actions }: { actions: PageAction[] }) {
  const t = useT();
  if (actions.length === 0) return null;
  return (
    <nav className="action-bar phone-only no-print" aria-label={t("phone.toActions")} data-testid="action-bar">
      <ul>
        {actions.map((a) => (
          <li key={a.href}>
            <a href={a.href} className="button secondary" data-testid={a.testId}>
              {a.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
