import { core } from "./messages/core";
import { complaints } from "./messages/complaints";
import { inspections } from "./messages/inspections";
import { followups } from "./messages/followups";
import { map } from "./messages/map";
import { transparency } from "./messages/transparency";
import { phone } from "./messages/phone";
import { offline } from "./messages/offline";
import { titles } from "./messages/titles";
// A `.server` module: the real English dictionary on the server, an empty module in the browser
// bundle (Remix replaces it), so `serverEn` is undefined there. Browser code gets English from the
// root loader instead (see use-t.ts).
import { en as serverEn } from "./en.server";

// All interface strings, one file per capability under messages/. Bahasa Indonesia is the default.
export const LOCALES = ["id", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "id";

const id = { ...core.id, ...complaints.id, ...inspections.id, ...followups.id, ...map.id, ...transparency.id, ...phone.id, ...offline.id, ...titles.id };
export type MessageKey = keyof typeof id;
export type Dictionary = Record<MessageKey, string>;

const dictionaries: Record<Locale, Dictionary | undefined> = { id, en: serverEn };

export function isLocale(value: unknown): value is Locale {
  return value === "id" || value === "en";
}

/** `translate("en", "x.y", { n: 3 })` replaces `{n}` in the message. `dictionary` overrides the
 *  built-in one of the locale (the browser passes the English one it got from the root loader). */
export function translate(locale: Locale, key: MessageKey, vars?: Record<string, string | number>, dictionary?: Partial<Dictionary> | null): string {
  let text: string = (dictionary ?? dictionaries[locale])?.[key] ?? id[key] ?? key;
  if (vars) for (const [k, v] of Object.entries(vars)) text = text.replaceAll(`{${k}}`, String(v));
  return text;
}

/** Every dotted prefix of a key: "category", "inspections", "inspections.trigger"... */
type PrefixesOf<K extends string> = K extends `${infer Head}.${infer Rest}` ? Head | `${Head}.${PrefixesOf<Rest>}` : never;
export type KeyPrefix = PrefixesOf<MessageKey>;

/**
 * The key that names a code read from the database or a form (`codeKey("category", row.category)` is
 * "category.EXTORTION"). The prefix is checked against the dictionaries; the code is data, so a code
 * without a message reads as its key, as `translate` does for any unknown key.
 */
export function codeKey(prefix: KeyPrefix, code: string | number): MessageKey {
  return `${prefix}.${code}` as MessageKey;
}

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

export function translator(locale: Locale, dictionary?: Partial<Dictionary> | null): Translate {
  return (key, vars) => translate(locale, key, vars, dictionary);
}

/** What the root loader sends the browser: the dictionary of a locale that is not bundled (English). */
export function clientDictionary(locale: Locale): Dictionary | null {
  return locale === DEFAULT_LOCALE ? null : (dictionaries[locale] ?? null);
}
