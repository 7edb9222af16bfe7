import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import { getTranslator } from "~/lib/locale.server";
import { displayTrackingCode, resolveTrackingHash } from "~/models/complaint/tracking.server";
import { useT } from "~/i18n/use-t";
import { TrackCodeForm } from "~/components/track-code-form";
import { readCleanForm } from "~/lib/text";
import { GUESS_WINDOW_MS, guessingBlocked, recordMiss } from "~/lib/guess-limit.server";
import { pageTitle } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "pageTitle.track") }, { name: "robots", content: "noindex" }];

// The code is posted, never put in a query string (which ends up in logs, history and Referer).
// A code nobody holds answers 404 with the form again and help, not a bare error page.
export async function action({ request }: ActionFunctionArgs) {
  const form = await readCleanForm(request);
  const typed = String(form.get("code") ?? "").slice(0, 200);
  // Too many wrong codes from this address: nothing is looked up, the form comes back with the code typed.
  if (guessingBlocked(request)) {
    const t = await getTranslator(request);
    return json({ error: t("complaints.error.trackGuessing"), typed }, { status: 429, headers: { "Retry-After": String(GUESS_WINDOW_MS / 1000) } });
  }
  if (!(await resolveTrackingHash(typed))) {
    recordMiss(request);
    const t = await getTranslator(request);
    return json({ error: t("complaints.error.trackCode"), typed }, { status: 404 });
  }
  return redirect(`/track/${encodeURIComponent(displayTrackingCode(typed))}`, 303);
}

export default function Track() {
  const t = useT();
  const data = useActionData<typeof action>();
  return (
    <section className="card" style={{ maxWidth: "32rem", margin: "0 auto" }}>
      <h1>{t("complaints.track.title")}</h1>
      <p>{t("complaints.track.lead")}</p>
      <TrackCodeForm error={data?.error} defaultValue={data?.typed} />
    </section>
  );
}
