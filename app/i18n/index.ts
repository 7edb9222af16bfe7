import { core } from "./messages/core";
import { complaints } from "./messages/complaints";
import { inspections } from "./messages/inspections";
import { followups } from "./messages/followups";
import { map } from "./messages/map";
import { transparency } from "./messages/transparency";

// All interface strings, one file per capability under messages/. Bahasa Indonesia is the default.
export const LOCALES = ["id", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "id";

const id = { ...core.id, ...complaints.id, ...inspections.id, ...followups.id, ...map.id, ...transparency.id };
const en = { ...core.en, ...complaints.en, ...inspections.en, ...followups.en, ...map.en, ...transparency.en };
export type MessageKey = keyof typeof id;

const dictionaries: Record<Locale, Record<MessageKey, string>> = { id, en };

export function isLocale(value: unknown): value is Locale {
  return value === "id" || value === "en";
}

/** `translate("en", "x.y", { n: 3 })` replaces `{n}` in the message. */
export function translate(locale: Locale, key: MessageKey, vars?: Record<string, string | number>): string {
  let text: string = dictionaries[locale][key] ?? dictionaries.id[key] ?? key;
  if (vars) for (const [k, v] of Object.entries(vars)) text = text.replaceAll(`{${k}}`, String(v));
  return text;
}

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

export function translator(locale: Locale): Translate {
  return (key, vars) => translate(locale, key, vars);
}
