import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { fail, guessFormat, handleOpen311, open311Response, originOf, parseFileSegment } from "~/lib/open311.server";
import { discovery, findServiceRequests, serviceList } from "~/models/open311.server";
import { createOpen311Request } from "~/models/open311-post.server";

// /open311/v2/<name>.<format>: discovery, services and requests (GET), requests (POST). The name and
// format are parsed from one segment because Remix flat routes cannot put a param after a literal dot.
export async function loader({ request, params }: LoaderFunctionArgs) {
  return handleOpen311(guessFormat(params.file), async () => {
    const { name, format } = parseFileSegment(params.file);
    const origin = originOf(request);
    if (name === "discovery") {
      const value = discovery(origin);
      return open311Response(format, { root: "discovery", item: null, xmlValue: { ...value, endpoints: { endpoint: value.endpoints.map((e) => ({ ...e, formats: { format: e.formats } })) } } }, value);
    }
    if (name === "services") return open311Response(format, { root: "services", item: "service" }, serviceList());
    if (name === "requests") {
      const rows = await findServiceRequests(new URL(request.url).searchParams, origin);
      return open311Response(format, { root: "service_requests", item: "request" }, rows);
    }
    fail(404, `Sumber tidak dikenal: ${name} / Unknown resource`);
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  return handleOpen311(guessFormat(params.file), async () => {
    const { name, format } = parseFileSegment(params.file);
    if (name !== "requests") fail(name === "services" || name === "discovery" ? 400 : 404, `POST hanya untuk requests.${format} / POST is only for requests.${format}`);
    if (request.method !== "POST") fail(400, "Metode tidak didukung / Method not supported");
    const created = await createOpen311Request(request);
    return open311Response(format, { root: "service_requests", item: "request" }, [created]);
  });
}
