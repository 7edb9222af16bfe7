import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { id as allMessages } from "~/i18n/id.server";
import { phoneContext, signInPage, type TestBrowser } from "../support/browser";
import { DEMO_PASSWORD } from "../support/requests";
import { PAGES_BY_ROLE, walkIds, walkPath, type WalkIds } from "../support/routes";
import { startServerAndBrowser, stopServerAndBrowser, type TestServer } from "../support/server";

// Each page carries only the Bahasa Indonesia messages of its capabilities (docs/decisions/0027). A
// message it names but does not carry would show as its raw key ("fu.title") instead of words, and a
// server/browser difference would make React throw the server's page away while hydrating. Every page
// of every role, in real Chromium against the real build: once hydrated, no raw key anywhere on screen
// (text, labels, titles), and no hydration error; also after moving to another page in the browser.

let server: TestServer;
let browser: TestBrowser;
let ids: WalkIds;

beforeAll(async () => {
  ({ server, browser } = await startServerAndBrowser());
  ids = walkIds(server.dbFile);
}, 120_000);

afterAll(() => stopServerAndBrowser(server, browser));

const KEYS = Object.keys(allMessages);

/** Pages the accessibility walk leaves out, by role. */
const MORE_PAGES: Record<string, string[]> = { "admin@demo.tindak.id": ["/admin/channels", "/admin/units/new"], none: ["/offline"] };

/** Any message key written on the page as it is now (its text, its titles and labels), outside scripts. */
function rawKeysOn(page: Page): Promise<string[]> {
  return page.evaluate((keys) => {
    const words: string[] = [document.title];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.parentElement?.closest("script, style, template")) words.push(node.textContent ?? "");
    }
    for (const el of document.querySelectorAll("[aria-label], [title], [placeholder], [alt], optgroup[label], input[value]")) {
      for (const name of ["aria-label", "title", "placeholder", "alt", "label"]) words.push(el.getAttribute(name) ?? "");
      if (el instanceof HTMLInputElement && (el.type === "submit" || el.type === "button")) words.push(el.value);
    }
    const text = words.join("\n");
    return keys.filter((key) => new RegExp(`(^|[^\\w.])${key.replaceAll(".", "\\.")}($|[^\\w.])`).test(text));
  }, KEYS);
}

/** React's hydration errors (minified in production: #418, #419, #421, #422, #423, #425). */
function hydrationErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (e) => {
    if (/hydrat|Minified React error #4(18|19|21|22|23|25)/i.test(e.message)) errors.push(e.message);
  });
  return errors;
}

async function visit(page: Page, path: string) {
  await page.goto(server.url + path);
  await page.locator("html[data-hydrated]").waitFor({ state: "attached" });
}

for (const { role, email, paths } of PAGES_BY_ROLE) {
  describe(`${role}: words, not message keys, once hydrated`, () => {
    let context: BrowserContext;
    let page: Page;
    let errors: string[];
    beforeAll(async () => {
      context = await phoneContext(browser);
      page = email ? await signInPage(context, server.url, email, DEMO_PASSWORD) : await context.newPage();
      errors = hydrationErrors(page);
    }, 60_000);
    afterAll(() => context?.close());

    for (const path of [...paths, ...(MORE_PAGES[email ?? "none"] ?? [])]) {
      it(path, async () => {
        await visit(page, walkPath(path, ids));
        expect(await rawKeysOn(page)).toEqual([]);
        expect(errors).toEqual([]);
      });
    }
  });
}

describe("moving between pages in the browser", () => {
  it("the next page brings its own messages: the complaint form, then the dashboard, the map and a complaint", async () => {
    const context = await phoneContext(browser);
    const page = await context.newPage();
    const errors = hydrationErrors(page);
    await visit(page, "/complaints/new");
    // Gone if a page were loaded as a new document instead of in the browser.
    await page.evaluate(() => Object.assign(window, { sameDocument: true }));
    for (const [path, heading] of [
      ["/dashboard", allMessages["dash.title"]],
      ["/map", allMessages["map.title"]],
      ["/complaints", allMessages["complaints.list.title"]],
    ] as const) {
      // A client-side navigation (Remix's link handler), not a new document: only the route's chunk loads.
      await Promise.all([page.waitForURL((u) => u.pathname === path), page.locator(`a[href="${path}"]`).first().evaluate((a) => (a as HTMLAnchorElement).click())]);
      await page.getByRole("heading", { level: 1, name: heading }).waitFor();
      expect(await rawKeysOn(page), path).toEqual([]);
    }
    expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });
});
