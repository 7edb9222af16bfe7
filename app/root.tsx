import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { unreadInAppCount } from "~/lib/sql/queries/session.server";
import { json } from "@remix-run/node";
import {
  isRouteErrorResponse,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLoaderData,
  useMatches,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { useEffect } from "react";
import { AppShell } from "~/components/app-shell";
import { useNonce } from "~/components/nonce";
import { getSessionUser } from "~/lib/session.server";
import { getLocale } from "~/lib/locale.server";
import { InlineStylesheet } from "~/components/inline-stylesheet";
import { clientDictionary } from "~/i18n";
import { rootTranslator, TranslatorProvider } from "~/i18n/use-t";
import appStyles from "~/styles/app.css";
import phoneStyles from "~/styles/phone.css";

// The root stylesheet is inlined by <InlineStylesheet> (no render-blocking request); routes still link theirs.
export const links: LinksFunction = () => [
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
  { rel: "manifest", href: "/manifest.webmanifest" },
  { rel: "apple-touch-icon", href: "/icons/tindak-192.png" },
];

export const meta: MetaFunction = () => [{ title: "Tindak" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const [user, locale] = await Promise.all([getSessionUser(request), getLocale(request)]);
  const url = new URL(request.url);
  return json({
    locale,
    // English is not in the browser bundle: an English page gets its dictionary here (null for id).
    messages: clientDictionary(locale),
    user: user ? { name: user.name, role: user.role, unitId: user.unitId, unread: await unreadInAppCount(user.id) } : null,
    // Where the language switch returns to.
    path: url.pathname + url.search,
    tileUrl: process.env.TILE_URL ?? "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
  });
}

export type RootLoader = typeof loader;

function Document({ children, lang }: { children: React.ReactNode; lang: string }) {
  const nonce = useNonce();
  // <html data-hydrated>: React has hydrated the page and every component's first effects have run (a
  // parent's effect runs after its children's), so the page is interactive. Browser tests wait for it.
  useEffect(() => {
    document.documentElement.dataset.hydrated = "true";
  }, []);
  return (
    <html lang={lang}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="theme-color" content="#0b5d57" />
        <Meta />
        <InlineStylesheet href={appStyles} id="app-css" />
        <InlineStylesheet href={phoneStyles} id="phone-css" />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  const data = useLoaderData<typeof loader>();
  // A page that is a document of its own (the printable Berita Acara) says so with `handle.bare`.
  const matches = useMatches();
  const bare = matches.some((m) => (m.handle as { bare?: boolean } | undefined)?.bare);
  return (
    <TranslatorProvider value={rootTranslator(data, matches)}>
      <Document lang={data.locale}>
        {bare ? (
          <main id="main" className="bare">
            <Outlet />
          </main>
        ) : (
          <AppShell user={data.user} path={data.path}>
            <Outlet />
          </AppShell>
        )}
      </Document>
    </TranslatorProvider>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const data = useRouteLoaderData<typeof loader>("root");
  const t = rootTranslator(data, useMatches());
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const message =
    status === 404 ? t("error.notFound") : status === 403 ? t("error.forbidden") : status === 429 ? t("error.tooMany") : t("error.generic");
  return (
    <TranslatorProvider value={t}>
      <Document lang={data?.locale ?? "id"}>
        <AppShell user={data?.user ?? null} path={data?.path ?? "/"}>
          <section className="card" role="alert">
            <h1>{status}</h1>
            <p>{message}</p>
            <p>
              <a href="/">{t("nav.home")}</a>
            </p>
          </section>
        </AppShell>
      </Document>
    </TranslatorProvider>
  );
}
