import type { LoaderFunctionArgs } from "@remix-run/node";
import { fail, guessFormat, handleOpen311, open311Response, parseFileSegment } from "~/lib/open311.server";
import { findByToken } from "~/models/open311.server";

// GET /open311/v2/tokens/<token>.<format>: the service_request_id behind a token (see docs/open311.md).
export async function loader({ params }: LoaderFunctionArgs) {
  return handleOpen311(guessFormat(params.file), async () => {
    const { name, format } = parseFileSegment(params.file);
    const row = await findByToken(name);
    return open311Response(format, { root: "service_requests", item: "request" }, [row]);
  });
}

export async function action({ params }: LoaderFunctionArgs) {
  return handleOpen311(guessFormat(params.file), () => fail(400, "Metode tidak didukung / Method not supported"));
}
