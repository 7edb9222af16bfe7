import type { LoaderFunctionArgs } from "@remix-run/node";
import { fail, methodNotAllowed, guessFormat, handleOpen311, open311Response, parseFileSegment } from "~/lib/open311.server";
import { recordMiss, refuseWhileGuessing } from "~/lib/guess-limit.server";
import { findByToken } from "~/models/open311.server";

// GET /open311/v2/tokens/<token>.<format>: the service_request_id behind a token (see docs/open311.md).
export async function loader({ request, params }: LoaderFunctionArgs) {
  return handleOpen311(request, guessFormat(params.file), async () => {
    const { name, format } = parseFileSegment(params.file);
    // Tokens are secrets too: misses count against the address like wrong tracking codes (issue 13).
    refuseWhileGuessing(request, "Terlalu banyak token yang salah dari alamat ini / Too many wrong tokens from this address");
    const row = await findByToken(name).catch((error: unknown) => {
      recordMiss(request);
      throw error;
    });
    return open311Response(format, { root: "service_requests", item: "request" }, [row]);
  });
}

export async function action({ request, params }: LoaderFunctionArgs) {
  return handleOpen311(request, guessFormat(params.file), () => methodNotAllowed(request, parseFileSegment(params.file).format, ["GET"]));
}
