import { chromium, type Browser } from "playwright-core";
import { chromiumPath } from "../../support/browser";

// Debian's Chromium, headless, with no background traffic (ARCHITECTURE.md). Playwright gives each
// launch a fresh temporary profile of its own, so no --user-data-dir is passed.
export async function launchBenchBrowser(): Promise<Browser & { cleanup(): Promise<void> }> {
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  return Object.assign(browser, {
    async cleanup() {
      await browser.close().catch(() => undefined);
    },
  });
}
