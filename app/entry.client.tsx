import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";

// The service worker (offline copy of the app shell, docs/decisions/0021) is registered after the page
// has loaded, so it never competes with the first paint or hydration for a slow connection.
// (Remix imports this module dynamically: the load event may already have fired.)
function registerServiceWorker() {
  navigator.serviceWorker.register("/sw.js").catch(() => {
    // No service worker (private mode, an old browser): the site works as before, online only.
  });
}
if ("serviceWorker" in navigator) {
  if (document.readyState === "complete") registerServiceWorker();
  else window.addEventListener("load", registerServiceWorker, { once: true });
}

startTransition(() => {
  hydrateRoot(
    document,
    <StrictMode>
      <RemixBrowser />
    </StrictMode>,
  );
});
