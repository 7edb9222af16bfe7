import type { NextFunction, Request, Response } from "express";
import { rateLimit } from "express-rate-limit";
import { routeKeyOf } from "./request-guard.server";
import { rateLimitCounting } from "./rate-limit-store.server";

// Express middleware that guards every request before Remix sees it.

/** Request paths as logged: tracking codes and query strings never reach a log line. */
export function redactPath(url: string): string {
  const pathOnly = url.split("?")[0] ?? "/";
  return pathOnly.replace(/^\/track\/[^/]+/, "/track/[kode]").replace(/\/open311\/v2\/tokens\/[^/.]+/, "/open311/v2/tokens/[token]");
}

/**
 * Cross-origin form posts are refused on top of SameSite=Lax cookies: a non-GET request whose Origin
 * (or, without one, Sec-Fetch-Site) says another site sent it gets 403. The Open311 API is meant for other
 * programs and is protected by its API key instead.
 */
export function requireSameOrigin(req: Request, res: Response, next: NextFunction) {
  if (req.method === "GET" || req.method === "HEAD" || req.method === "OPTIONS") return next();
  if (routeKeyOf(req).startsWith("/open311/")) return next();
  const origin = req.get("origin");
  const host = req.get("host");
  if (origin && origin !== "null") {
    let originHost: string | null = null;
    try {
      originHost = new URL(origin).host;
    } catch {
      originHost = null;
    }
    if (originHost !== host) return refuse(res);
  } else if (origin === "null" || req.get("sec-fetch-site") === "cross-site") {
    return refuse(res);
  }
  next();
}

function refuse(res: Response) {
  res.status(403).type("text/plain").send("Permintaan lintas situs ditolak / Cross-site request refused");
}

/**
 * Complaint form posts per address per minute (COMPLAINT_LIMIT_PER_MINUTE, default 20): a generous
 * limit on attempts, counted on the normalised path. A post over it is not answered here: it goes on to
 * the complaint action marked `res.locals.overAttemptLimit` (passed in the load context), which answers
 * 429 with the form, what was typed, in the resident's language, and stores nothing (issue 13). The
 * daily allowance counts complaints created, in the action too. Open311 POSTs are not counted here:
 * each needs an API key, and keys have their own quotas (issue 14).
 */
export function complaintRateLimits() {
  // In each worker's memory on SQLite, each applying its share (cluster.server.ts); shared by every app
  // server in the database on PostgreSQL (rate-limit-store.server.ts).
  const perMinute = rateLimitCounting("complaint-post", Number(process.env.COMPLAINT_LIMIT_PER_MINUTE ?? 20));
  // The normalised, lower-cased path (request-guard.server.ts): /COMPLAINTS/NEW/ counts like /complaints/new.
  const isSubmission = (req: Request) => req.method === "POST" && routeKeyOf(req) === "/complaints/new";
  const markOverLimit = (_req: Request, res: Response, next: NextFunction) => {
    res.locals.overAttemptLimit = true;
    next();
  };
  return [
    rateLimit({ standardHeaders: "draft-7", legacyHeaders: false, skip: (req: Request) => !isSubmission(req), handler: markOverLimit, windowMs: 60_000, ...perMinute }),
  ];
}

/** Image origins of the tile template, for the CSP: {s} subdomains become a wildcard. */
export function tileOrigins(template: string): string[] {
  try {
    const url = new URL(template.replace(/\{s\}\./, "a.").replace(/\{[^}]+\}/g, "0"));
    const host = template.includes("{s}.") ? `*.${url.host.split(".").slice(1).join(".")}` : url.host;
    return [`${url.protocol}//${host}`];
  } catch {
    return [];
  }
}
