import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import { formReply } from "~/lib/forms.server";
import { errorsOf } from "~/lib/form-reply";
import { displayTrackingCode, resolveTrackingHash } from "~/models/complaint/tracking.server";
import { useT } from "~/i18n/use-t";
import { TrackCodeForm } from "~/components/track-code-form";
import { readCleanForm } from "~/lib/text";
import { GUESS_WINDOW_MS, guessingBlocked, recordMiss } from "~/lib/guess-limit.server";
import { pageTitle } from "~/i18n/meta";
import { complaints as complaintsMessages } from "~/i18n/messages/complaints";
import type { MessagesHandle } from "~/i18n";

// The messages of its capabilities load with this page, not in every page's bundle (docs/decisions/0027).
export const handle: MessagesHandle = { messages: [complaintsMessages] };

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "pageTitle.track") }, { name: "robots", content: "noindex" }];

// The code is posted, never put in a query string (which ends up in logs, history and Referer).
// A code nobody holds answers 404 with the form again and help, not a bare error page.
export async function action({ request }: ActionFunctionArgs) {
  const form = await readCleanForm(request);
  const values = { code: String(form.get("code") ?? "").slice(0, 200) };
  // Too many wrong codes from this address: nothing is looked up, the form comes back with the code typed.
  if (guessingBlocked(request)) {
    return formReply("track", { code: ["complaints.error.trackGuessing"] }, { status: 429, values, headers: { "Retry-After": String(GUESS_WINDOW_MS / 1000) } });
  }
  if (!(await resolveTrackingHash(values.code))) {
    recordMiss(request);
    return formReply("track", { code: ["complaints.error.trackCode"] }, { status: 404, values });
  }
  return redirect(`/track/${encodeURIComponent(displayTrackingCode(values.code))}`, 303);
}

export default function Track() {
  const t = useT();
  const data = useActionData<typeof action>();
  const error = errorsOf(data)?.code;
  return (
    <section className="card" style={{ maxWidth: "32rem", margin: "0 auto" }}>
      <h1>{t("complaints.track.title")}</h1>
      <p>{t("complaints.track.lead")}</p>
      <TrackCodeForm error={error ? t(error) : null} defaultValue={data?.values?.code} />
    </section>
  );
}
