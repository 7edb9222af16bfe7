import { PrefetchPageLinks, useLocation } from "@remix-run/react";
import { useEffect, useRef, useState, type SyntheticEvent } from "react";
import { useListLinks } from "~/components/list-links";
import type { MessageKey } from "~/i18n";
import { useT } from "~/i18n/use-t";
import { isOneOf, ROLES, type Role } from "~/lib/codes";
import { codeKey } from "~/i18n";

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

/** The nav item the current page belongs to (the longest matching prefix), named in the phone header. */
export function currentSection(items: NavItem[], pathname: string): NavItem | null {
  let best: NavItem | null = null;
  for (const item of items) {
    const inside = pathname === item.to || pathname.startsWith(item.to + "/");
    if (inside && (!best || item.to.length > best.to.length)) best = item;
  }
  return best;
}

/** Whether a nav item is the page's section: its path or below it ("/complaints" only itself: "/complaints/new" has its own item). */
export function isActiveNavItem(item: NavItem, pathname: string): boolean {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, "") : pathname;
  return path === item.to || (item.to !== "/complaints" && path.startsWith(item.to + "/"));
}

/**
 * The menu's links as plain anchors, with one click handler for page changes without a full load and
 * the next page's code and data fetched when a link is pointed at or focused (as `prefetch="intent"`).
 * Twelve <NavLink>s (the bar's and the phone menu's) each resolved their path and read the navigation
 * state on every server render of every page: about a tenth of a signed-in list's render (issue 17).
 */
function NavList({ items, unread }: { items: NavItem[]; unread: number }) {
  const t = useT();
  const { pathname } = useLocation();
  const follow = useListLinks();
  const [intent, setIntent] = useState<string | null>(null);
  const noticeIntent = (event: SyntheticEvent<HTMLElement>) => {
    const link = (event.target as Element).closest("a[href]");
    if (link instanceof HTMLAnchorElement && link.origin === window.location.origin && link.pathname !== pathname) setIntent(link.pathname);
  };
  return (
    <>
      <ul onClick={follow} onMouseOver={noticeIntent} onFocus={noticeIntent}>
        {items.map((item) => {
          const active = isActiveNavItem(item, pathname);
          return (
            <li key={item.to}>
              {/* data-discover: Remix learns these pages' routes once the page has loaded, as for a <Link>. */}
              <a href={item.to} className={active ? "active" : undefined} aria-current={active ? "page" : undefined} data-discover="true">
                {t(item.label)}
                {item.to === "/notifications" && unread ? <UnreadCount unread={unread} /> : null}
              </a>
            </li>
          );
        })}
      </ul>
      {intent ? <PrefetchPageLinks page={intent} /> : null}
    </>
  );
}

function UnreadCount({ unread }: { unread: number }) {
  const t = useT();
  return (
    <span className="nav-count" data-testid="unread-count">
      {" "}
      <span aria-hidden="true">{unread}</span>
      <span className="visually-hidden">{t("fu.notifications.unread", { n: unread })}</span>
    </span>
  );
}

function HeaderTools({ user, here, testId }: { user: ShellUser; here: string; testId: string }) {
  const t = useT();
  return (
    <div className="header-tools">
      {/* Plain forms: both answers are a redirect that loads a whole page anyway (the other language's
          messages, or the signed-out shell), and a Remix <Form> per button resolved its action on every
          server render (four on each page, issue 17). */}
      <form method="post" action="/lang" className="inline-form">
        <input type="hidden" name="redirectTo" value={here} />
        {/* The button names the other language in that language, so it carries that lang. */}
        <button
          type="submit"
          name="lang"
          value={t("lang.switch") === "English" ? "en" : "id"}
          lang={t("lang.switch") === "English" ? "en" : "id"}
          className="link-button"
          data-testid={testId}
        >
          {t("lang.switch")}
        </button>
      </form>
      {user ? (
        <form method="post" action="/logout" className="inline-form">
          <button type="submit" className="link-button">
            {t("nav.logout")}
          </button>
        </form>
      ) : (
        <a href="/login">{t("nav.login")}</a>
      )}
    </div>
  );
}

/**
 * The phone menu: a <details> disclosure, so it opens without JavaScript and its <summary> is a native
 * keyboard control that screen readers announce as expanded or collapsed. With JavaScript, Escape
 * closes it (focus back on the summary) and it closes itself after a client-side navigation.
 */
function PhoneMenu({ user, here, items }: { user: ShellUser; here: string; items: NavItem[] }) {
  const t = useT();
  const ref = useRef<HTMLDetailsElement>(null);
  const location = useLocation();
  useEffect(() => {
    if (ref.current) ref.current.open = false;
  }, [location.key]);
  const onKeyDown = (event: React.KeyboardEvent<HTMLDetailsElement>) => {
    if (event.key !== "Escape" || !ref.current?.open) return;
    ref.current.open = false;
    ref.current.querySelector("summary")?.focus();
  };
  return (
    <details className="phone-menu phone-only" ref={ref} onKeyDown={onKeyDown} data-testid="phone-menu">
      <summary>
        <span aria-hidden="true" className="menu-icon">
          ☰
        </span>{" "}
        {t("phone.menu")}
        {user?.unread ? <UnreadCount unread={user.unread} /> : null}
      </summary>
      <div className="phone-menu-panel">
        <nav aria-label={t("nav.menu")} className="site-nav">
          <NavList items={items} unread={user?.unread ?? 0} />
        </nav>
        {user ? <p className="whoami">{t("phone.signedInAs", { name: user.name, role: t(codeKey("role", user.role)) })}</p> : null}
        <HeaderTools user={user} here={here} testId="menu-lang-switch" />
      </div>
    </details>
  );
}

export function AppShell({ user, path, children }: { user: ShellUser; path: string; children: React.ReactNode }) {
  const t = useT();
  // Where the language switch returns to: the current location, not the root loader's URL, which goes
  // stale on client-side navigation (the root loader does not re-run) and carries ?_data when it does.
  const location = useLocation();
  const here = location.pathname ? location.pathname + location.search : path;
  const items = navItems(user);
  const section = currentSection(items, location.pathname || path.split("?")[0]!);
  // Phones get one row (brand, the section, a menu); wider screens keep the full bar and link row.
  // Both are in the page and CSS shows one (app/styles/phone.css), so neither needs JavaScript.
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
          {section ? (
            <span className="header-section phone-only" aria-hidden="true">
              {t(section.label)}
            </span>
          ) : null}
          <div className="desktop-only">
            <HeaderTools user={user} here={here} testId="lang-switch" />
          </div>
          <PhoneMenu user={user} here={here} items={items} />
        </div>
        <nav aria-label={t("nav.menu")} className="site-nav desktop-only">
          <NavList items={items} unread={user?.unread ?? 0} />
        </nav>
        {user ? (
          <p className="whoami desktop-only">
            {user.name} · {t(codeKey("role", user.role))}
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
