import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { desktopContext, phoneContext, type TestBrowser } from "../support/browser";
import { DEMO, DEMO_PASSWORD } from "../support/requests";
import { startServerAndBrowser, stopServerAndBrowser, type TestServer } from "../support/server";

// The foundation as a person uses it: Chromium against the real production server (issue 2 §8).

let server: TestServer;
let browser: TestBrowser;

beforeAll(async () => {
  ({ server, browser } = await startServerAndBrowser());
});
afterAll(() => stopServerAndBrowser(server, browser));

/** Screenshots for a person to look at (git-ignored folder of this run). */
const shotDir = path.resolve("tests/.tmp/screenshots");
async function shot(page: Page, name: string) {
  fs.mkdirSync(shotDir, { recursive: true });
  await page.screenshot({ path: path.join(shotDir, `${name}.png`), fullPage: true });
}

async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto(server.url + "/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Kata sandi").fill(password);
  await page.getByRole("button", { name: "Masuk", exact: true }).click();
}

/** Width of the page's content beyond the viewport: 0 when nothing scrolls sideways. */
const horizontalOverflow = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

describe("signing in and out", () => {
  const homes: Array<[string, string]> = [
    [DEMO.admin, "home-admin"],
    [DEMO.inspector, "home-inspector"],
    [DEMO.headSu2, "home-unit-head"],
    [DEMO.headAal, "home-unit-head"],
    [DEMO.headNagaswidak, "home-unit-head"],
  ];

  it.each(homes)("%s signs in on a phone, lands on their home and signs out", async (email, testId) => {
    const context = await phoneContext(browser);
    try {
      const page = await context.newPage();
      await signIn(page, email);
      await page.getByTestId(testId).waitFor();
      expect(new URL(page.url()).pathname).toBe("/");
      expect(await horizontalOverflow(page)).toBe(0);
      const cookies = await context.cookies();
      const session = cookies.find((c) => c.name === "__Host-tindak_session");
      expect(session).toMatchObject({ httpOnly: true, secure: true, sameSite: "Lax", path: "/" });
      // On a phone, sign-out is inside the header's menu (issue 21).
      await page.getByTestId("phone-menu").locator("summary").click();
      await page.getByRole("button", { name: "Keluar" }).click();
      await page.getByTestId("home-public").waitFor();
      await page.getByTestId("phone-menu").locator("summary").click();
      expect(await page.getByRole("link", { name: "Masuk" }).isVisible()).toBe(true);
      expect((await context.cookies()).find((c) => c.name === "__Host-tindak_session")).toBeUndefined();
    } finally {
      await context.close();
    }
  });

  it("shows the same message for a wrong password and an unknown e-mail, and keeps the e-mail typed", async () => {
    const context = await desktopContext(browser);
    try {
      const page = await context.newPage();
      const messages: string[] = [];
      for (const email of [DEMO.inspector, "tidak.terdaftar@demo.tindak.id"]) {
        await signIn(page, email, "kata-sandi-keliru");
        const alert = page.getByRole("alert");
        await alert.waitFor();
        messages.push((await alert.textContent())!.trim());
        expect(await page.getByLabel("Email").inputValue()).toBe(email);
      }
      expect(messages).toEqual(["Email atau kata sandi salah.", "Email atau kata sandi salah."]);
    } finally {
      await context.close();
    }
  });

  it("comes back to the page that asked for a sign-in", async () => {
    const context = await desktopContext(browser);
    try {
      const page = await context.newPage();
      await page.goto(server.url + "/admin/users");
      expect(new URL(page.url()).pathname).toBe("/login");
      await page.getByLabel("Email").fill(DEMO.admin);
      await page.getByLabel("Kata sandi").fill(DEMO_PASSWORD);
      await page.getByRole("button", { name: "Masuk", exact: true }).click();
      await page.getByRole("heading", { name: "Pengguna" }).waitFor();
      expect(new URL(page.url()).pathname).toBe("/admin/users");
    } finally {
      await context.close();
    }
  });
});

