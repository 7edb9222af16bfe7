import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { isLocale } from "~/i18n";
import { safeRedirect } from "~/lib/auth.server";
import { localeCookie } from "~/lib/locale.server";

// The language switch: a plain form POST, so it works without JavaScript.
export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  const lang = form.get("lang");
  const back = safeRedirect(form.get("redirectTo"));
  if (!isLocale(lang)) return redirect(back);
  return redirect(back, { headers: { "Set-Cookie": await localeCookie.serialize(lang) } });
}

export function loader() {
  return redirect("/");
}
