import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { logout } from "~/lib/session.server";

export async function action({ request }: ActionFunctionArgs) {
  return logout(request, "/");
}

// Signing out changes state, so only POST does it (no GET side effects).
export function loader() {
  return redirect("/");
}