describe("language switch", () => {
  it.each([true, false])("switches to English and back (JavaScript %s)", async (javaScriptEnabled) => {
    const context = await phoneContext(browser, { javaScriptEnabled });
    try {
      const page = await context.newPage();
      await page.goto(server.url + "/login");
      expect(await page.locator("html").getAttribute("lang")).toBe("id");
      await page.getByRole("heading", { name: "Masuk" }).waitFor();
      // On a phone the language switch is inside the header's menu (issue 21).
      await page.getByTestId("phone-menu").locator("summary").click();
      await page.getByTestId("menu-lang-switch").click();
      await page.getByRole("heading", { name: "Sign in" }).waitFor();
      expect(await page.locator("html").getAttribute("lang")).toBe("en");
      expect(new URL(page.url()).pathname).toBe("/login"); // stays on the same page
      expect(await page.getByLabel("Password").count()).toBe(1);
      await page.getByTestId("phone-menu").locator("summary").click();
      await page.getByTestId("menu-lang-switch").click();
      await page.getByRole("heading", { name: "Masuk" }).waitFor();
      expect(await page.locator("html").getAttribute("lang")).toBe("id");
    } finally {
      await context.close();
    }
  });
});

describe("language switch after moving around", () => {
  it("returns to the page where it was pressed, after client-side navigation and a sign-in", async () => {
    const context = await desktopContext(browser);
    try {
      const page = await context.newPage();
      await signIn(page, DEMO.admin);
      await page.getByTestId("home-admin").waitFor();
      await page.getByRole("navigation").getByRole("link", { name: "Administrasi" }).click();
      await page.getByTestId("admin-index").waitFor();
      await page.getByRole("link", { name: "Unit layanan" }).click();
      await page.getByRole("heading", { name: "Unit layanan" }).waitFor();
      await page.getByTestId("lang-switch").click();
      await page.getByRole("heading", { name: "Service units" }).waitFor();
      expect(new URL(page.url()).pathname).toBe("/admin/units");
      await page.getByTestId("lang-switch").click();
      await page.getByRole("heading", { name: "Unit layanan" }).waitFor();
      expect(new URL(page.url()).pathname).toBe("/admin/units");
    } finally {
      await context.close();
    }
  });
});

