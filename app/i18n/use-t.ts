import { useRouteLoaderData } from "@remix-run/react";
import { DEFAULT_LOCALE, isLocale, translator, type Dictionary, type Locale } from "./index";

// `messages` is the English dictionary the root loader sends when the locale is `en` (null for
// Bahasa Indonesia, which is bundled): English is not part of the browser bundle.
type RootData = { locale?: string; messages?: Partial<Dictionary> | null } | undefined;

export function useLocale(): Locale {
  const data = useRouteLoaderData("root") as RootData;
  return isLocale(data?.locale) ? data.locale : DEFAULT_LOCALE;
}

/** `const t = useT(); t("nav.home")` */
export function useT() {
  const data = useRouteLoaderData("root") as RootData;
  const locale = isLocale(data?.locale) ? data.locale : DEFAULT_LOCALE;
  return translator(locale, locale === DEFAULT_LOCALE ? null : data?.messages);
}
