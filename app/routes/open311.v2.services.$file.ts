import type { LoaderFunctionArgs } from "@remix-run/node";
import { fail, methodNotAllowed, guessFormat, handleOpen311, open311Response, parseFileSegment } from "~/lib/open311.server";
import { isServiceCode, serviceDefinition } from "~/models/open311-services.server";

// GET /open311/v2/services/<service_code>.<format>: the service definition (its attributes).
export async function loader({ request, params }: LoaderFunctionArgs) {
  return handleOpen311(request, guessFormat(params.file), async () => {
    const { name, format } = parseFileSegment(params.file);
    if (!isServiceCode(name)) fail(404, `service_code tidak dikenal: ${name} / Unknown service_code`);
    const definition = await serviceDefinition(name);
    const xmlValue = {
      service_code: definition.service_code,
      attributes: {
        attribute: definition.attributes.map(({ values, ...a }) => (values ? { ...a, values: { value: values } } : a)),
      },
    };
    return open311Response(format, { root: "service_definition", item: null, xmlValue }, definition);
  });
}

export async function action({ request, params }: LoaderFunctionArgs) {
  return handleOpen311(request, guessFormat(params.file), () => methodNotAllowed(request, parseFileSegment(params.file).format, ["GET"]));
}
