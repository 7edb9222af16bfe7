import { describe, expect, it } from "vitest";
import * as root from "~/root";
import * as mapPage from "~/routes/map";
import * as loginPage from "~/routes/login";
import * as dashboardPage from "~/routes/dashboard";
import * as followUpPage from "~/routes/follow-ups.$id";
import { localeCookie } from "~/lib/locale.server";
import { makeRequest, run } from "../support/requests";

// Page titles follow the interface language (issue 20): each route's real `meta` reads the locale and,
// for English, the dictionary from the real root loader's data, as Remix hands it over on the server
// and in the browser.

type Tag = { title?: string; name?: string; content?: string };
type Meta = (args: never) => Tag[];

async function rootData(cookie?: string) {
  const res = await run(root.loader as never, makeRequest("/map", { cookie }));
  expect(res.status).toBe(200);
  return res.json();
}

async function titleOf(meta: Meta, cookie?: string, params: Record<string, string> = {}) {
  const matches = [{ id: "root", pathname: "/", params, data: await rootData(cookie), handle: undefined, meta: [] }];
  const tags: Tag[] = (meta as (args: unknown) => Tag[])({ data: undefined, params, location: { pathname: "/" }, matches, error: undefined });
  return { title: tags.find((tag) => tag.title !== undefined)?.title, description: tags.find((tag) => tag.name === "description")?.content };
}

describe("page titles", () => {
  it("are in Bahasa Indonesia by default", async () => {
    expect((await titleOf(mapPage.meta as Meta)).title).toBe("Peta · Tindak");
    expect((await titleOf(loginPage.meta as Meta)).title).toBe("Masuk · Tindak");
    expect((await titleOf(followUpPage.meta as Meta, undefined, { id: "12" })).title).toBe("Tindak lanjut #12 · Tindak");
    expect((await titleOf(dashboardPage.meta as Meta)).description).toMatch(/^Angka terbuka: pengaduan/);
  });

  it("are in English when the language switch chose English", async () => {
    const english = (await localeCookie.serialize("en")).split(";")[0]!;
    expect((await titleOf(mapPage.meta as Meta, english)).title).toBe("Map · Tindak");
    expect((await titleOf(loginPage.meta as Meta, english)).title).toBe("Sign in · Tindak");
    expect((await titleOf(followUpPage.meta as Meta, english, { id: "12" })).title).toBe("Follow-up #12 · Tindak");
    const dashboard = await titleOf(dashboardPage.meta as Meta, english);
    expect(dashboard.title).toBe("Service unit performance · Tindak");
    expect(dashboard.description).toMatch(/^Open figures: complaints/);
  });
});
