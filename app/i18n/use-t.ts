import { useRouteLoaderData } from "@remix-run/react";
import { DEFAULT_LOCALE, isLocale, translator, type Locale } from "./index";

type RootData = { locale?: string } | undefined;

export function useLocale(): Locale {
  const data = useRouteLoaderData("root") as RootData;
  return isLocale(data?.locale) ? data.locale : DEFAULT_LOCALE;
}

/** `const t = useT(); t("nav.home")` */
export function useT() {
  return translator(useLocale());
}
