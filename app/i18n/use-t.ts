import { useRouteLoaderData } from "@remix-run/react";
import { createContext, useContext } from "react";
import { DEFAULT_LOCALE, isLocale, pageTranslator, SHELL_MESSAGES, type Dictionary, type Locale, type Messages, type MessagesHandle, type Translate } from "./index";

// `messages` is the English dictionary the root loader sends when the locale is `en` (null for
// Bahasa Indonesia, which comes with the page's scripts): English is not part of the browser bundle.
export type RootData = { locale?: string; messages?: Partial<Dictionary> | null } | undefined;

type Match = { handle?: unknown };

function localeOf(data: RootData): Locale {
  return isLocale(data?.locale) ? data.locale : DEFAULT_LOCALE;
}

/** The Bahasa Indonesia messages a page carries: the shell's, then those its matched routes list in `handle.messages`. */
export function pageMessages(matches: ReadonlyArray<Match>): Messages[] {
  return [...SHELL_MESSAGES, ...matches.flatMap((match) => (match.handle as MessagesHandle | undefined)?.messages ?? [])];
}

/** The translator of a page, from the root loader's data and the matched routes (components use useT, `meta` functions app/i18n/meta.ts). */
export function rootTranslator(data: RootData, matches: ReadonlyArray<Match> = []): Translate {
  return pageTranslator(localeOf(data), data?.messages, pageMessages(matches));
}

export function useLocale(): Locale {
  return localeOf(useRouteLoaderData("root") as RootData);
}

/** The page's translator, made once by the root (App and its ErrorBoundary) for every component under it. */
const TranslatorContext = createContext<Translate | null>(null);
export const TranslatorProvider = TranslatorContext.Provider;

/** Where no root provides one (nothing renders there today): the shell's messages in Bahasa Indonesia. */
const shellOnly = rootTranslator(undefined);

/**
 * `const t = useT(); t("nav.home")`. From the root's context: each of a page's hundred-odd calls made
 * the page's matches and translator again (3% of a signed-in list's render, issue 17).
 */
export function useT(): Translate {
  return useContext(TranslatorContext) ?? shellOnly;
}
