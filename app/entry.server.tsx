import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { renderToString } from "react-dom/server";
import { NonceProvider } from "~/components/nonce";
import { noteDatabaseFault } from "~/lib/database-unavailable.server";

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = typeof loadContext?.cspNonce === "string" ? loadContext.cspNonce : "";
  // One string, not a stream: no page defers data or suspends on the server (the lazy map components
  // render only after hydration), so streaming only added its machinery to every page, a 2 KB chunk
  // encoded at a time through a PassThrough and a web stream: about a fifth of a signed-in page's
  // cost (issue 17). A render error throws here, and Remix renders the route's error boundary instead.
  const html = renderToString(
    <NonceProvider value={nonce}>
      <RemixServer context={remixContext} url={request.url} />
    </NonceProvider>,
  );
  responseHeaders.set("Content-Type", "text/html; charset=utf-8");
  return new Response(Buffer.from(`<!DOCTYPE html>${html}`), { headers: responseHeaders, status: responseStatusCode });
}

export function handleError(error: unknown, { request }: { request: Request }) {
  if (request.signal.aborted) return;
  // Log the path only: a query string may carry codes that must not reach logs.
  const path = new URL(request.url).pathname;
  // The database unreachable: this request is answered 503 (request-guard.server.ts), and one line is enough.
  if (noteDatabaseFault(error)) {
    console.error(`[error] ${request.method} ${path}: database unavailable (${error instanceof Error ? error.message.split("\n").at(-1) : String(error)})`);
    return;
  }
  console.error(`[error] ${request.method} ${path}`, error);
}
