import type { NextFunction, Request, Response } from "express";

// Express pieces of the Open311 API that must act before Remix (issue 14).

/**
 * OPTIONS under /open311/v2: a CORS preflight. Remix's router refuses OPTIONS before any route runs,
 * so it is answered here: 204, the methods of the resource, the asked-for headers, cached a day.
 */
export function open311Preflight(req: Request, res: Response, next: NextFunction) {
  if (req.method !== "OPTIONS" || !req.path.startsWith("/open311/")) return next();
  const allow = /^\/open311\/v2\/requests\.(json|xml)$/.test(req.path) ? "GET, POST, OPTIONS" : "GET, OPTIONS";
  res
    .status(204)
    .set({
      Allow: allow,
      "Access-Control-Allow-Origin": "*",
      "Access-Control-Allow-Methods": allow,
      "Access-Control-Allow-Headers": req.get("access-control-request-headers") ?? "Content-Type, Accept, Accept-Language",
      "Access-Control-Max-Age": "86400",
    })
    .end();
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
