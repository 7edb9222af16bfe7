import { assetsVersion, serviceWorkerSource } from "~/lib/service-worker.server";

// GET /sw.js (CONTRACT): the service worker, versioned by the build's assets manifest hash. Never
// cached by the browser's HTTP cache, so a new build reaches phones on their next visit.
export async function loader() {
  return new Response(serviceWorkerSource(assetsVersion()), {
    headers: {
      "Content-Type": "text/javascript; charset=utf-8",
      "Cache-Control": "no-cache",
      "Service-Worker-Allowed": "/",
    },
  });
}
