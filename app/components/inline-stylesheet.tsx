import { stylesheetText } from "~/lib/inline-css.server";
import { useNonce } from "~/components/nonce";

// A small built stylesheet carried inside the document instead of a render-blocking request: on a
// slow-3G phone each request before the first paint costs ~2 s (docs/benchmarks.md). On the server the
// text comes from the build (`stylesheetText`; that .server import is an empty module in the browser);
// in the browser from the element the server rendered, so hydration keeps it. When neither has it (a
// client-side navigation to the route, or a file too big to inline) it is a plain <link>.

const browserCopies = new Map<string, string | null>();

export function InlineStylesheet({ href, id }: { href: string; id: string }) {
  const nonce = useNonce();
  let css: string | null;
  if (typeof document === "undefined") css = stylesheetText(href);
  else {
    if (!browserCopies.has(id)) browserCopies.set(id, document.getElementById(id)?.textContent ?? null);
    css = browserCopies.get(id) ?? null;
  }
  if (css === null) return <link rel="stylesheet" href={href} />;
  return <style id={id} nonce={nonce} suppressHydrationWarning dangerouslySetInnerHTML={{ __html: css }} />;
}
