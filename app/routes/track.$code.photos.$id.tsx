import type { LoaderFunctionArgs } from "@remix-run/node";
import { getSessionUser } from "~/lib/session.server";
import { notFound, parseId } from "~/lib/http.server";
import { attachmentResponse } from "~/models/attachment.server";
import { resolveTrackingHash } from "~/models/complaint/tracking.server";
import { recordMiss, refuseWhileGuessing } from "~/lib/guess-limit.server";

// GET /track/<code>/photos/<id>: the reporter's own photos (also confidential ones), by tracking code.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const id = parseId(params.id);
  refuseWhileGuessing(request);
  const trackingHash = await resolveTrackingHash(params.code ?? "");
  if (!trackingHash) {
    recordMiss(request);
    notFound();
  }
  const user = await getSessionUser(request);
  return (await attachmentResponse(id, { user, trackingHash })) ?? notFound();
}
