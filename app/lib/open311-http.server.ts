import type { NextFunction, Request, Response } from "express";
import { routeKeyOf } from "./request-guard.server";
import { bilingual, OPEN311_CORS, open311Language, toXml } from "./open311.server";

// Express pieces of the Open311 API that must act before Remix (issue 14).

/**
 * Methods under /open311/v2 that Remix never sees: OPTIONS is a CORS preflight (Remix's router refuses
 * OPTIONS before any route runs): 204, the methods of the resource, the asked-for headers, cached a day.
 * Any method other than GET, HEAD and POST is answered here too, before the site-wide 405 (plain text,
 * with the route's Remix methods as Allow): 405 with the spec's errors body in the requested format,
 * Allow and CORS, in the client's language.
 */
export function open311Methods(req: Request, res: Response, next: NextFunction) {
  // After normaliseRequest: the normalised path, so /open311/../x is not mistaken for Open311 (issue 13).
  const path = routeKeyOf(req);
  if (!path.startsWith("/open311/") || ["GET", "HEAD", "POST"].includes(req.method)) return next();
  const allow = /^\/open311\/v2\/requests\.(json|xml)$/.test(path) ? "GET, POST, OPTIONS" : "GET, OPTIONS";
  if (req.method === "OPTIONS") {
    res
      .status(204)
      .set({
        Allow: allow,
        ...OPEN311_CORS,
        "Access-Control-Allow-Methods": allow,
        "Access-Control-Allow-Headers": req.get("access-control-request-headers") ?? "Content-Type, Accept, Accept-Language",
        "Access-Control-Max-Age": "86400",
      })
      .end();
    return;
  }
  const uses = allow.replace(", OPTIONS", "").split(", ").join(" atau ");
  const error = bilingual(405, `Metode ${req.method} tidak didukung di sini; gunakan ${uses}`, `Method ${req.method} is not allowed here; use ${allow.replace(", OPTIONS", "").split(", ").join(" or ")}`);
  const language = open311Language({ headers: { get: (name: string) => req.get(name) ?? null } } as unknown as globalThis.Request);
  const errors = [{ code: 405, description: language === "en" && error.en ? error.en : error.description }];
  // The body is not read: the connection closes after the answer, as for the site-wide 405.
  if (req.get("content-length") || req.get("transfer-encoding")) res.setHeader("Connection", "close");
  res.status(405).set({ Allow: allow, "Cache-Control": "no-store", ...OPEN311_CORS });
  if (/\.xml$/i.test(path)) res.type("text/xml; charset=utf-8").send(toXml("errors", "error", errors));
  else res.type("application/json; charset=utf-8").send(JSON.stringify(errors));
}

/**
 * Photos are served by /attachments/<id>, which says itself whether another site may embed one
 * (Cross-Origin-Resource-Policy: cross-origin for a public photo, same-origin otherwise): the
 * site-wide same-origin header set by helmet is taken off so it does not become a second value.
 */
export function attachmentsDecideCorp(req: Request, res: Response, next: NextFunction) {
  if (req.path.startsWith("/attachments/")) res.removeHeader("Cross-Origin-Resource-Policy");
  next();
}
