import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";

export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
}

/** A launched Chromium with `cleanup()`, which closes it and removes its scratch folder. */
export type TestBrowser = Browser & { cleanup(): Promise<void> };

/**
 * Debian's Chromium, headless, with no background traffic (ARCHITECTURE.md). Playwright gives every
 * launch a fresh temporary profile of its own (it refuses a --user-data-dir argument), so `profile` is
 * only a scratch folder kept for callers that want somewhere to write.
 */
export async function launchBrowser(): Promise<TestBrowser> {
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

let axeSource: string | undefined;

/**
 * The serious and critical axe-core violations (WCAG 2.1 A and AA rules) of the page as it is now, one
 * line each; [] when there are none. axe's own source is injected, so the context needs bypassCSP.
 */
export async function seriousAxeViolations(page: Page): Promise<string[]> {
  axeSource ??= fs.readFileSync(createRequire(import.meta.url).resolve("axe-core"), "utf8");
  await page.addScriptTag({ content: axeSource });
  const violations = (await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: unknown) => Promise<{ violations: unknown[] }> } }).axe;
    return (await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } })).violations;
  })) as Array<{ id: string; impact: string; help: string; nodes: Array<{ target: string[] }> }>;
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${new URL(page.url()).pathname}: ${v.id} (${v.impact}) ${v.help} at ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
}
