import type { LoaderFunctionArgs } from "@remix-run/node";
import { fail, methodNotAllowed, guessFormat, handleOpen311, open311Response, originOf, parseFileSegment } from "~/lib/open311.server";
import { findServiceRequest } from "~/models/open311.server";

// GET /open311/v2/requests/<service_request_id>.<format>: one public request; confidential and
// EXTORTION complaints answer 404 like unknown ones.
export async function loader({ request, params }: LoaderFunctionArgs) {
  return handleOpen311(request, guessFormat(params.file), async () => {
    const { name, format } = parseFileSegment(params.file);
    const row = await findServiceRequest(name, originOf(request));
    return open311Response(format, { root: "service_requests", item: "request" }, [row]);
  });
}

export async function action({ request, params }: LoaderFunctionArgs) {
  return handleOpen311(request, guessFormat(params.file), () => methodNotAllowed(request, parseFileSegment(params.file).format, ["GET"]));
}
