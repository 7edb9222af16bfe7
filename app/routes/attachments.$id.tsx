import type { LoaderFunctionArgs } from "@remix-run/node";
import { getSessionUser } from "~/lib/session.server";
import { notFound, parseId } from "~/lib/http.server";
import { attachmentResponse } from "~/models/attachment.server";

// GET /attachments/<id>: a stored photo, through the access rule of the record it belongs to.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const id = parseId(params.id);
  const user = await getSessionUser(request);
  return (await attachmentResponse(id, { user })) ?? notFound();
}
