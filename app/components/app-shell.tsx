import { Form, NavLink, useLocation } from "@remix-run/react";
import type { MessageKey } from "~/i18n";
import { useT } from "~/i18n/use-t";
import { isOneOf, ROLES, type Role } from "~/lib/codes";

type ShellUser = { name: string; role: string; unitId: number | null; unread?: number } | null;

type NavItem = { to: string; label: MessageKey };

// The menu of each role. Only navigation: what a role may open is decided on the server
// (app/models/policy.server.ts); an item a role lacks would answer 403 or 404 anyway.
const ROLE_NAV: Record<Role, NavItem[]> = {
  INSPECTOR: [
    { to: "/inspections", label: "nav.inspections" },
    { to: "/follow-ups", label: "nav.followUps" },
    { to: "/escalations", label: "nav.escalations" },
    { to: "/triage", label: "nav.triage" },
  ],
  UNIT_HEAD: [
    { to: "/follow-ups", label: "nav.followUps" },
    { to: "/inspections", label: "nav.inspections" },
  ],
  ADMIN: [
    { to: "/admin", label: "nav.admin" },
    { to: "/triage", label: "nav.triage" },
  ],
};

/** Navigation by role: residents see the public pages; officials see their work first. */
export function navItems(user: ShellUser): NavItem[] {
  const items: NavItem[] = [];
  if (!user) {
    items.push({ to: "/complaints/new", label: "nav.report" });
  }
  if (user && isOneOf(ROLES, user.role)) items.push(...ROLE_NAV[user.role]);
  if (user) items.push({ to: "/notifications", label: "nav.notifications" });
  items.push(
    { to: "/complaints", label: "nav.complaints" },
    { to: "/map", label: "nav.map" },
    { to: "/dashboard", label: "nav.dashboard" },
  );
  return items;
}

export function AppShell({ user, path, children }: { user: ShellUser; path: string; children: React.ReactNode }) {
  const t = useT();
  // Where the language switch returns to: the current location, not the root loader's URL, which goes
  // stale on client-side navigation (the root loader does not re-run) and carries ?_data when it does.
  const location = useLocation();
  const here = location.pathname ? location.pathname + location.search : path;
  return (
    <>
      <a className="skip-link" href="#main">
        {t("nav.skip")}
      </a>
      <header className="site-header">
        <div className="bar">
          <a href="/" className="brand" aria-label={`${t("app.name")} — ${t("nav.home")}`}>
            <span aria-hidden="true" className="brand-mark">
              ✓
            </span>
            {t("app.name")}
          </a>
          <div className="header-tools">
            <Form method="post" action="/lang" className="inline-form">
              <input type="hidden" name="redirectTo" value={here} />
              {/* The button names the other language in that language, so it carries that lang. */}
              <button
                type="submit"
                name="lang"
                value={t("lang.switch") === "English" ? "en" : "id"}
                lang={t("lang.switch") === "English" ? "en" : "id"}
                className="link-button"
                data-testid="lang-switch"
              >
                {t("lang.switch")}
              </button>
            </Form>
            {user ? (
              <Form method="post" action="/logout" className="inline-form">
                <button type="submit" className="link-button">
                  {t("nav.logout")}
                </button>
              </Form>
            ) : (
              <a href="/login">{t("nav.login")}</a>
            )}
          </div>
        </div>
        <nav aria-label={t("nav.menu")} className="site-nav">
          <ul>
            {navItems(user).map((item) => (
              <li key={item.to}>
                {/* "/complaints" must not light up on "/complaints/new", which has its own item. */}
                <NavLink to={item.to} prefetch="intent" end={item.to === "/complaints"}>
                  {t(item.label)}
                  {item.to === "/notifications" && user?.unread ? (
                    <span className="nav-count" data-testid="unread-count">
                      {" "}
                      <span aria-hidden="true">{user.unread}</span>
                      <span className="visually-hidden">{t("fu.notifications.unread", { n: user.unread })}</span>
                    </span>
                  ) : null}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        {user ? (
          <p className="whoami">
            {user.name} · {t(`role.${user.role}` as MessageKey)}
          </p>
        ) : null}
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
      <footer className="site-footer">
        <p>{t("app.tagline")}</p>
      </footer>
    </>
  );
}
