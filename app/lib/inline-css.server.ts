import fs from "node:fs";
import path from "node:path";
import { assetsDir } from "./boot.server";

// The root stylesheet is small (~1.7 KB gzipped) and every page needs it before anything shows: on
// a slow-3G phone a separate render-blocking request costs ~2 s of first paint (docs/benchmarks.md),
// so the document carries it inline. Read once from the built, fingerprinted file the build wrote.

const cache = new Map<string, string | null>();
const LIMIT = 64 * 1024; // A big stylesheet is better cached as a file than repeated in every page.

/** The text of a built stylesheet by its public URL (`/build/_assets/app-HASH.css`), or null
 *  (not found, too big) so the caller links it instead. */
export function stylesheetText(href: string): string | null {
  const hit = cache.get(href);
  if (hit !== undefined) return hit;
  let text: string | null = null;
  if (href.startsWith("/build/") && !href.includes("..")) {
    try {
      const file = fs.readFileSync(path.join(assetsDir(), href.slice("/build/".length)), "utf8");
      // "</" cannot close the <style> element early: the text goes into the page as it is.
      text = file.length <= LIMIT && !file.toLowerCase().includes("</style") ? file : null;
    } catch {
      text = null;
    }
  }
  // In development the file changes under the same name only on rebuild (new hash), so caching is safe.
  cache.set(href, text);
  return text;
}