describe("the menu", () => {
  it("marks the current section, fetches a page's code when its link is pointed at, and changes page without a reload", async () => {
    const context = await desktopContext(browser);
    try {
      const page = await context.newPage();
      await signIn(page, DEMO.headSu2);
      await page.getByTestId("home-unit-head").waitFor();
      await page.goto(server.url + "/follow-ups");
      await page.waitForSelector("html[data-hydrated]");
      const nav = page.getByRole("navigation", { name: "Menu" }).last();
      const current = () => nav.locator('a[aria-current="page"]').allTextContents();
      expect(await current()).toEqual(["Tindak lanjut"]);
      expect(await nav.getByRole("link", { name: "Tindak lanjut" }).getAttribute("class")).toBe("active");

      // Pointing at "Peta" fetches the map page's code before the click (as prefetch="intent" did).
      expect(await page.locator('link[rel="modulepreload"][href*="routes/map"], link[rel="prefetch"][href*="routes/map"]').count()).toBe(0);
      await nav.getByRole("link", { name: "Peta" }).hover();
      await expect.poll(() => page.locator('link[rel="modulepreload"][href*="routes/map"], link[rel="prefetch"][href*="routes/map"]').count()).toBeGreaterThan(0);

      // A click is a page change inside the app: the document (and this marker on its window) stays.
      await page.evaluate(() => ((window as unknown as { __samePage?: boolean }).__samePage = true));
      await nav.getByRole("link", { name: "Peta" }).click();
      await page.waitForURL(`${server.url}/map`);
      await expect.poll(current).toEqual(["Peta"]);
      expect(await page.evaluate(() => (window as unknown as { __samePage?: boolean }).__samePage)).toBe(true);

      // "Pengaduan" is not the section of /complaints/new, which has no menu item for a signed-in user.
      await page.goto(server.url + "/complaints/new");
      expect(await current()).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe("phones and keyboards", () => {
  it("the public home and the login page fit a 360 px screen without sideways scrolling", async () => {
    const context = await phoneContext(browser);
    try {
      const page = await context.newPage();
      for (const [url, name] of [
        ["/", "home-360"],
        ["/login", "login-360"],
      ] as const) {
        await page.goto(server.url + url);
        expect(await horizontalOverflow(page), url).toBe(0);
        await shot(page, name);
      }
      await signIn(page, DEMO.admin);
      await page.getByTestId("home-admin").waitFor();
      for (const [url, name] of [
        ["/admin/units", "admin-units-360"],
        ["/admin/units/new", "admin-unit-new-360"],
        ["/admin/users", "admin-users-360"],
        ["/admin/units/1", "admin-unit-360"],
        ["/admin/users/1", "admin-user-360"],
      ] as const) {
        await page.goto(server.url + url);
        expect(await horizontalOverflow(page), url).toBe(0);
        await shot(page, name);
      }
    } finally {
      await context.close();
    }
  });

  it("the first Tab reaches a visible skip link that moves focus to the content", async () => {
    const context = await desktopContext(browser);
    try {
      const page = await context.newPage();
      await page.goto(server.url + "/login");
      await page.keyboard.press("Tab");
      const skip = page.getByRole("link", { name: "Langsung ke isi" });
      expect(await skip.evaluate((el) => el === document.activeElement)).toBe(true);
      const box = await skip.boundingBox();
      expect(box && box.x >= 0 && box.y >= 0).toBe(true); // on screen while focused
      const outline = await skip.evaluate((el) => getComputedStyle(el).outlineStyle);
      expect(outline).not.toBe("none");
      await page.keyboard.press("Enter");
      expect(await page.evaluate(() => document.activeElement?.id)).toBe("main");
    } finally {
      await context.close();
    }
  });
});

describe("administration through the interface", () => {
  it("shows a hostile unit name as text, never as markup", async () => {
    const hostile = `<img src=x onerror=alert(1)></script><script>alert(2)</script>`;
    const context = await desktopContext(browser);
    try {
      const page = await context.newPage();
      const dialogs: string[] = [];
      page.on("dialog", (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      await signIn(page, DEMO.admin);
      await page.getByTestId("home-admin").waitFor();
      await page.goto(server.url + "/admin/units/new");
      await page.getByLabel("Nama").fill(`Unit ${hostile}`);
      await page.getByLabel("Jenis unit").selectOption("OTHER");
      await page.getByLabel("Kecamatan").selectOption("16.71.07");
      await page.getByRole("button", { name: "Buat" }).click();
      await page.getByText("Unit dibuat.").waitFor();
      await page.getByRole("heading", { name: `Unit ${hostile}` }).waitFor();
      await page.goto(server.url + "/admin/units?q=" + encodeURIComponent("onerror"));
      await page.getByRole("link", { name: `Unit ${hostile}` }).waitFor();
      expect(await page.locator("main img").count()).toBe(0);
      expect(dialogs).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("an admin creates a unit with coordinates, then a unit head for it", async () => {
    const context = await phoneContext(browser);
    try {
      const page = await context.newPage();
      await signIn(page, DEMO.admin);
      await page.getByTestId("home-admin").waitFor();
      await page.goto(server.url + "/admin");
      await page.getByRole("link", { name: "Unit layanan" }).click();
      await page.getByRole("link", { name: "Unit baru" }).click();
      await page.getByRole("heading", { name: "Unit baru" }).waitFor();

      // First a point outside Palembang: refused with a message, nothing stored.
      await page.getByLabel("Nama").fill("Puskesmas Uji Tindak");
      await page.getByLabel("Jenis unit").selectOption("PUSKESMAS");
      await page.getByLabel("Kecamatan").selectOption({ label: "Seberang Ulu Dua" });
      await page.getByLabel("Kelurahan", { exact: true }).selectOption({ label: "Tanggatakat" });
      await page.getByLabel("Alamat").fill("Jl. Jend. A. Yani, Tanggatakat");
      await page.getByLabel("Lintang (latitude)").fill("-6.2000");
      await page.getByLabel("Bujur (longitude)").fill("106.8166");
      await page.getByRole("button", { name: "Buat" }).click();
      await page.getByText("Lintang harus di dalam wilayah Kota Palembang.").waitFor();
      expect(await page.getByLabel("Lintang (latitude)").getAttribute("aria-invalid")).toBe("true");
      // The keyboard is put on the field to fix, which names its error.
      expect(await page.evaluate(() => document.activeElement?.id)).toBe("lat");
      expect(await page.getByLabel("Lintang (latitude)").getAttribute("aria-describedby")).toBe("lat-error");
      expect(await page.getByLabel("Nama").inputValue()).toBe("Puskesmas Uji Tindak");

      // The map picker fills both fields from a tap (tiles may not load here; the map still takes taps).
      await page.getByLabel("Lintang (latitude)").fill("");
      await page.getByLabel("Bujur (longitude)").fill("");
      await page.getByRole("button", { name: "Pilih lokasi di peta" }).click();
      const map = page.getByTestId("pin-picker-map").locator(".leaflet-container");
      await map.waitFor();
      await map.click();
      await expect.poll(async () => await page.getByLabel("Lintang (latitude)").inputValue()).not.toBe("");
      const picked = {
        lat: Number(await page.getByLabel("Lintang (latitude)").inputValue()),
        lng: Number(await page.getByLabel("Bujur (longitude)").inputValue()),
      };
      // A point in the city, near where the map opened (its centre, PALEMBANG_CENTER).
      expect(picked.lat).toBeGreaterThan(-3.1);
      expect(picked.lat).toBeLessThan(-2.8);
      expect(picked.lng).toBeGreaterThan(104.6);
      expect(picked.lng).toBeLessThan(104.9);
      // An exact point typed by hand wins.
      await page.getByLabel("Lintang (latitude)").fill("-3.0061");
      await page.getByLabel("Bujur (longitude)").fill("104.7912");
      await page.getByRole("button", { name: "Buat" }).click();
      await page.getByText("Unit dibuat.").waitFor();
      const unitId = Number(new URL(page.url()).pathname.split("/").pop());
      expect(unitId).toBeGreaterThan(0);
      await page.getByText("-3.00610, 104.79120").waitFor(); // under the unit's mini map

      await page.getByRole("link", { name: "Tambah kepala unit" }).click();
      await page.getByRole("heading", { name: "Pengguna baru" }).waitFor();
      await page.getByLabel("Email").fill("kepala.uji@palembang.go.id");
      await page.getByLabel("Nama").fill("Ratna Sari Dewi");
      expect(await page.getByLabel("Peran").inputValue()).toBe("UNIT_HEAD");
      expect(await page.getByLabel("Unit (untuk kepala unit)").inputValue()).toBe(String(unitId));
      await page.getByLabel("Kata sandi awal").fill("password1");
      await page.getByRole("button", { name: "Buat" }).click();
      await page.getByText("Kata sandi ini terlalu umum. Pilih yang lain.").waitFor();
      await page.getByLabel("Kata sandi awal").fill("empek-empek kapal selam 2026");
      await page.getByRole("button", { name: "Buat" }).click();
      await page.getByText("Akun dibuat.").waitFor();
      await page.getByRole("link", { name: "Puskesmas Uji Tindak" }).click();
      await page.getByRole("link", { name: "Ratna Sari Dewi" }).waitFor();

      const sqlite = new Database(server.dbFile, { readonly: true });
      try {
        expect(sqlite.prepare("SELECT name, kecamatanCode, kelurahanCode, lat, lng, active FROM Unit WHERE id = ?").get(unitId)).toEqual({
          name: "Puskesmas Uji Tindak",
          kecamatanCode: "16.71.03",
          kelurahanCode: "16.71.03.1006",
          lat: -3.0061,
          lng: 104.7912,
          active: 1,
        });
        expect(sqlite.prepare("SELECT role, unitId FROM User WHERE email = ?").get("kepala.uji@palembang.go.id")).toEqual({ role: "UNIT_HEAD", unitId });
      } finally {
        sqlite.close();
      }

      // The new unit head can sign in and lands on their unit's inbox.
      const other = await phoneContext(browser);
      try {
        const headPage = await other.newPage();
        await signIn(headPage, "kepala.uji@palembang.go.id", "empek-empek kapal selam 2026");
        await headPage.getByTestId("home-unit-head").waitFor();
        await headPage.getByText("Puskesmas Uji Tindak").first().waitFor();
      } finally {
        await other.close();
      }
    } finally {
      await context.close();
    }
  });
});
