import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { fail, guessFormat, handleOpen311, methodNotAllowed, open311Response, originOf, parseFileSegment } from "~/lib/open311.server";
import { findServiceRequests, findServiceRequestUpdates } from "~/models/open311.server";
import { discovery, serviceList } from "~/models/open311-services.server";
import { createOpen311Request } from "~/models/open311-post.server";
import type { CheckedApiKey } from "~/lib/request-guard.server";

// /open311/v2/<name>.<format>: discovery, services, requests and servicerequestupdates (GET), requests
// (POST). The name and format are parsed from one segment because Remix flat routes cannot put a param
// after a literal dot.
const RESOURCES = ["discovery", "services", "requests", "servicerequestupdates"];

export async function loader({ request, params }: LoaderFunctionArgs) {
  return handleOpen311(request, guessFormat(params.file), async () => {
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
    if (name === "servicerequestupdates") {
      const rows = await findServiceRequestUpdates(request, origin);
      return open311Response(format, { root: "service_request_updates", item: "request_update" }, rows);
    }
    fail(404, `Sumber tidak dikenal: ${name}`, `Unknown resource: ${name}`);
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  return handleOpen311(request, guessFormat(params.file), async () => {
    const { name, format } = parseFileSegment(params.file);
    if (!RESOURCES.includes(name)) fail(404, `Sumber tidak dikenal: ${name}`, `Unknown resource: ${name}`);
    if (name !== "requests" || request.method !== "POST") return methodNotAllowed(request, format, name === "requests" ? ["GET", "POST"] : ["GET"]);
    const created = await createOpen311Request(request, context.open311ApiKey as CheckedApiKey | undefined);
    return open311Response(format, { root: "service_requests", item: "request" }, [created]);
  });
}
