import type { HeadersFunction } from "@remix-run/node";
import { offlineCacheKey } from "./session.server";

// An inspector's own pages kept on the phone for use without a signal (docs/decisions/0029). The server
// decides which pages (the policy module's mayKeepInspectionOffline / mayKeepInspectionListOffline) and
// marks them with this header, whose value names the session's own cache; the service worker keeps
// only pages so marked, in that cache, and drops it at sign-in, sign-out and when another session's
// page arrives.

export const OFFLINE_CACHE_HEADER = "X-Tindak-Offline-Cache";

/** The loader's headers: the mark when `keep` (the policy said so), nothing otherwise. */
export async function offlineCacheHeaders(request: Request, keep: boolean): Promise<Record<string, string>> {
  const key = keep ? await offlineCacheKey(request) : null;
  return key ? { [OFFLINE_CACHE_HEADER]: key } : {};
}

/** A route's `headers` export: the loader's mark goes on the page (Remix drops loader headers otherwise). */
export const keepOfflineHeaders: HeadersFunction = ({ loaderHeaders }): Record<string, string> => {
  const key = loaderHeaders.get(OFFLINE_CACHE_HEADER);
  return key ? { [OFFLINE_CACHE_HEADER]: key } : {};
};
