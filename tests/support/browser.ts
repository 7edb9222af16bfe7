import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type Browser, type BrowserContext } from "playwright-core";

export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
}

/**
 * Debian's Chromium, headless, with no background traffic (ARCHITECTURE.md). Playwright gives every
 * launch a fresh temporary profile of its own (it refuses a --user-data-dir argument), so `profile` is
 * only a scratch folder kept for callers that want somewhere to write.
 */
export async function launchBrowser(): Promise<Browser & { cleanup(): Promise<void> }> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "tindak-chromium-"));
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
  return Object.assign(browser, {
    async cleanup() {
      await browser.close().catch(() => undefined);
      fs.rmSync(profile, { recursive: true, force: true });
    },
  });
}

/** A phone-sized context (360 × 740), as residents and inspectors in the field use. */
export function phoneContext(browser: Browser, options: Parameters<Browser["newContext"]>[0] = {}): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true, locale: "id-ID", timezoneId: "Asia/Jakarta", ...options });
}

export function desktopContext(browser: Browser, options: Parameters<Browser["newContext"]>[0] = {}): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "id-ID", timezoneId: "Asia/Jakarta", ...options });
}
