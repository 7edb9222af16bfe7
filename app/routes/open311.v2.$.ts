import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { fail, guessFormat, handleOpen311 } from "~/lib/open311.server";

// Any other path under /open311/v2 (e.g. /open311/v2/foo/bar/baz.xml): the spec's error body with 404,
// in the format the last segment asks for, instead of the site's HTML 404 page that a client cannot parse.
function unknownPath(request: Request, splat: string | undefined) {
  const path = (splat ?? "").slice(0, 200);
  const last = path.split("/").filter(Boolean).pop();
  return handleOpen311(request, guessFormat(last), () =>
    fail(404, `Tidak ada sumber Open311 di /open311/v2/${path}`, `No Open311 resource at /open311/v2/${path}`),
  );
}

export const loader = ({ request, params }: LoaderFunctionArgs) => unknownPath(request, params["*"]);
export const action = ({ request, params }: ActionFunctionArgs) => unknownPath(request, params["*"]);
