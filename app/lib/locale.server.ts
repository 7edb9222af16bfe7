import { createCookie } from "@remix-run/node";
import { DEFAULT_LOCALE, isLocale, type Locale, translator } from "~/i18n";

// The interface language: a plain cookie set by the language switch (works without JavaScript).
export const localeCookie = createCookie("tindak_lang", {
  path: "/",
  sameSite: "lax",
  httpOnly: true,
  maxAge: 365 * 24 * 60 * 60,
});

export async function getLocale(request: Request): Promise<Locale> {
  const value = await localeCookie.parse(request.headers.get("Cookie"));
  return isLocale(value) ? value : DEFAULT_LOCALE;
}

export async function getTranslator(request: Request) {
  return translator(await getLocale(request));
}
