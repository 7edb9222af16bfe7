import { core } from "./messages/core";
import { titles } from "./messages/titles";
import type { complaints } from "./messages/complaints";
import type { inspections } from "./messages/inspections";
import type { followups } from "./messages/followups";
import type { map } from "./messages/map";
import type { transparency } from "./messages/transparency";
import type { phone } from "./messages/phone";
import type { offline } from "./messages/offline";
// `.server` modules: the real dictionaries on the server, empty modules in the browser bundle (Remix
// replaces them), so `serverId` and `serverEn` are undefined there. Pages do not use them (see pageTranslator).
import { id as serverId } from "./id.server";
import { en as serverEn } from "./en.server";

// All interface strings, one file per capability under messages/. Bahasa Indonesia is the default.
// The browser gets Bahasa Indonesia per page (docs/decisions/0027): core and titles (the shell: header,
// menu, errors, page titles) are in every page's bundle; the other capabilities' messages are imported
// by the routes that show them and listed in their `handle.messages`, so they load with those pages.
// English reaches the browser whole through the root loader, only for someone who chose it.
export const LOCALES = ["id", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "id";

type AllMessages = typeof core.id &
  typeof titles.id &
  typeof complaints.id &
  typeof inspections.id &
  typeof followups.id &
  typeof map.id &
  typeof transparency.id &
  typeof phone.id &
  typeof offline.id;
export type MessageKey = keyof AllMessages;
export type Dictionary = Record<MessageKey, string>;

/** One capability's Bahasa Indonesia messages (the `core`, `complaints`... of app/i18n/messages/*.ts). */
export type Messages = { readonly id: Partial<Dictionary> };

/** What a route exports as `handle` to have its capabilities' messages on its page. */
export type MessagesHandle = { messages?: readonly Messages[] };

/** In every page, before any route's own. */
export const SHELL_MESSAGES: readonly Messages[] = [core, titles];

const dictionaries: Record<Locale, Dictionary | undefined> = { id: serverId, en: serverEn };

export function isLocale(value: unknown): value is Locale {
  return value === "id" || value === "en";
}

function fill(text: string, vars?: Record<string, string | number>): string {
  if (vars) for (const [k, v] of Object.entries(vars)) text = text.replaceAll(`{${k}}`, String(v));
  return text;
}

/**
 * `translate("en", "x.y", { n: 3 })` replaces `{n}` in the message. For what the server writes itself
 * (e-mails, PDFs, API answers), with every message; pages use `pageTranslator`.
 */
export function translate(locale: Locale, key: MessageKey, vars?: Record<string, string | number>): string {
  return fill(dictionaries[locale]?.[key] ?? dictionaries.id?.[key] ?? core.id[key as keyof typeof core.id] ?? key, vars);
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

/** A server-side translator with every message (see `translate`). */
export function translator(locale: Locale): Translate {
  return (key, vars) => translate(locale, key, vars);
}

const reported = new Set<string>();

/**
 * A page's translator: English from the root loader's data (every message), or the Bahasa Indonesia
 * `messages` the page carries (the shell's and its routes'). The same on the server and in the browser,
 * so hydration finds the words the server wrote. A message the page does not carry reads as its key on
 * both sides; the server says so in its log (tests/unit/route-messages.test.ts catches it before that).
 */
export function pageTranslator(locale: Locale, english: Partial<Dictionary> | null | undefined, messages: readonly Messages[]): Translate {
  const sources = locale === "en" && english ? [english, ...messages.map((m) => m.id)] : messages.map((m) => m.id);
  return (key, vars) => {
    for (const source of sources) {
      const text = source[key];
      if (text !== undefined) return fill(text, vars);
    }
    if (serverId?.[key] !== undefined && !reported.has(key)) {
      reported.add(key);
      console.error(`i18n: the message "${key}" is not among this page's messages: add its capability to the route's handle.messages`);
    }
    return fill(key, vars);
  };
}

/** What the root loader sends the browser: the dictionary of a locale that is not bundled (English). */
export function clientDictionary(locale: Locale): Dictionary | null {
  return locale === DEFAULT_LOCALE ? null : (dictionaries[locale] ?? null);
}
