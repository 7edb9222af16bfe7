import { useRouteLoaderData } from "@remix-run/react";
import { DEFAULT_LOCALE, isLocale, translator, type Dictionary, type Locale, type Translate } from "./index";

// `messages` is the English dictionary the root loader sends when the locale is `en` (null for
// Bahasa Indonesia, which is bundled): English is not part of the browser bundle.
export type RootData = { locale?: string; messages?: Partial<Dictionary> | null } | undefined;

function localeOf(data: RootData): Locale {
  return isLocale(data?.locale) ? data.locale : DEFAULT_LOCALE;
}

/** The translator of a page, from the root loader's data (components use useT, `meta` functions app/i18n/meta.ts). */
export function rootTranslator(data: RootData): Translate {
  const locale = localeOf(data);
  return translator(locale, locale === DEFAULT_LOCALE ? null : data?.messages);
}

export function useLocale(): Locale {
  return localeOf(useRouteLoaderData("root") as RootData);
}

/** `const t = useT(); t("nav.home")` */
export function useT() {
  return rootTranslator(useRouteLoaderData("root") as RootData);
}
