import type { MessageKey, Translate } from "./index";
import { rootTranslator, type RootData } from "./use-t";

// Page titles in the page's language. A route's `meta({ matches })` runs on the server and in the
// browser; both have the root loader's data (locale and, for English, the dictionary) and the matched
// routes' `handle.messages`, as useT does.

type Matches = ReadonlyArray<{ id: string; data?: unknown; handle?: unknown }>;

/** The translator of the page being rendered, for `meta`. */
export function metaTranslator(matches: Matches): Translate {
  return rootTranslator(matches.find((match) => match.id === "root")?.data as RootData, matches);
}

/** `[{ title: pageTitle(matches, "pageTitle.map") }]` is "Peta · Tindak", or "Map · Tindak" in English. */
export function pageTitle(matches: Matches, key: MessageKey, vars?: Record<string, string | number>): string {
  return `${metaTranslator(matches)(key, vars)} · Tindak`;
}
