import fs from "node:fs";
import path from "node:path";
import sharp from "sharp";
import type { Locator, Page } from "playwright-core";

/**
 * A screenshot of what `page` shows now (the viewport), as a small palette PNG named `<name>.png`:
 * into docs/screenshots/ (committed; docs/screenshots/README.md says what each shows) when the run has
 * UPDATE_SCREENSHOTS=1, else into the git-ignored tests/.tmp/screenshots so a test run leaves the tree clean.
 * Take it once the test has asserted the state it shows; `top` is scrolled to the top of the screen first
 * (for a list or a form whose beginning matters).
 */
export async function saveScreenshot(page: Page, name: string, options: { top?: Locator } = {}): Promise<void> {
  if (options.top) await options.top.evaluate((el) => el.scrollIntoView({ block: "start" }));
  const dir = path.resolve(process.env.UPDATE_SCREENSHOTS === "1" ? "docs/screenshots" : "tests/.tmp/screenshots");
  fs.mkdirSync(dir, { recursive: true });
  const png = await sharp(await page.screenshot()).png({ palette: true, colours: 128, compressionLevel: 9 }).toBuffer();
  fs.writeFileSync(path.join(dir, `${name}.png`), png);
}
