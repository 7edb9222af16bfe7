import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { phoneContext, type TestBrowser } from "../support/browser";
import { startServerAndBrowser, stopServerAndBrowser, type TestServer } from "../support/server";

// The root stylesheet is inlined in the document (no render-blocking request, docs/benchmarks.md)
// and English reaches the browser from the root loader rather than the bundle: what a person would
// notice if either went wrong is an unstyled page or Indonesian words on an English page.

let server: TestServer;
let browser: TestBrowser;

beforeAll(async () => {
  ({ server, browser } = await startServerAndBrowser());
});
afterAll(() => stopServerAndBrowser(server, browser));

const background = "getComputedStyle(document.documentElement).backgroundColor";

describe("first paint", () => {
  it("styles the page from the document alone, keeps them through hydration and a client-side error page", async () => {
    const context = await phoneContext(browser);
    const page = await context.newPage();
    const consoleErrors: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") consoleErrors.push(m.text());
    });
    const stylesheetRequests: string[] = [];
    page.on("request", (r) => {
      if (r.resourceType() === "stylesheet") stylesheetRequests.push(r.url());
    });
    await page.goto(`${server.url}/complaints/new`);
    await page.waitForFunction(() => (window as unknown as { __remixRouter?: unknown }).__remixRouter !== undefined);
    expect(await page.evaluate(background)).toBe("rgb(243, 245, 244)"); // --bg of app.css
    expect(stylesheetRequests.filter((u) => u.includes("/build/_assets/app-"))).toEqual([]);

    // A client-side navigation that ends in the root error boundary renders the document again.
    await page.evaluate(() => (window as unknown as { __remixRouter: { navigate(to: string): Promise<void> } }).__remixRouter.navigate("/no-such-page"));
    await page.getByRole("alert").waitFor();
    expect(await page.evaluate(background)).toBe("rgb(243, 245, 244)");
    expect(consoleErrors.filter((e) => /hydrat|did not match/i.test(e))).toEqual([]);
    await context.close();
  });

  it("shows English after client-side navigation, in messages the browser makes itself, when English was chosen", async () => {
    const context = await phoneContext(browser);
    const page = await context.newPage();
    await page.goto(`${server.url}/login`);
    // On a phone the language switch and the links are inside the header's menu (issue 21).
    await page.getByTestId("phone-menu").locator("summary").click();
    await page.getByTestId("menu-lang-switch").click();
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    // The switch loads the page anew: the link below is followed by the app once it has hydrated.
    await page.waitForSelector("html[data-hydrated]");
    await page.getByTestId("phone-menu").locator("summary").click();
    await page.getByRole("link", { name: "File a complaint" }).first().click();
    await page.getByRole("heading", { name: "File a complaint" }).waitFor();
    // The form's own check runs in the browser: its message comes from the root loader's dictionary.
    await page.waitForFunction(() => (window as unknown as { __remixRouter?: unknown }).__remixRouter !== undefined);
    await page.fill("#description", "short");
    await page.locator("#description").blur();
    await expect.poll(() => page.locator("#description-error").textContent()).toContain("at least 20 characters");
    await context.close();
  });
});
