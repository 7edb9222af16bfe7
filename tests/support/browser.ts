import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";

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

/**
 * A new page of `context` signed in as `email` through the real login form, returned once the home
 * page has rendered for that person (the sign-out button is on screen), so a test never reads the
 * page between the click and the render.
 */
export async function signInPage(context: BrowserContext, baseUrl: string, email: string, password: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(baseUrl + "/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Kata sandi").fill(password);
  await Promise.all([page.waitForURL((u) => u.pathname === "/"), page.getByRole("button", { name: "Masuk" }).click()]);
  await page.locator('form[action="/logout"]').first().waitFor({ state: "attached" });
  return page;
}
