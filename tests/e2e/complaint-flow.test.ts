import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { phoneContext, type TestBrowser } from "../support/browser";
import { saveScreenshot } from "../support/screenshots";
import { startServerAndBrowser, stopServerAndBrowser, type TestServer } from "../support/server";

// The resident's whole flow in Chromium on a phone-sized screen, with JavaScript and without it.

let server: TestServer;
let browser: TestBrowser;
let photo: Buffer;

beforeAll(async () => {
  ({ server, browser } = await startServerAndBrowser());
  photo = await sharp({ create: { width: 1200, height: 900, channels: 3, background: "#884422" } })
    .jpeg()
    .withMetadata({ exif: { IFD0: { Artist: "Pelapor E2E" }, IFD3: { GPSLatitudeRef: "S", GPSLatitude: "2/1 59/1 0/1" } } })
    .toBuffer();
}, 120_000);

afterAll(() => stopServerAndBrowser(server, browser));

async function chooseUnit(page: Page, namePart: string) {
  const value = await page.$$eval(
    "#unitId option",
    (options, part) => (options as HTMLOptionElement[]).find((o) => o.textContent?.includes(part))?.value ?? "",
    namePart,
  );
  expect(value).not.toBe("");
  await page.selectOption("#unitId", value);
}

async function fillComplaint(page: Page, category: string, description: string) {
  await chooseUnit(page, "Dukcapil Seberang Ulu Dua");
  await page.selectOption("#category", category);
  await page.fill("#description", description);
  await page.check("#privacy-anonymous");
  await page.fill("#lat", "-3.0005");
  await page.fill("#lng", "104.7860");
  await page.setInputFiles("#photos", { name: "bukti.jpg", mimeType: "image/jpeg", buffer: photo });
  await page.fill("#reporterName", "Rina Warga");
  await page.fill("#reporterPhone", "0812 1111 3333");
}

describe("with JavaScript", () => {
  it("files a complaint with a photo, lands on the tracking page, adds information; another resident says 'me too'", async () => {
    const context = await phoneContext(browser);
    const page = await context.newPage();
    await page.goto(`${server.url}/complaints/new`);
    // Client-side validation (the shared Zod schema) before anything is sent.
    await page.fill("#description", "pendek");
    await page.locator("#description").blur();
    await expect.poll(() => page.locator("#description-error").textContent()).toContain("20 karakter");

    await fillComplaint(page, "WAITING_TIME", "Antrean di loket rekam KTP tidak bergerak dua jam, nomor antrean dilewati.");
    await page.click("button[value=submit]");
    await page.waitForURL(/\/track\/([0-9A-HJKMNP-TV-Z]{5}-){4}[0-9A-HJKMNP-TV-Z]{6}$/);
    const ref = (await page.getByTestId("ref").textContent())!;
    expect(ref).toMatch(/^ADU-\d{4}-\d{6}$/);
    const code = (await page.getByTestId("tracking-code").textContent())!;
    expect(page.url()).toContain(code);
    // Grouped, upper case and without look-alikes, to be copied onto paper (issue 16, item 2); on a phone
    // it wraps between groups, never inside one: the character before each new line is a hyphen.
    const beforeLineBreaks = await page.getByTestId("tracking-code").evaluate((el) => {
      const range = document.createRange();
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      let typed = "";
      let lineTop = -Infinity;
      const before: string[] = [];
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (let i = 0; i < node.textContent!.length; i++) {
          range.setStart(node, i);
          range.setEnd(node, i + 1);
          const top = range.getBoundingClientRect().top;
          if (top > lineTop + 4) {
            if (typed) before.push(typed.at(-1)!);
            lineTop = top;
          }
          typed += node.textContent![i];
        }
      }
      return before;
    });
    expect(beforeLineBreaks.length).toBeGreaterThan(0); // 31 characters do not fit on one line of a 360 px phone
    expect(beforeLineBreaks.every((c) => c === "-")).toBe(true);
    await page.getByTestId("tracking-code").scrollIntoViewIfNeeded();
    await saveScreenshot(page, "tracking-code-phone");
    // The photo is shown to its reporter, re-encoded, with no EXIF.
    const img = page.locator("section.card img").first();
    await expect.poll(() => img.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
    const src = (await img.getAttribute("src"))!;
    const bytes = Buffer.from(await (await context.request.get(`${server.url}${src}`)).body());
    expect((await sharp(bytes).metadata()).exif).toBeUndefined();

    await page.fill("#info", "Tadi siang saya kembali, loket 2 masih tutup.");
    await page.click("text=Kirim keterangan");
    await page.getByText("Keterangan Anda sudah ditambahkan.").waitFor();
    await page.getByText("loket 2 masih tutup").waitFor();
    // Sent, so the form is empty again: nothing invites a second, identical post (issue 16, item 12).
    expect(await page.inputValue("#info")).toBe("");
    await page.locator("#info").scrollIntoViewIfNeeded();
    await saveScreenshot(page, "track-info-sent-phone");
    // Reloading shows the complaint but no longer the code notice.
    await page.reload();
    expect(await page.getByTestId("tracking-code").count()).toBe(0);

    // A second resident with the same problem is offered the open complaint and adds "me too".
    // On the narrowest phones in use (320 px), and without the service worker, so that the lookup below is
    // the page's own request and can be held back.
    const other = await phoneContext(browser, { serviceWorkers: "block", viewport: { width: 320, height: 640 } });
    const page2 = await other.newPage();
    // On a weak signal the lookup answers while the resident goes on: held back for a second here. Its
    // answer must not move the fields below under a finger on its way to them.
    await page2.route(/\/complaints\/new\?unitId=/, async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      await route.continue();
    });
    await page2.goto(`${server.url}/complaints/new`);
    await chooseUnit(page2, "Dukcapil Seberang Ulu Dua");
    await page2.selectOption("#category", "WAITING_TIME");
    const similar = page2.getByTestId("similar");
    await similar.getByText("Mencari pengaduan serupa").waitFor();
    const whileLooking = await page2.locator("#privacy-anonymous").boundingBox();
    await similar.getByText(/\d+ pengaduan serupa masih terbuka/).waitFor();
    expect(await page2.locator("#privacy-anonymous").boundingBox()).toEqual(whileLooking);
    expect(await similar.getByText(ref).isVisible()).toBe(false);
    // Asked for with "Cek pengaduan serupa dulu", the list is shown open.
    await page2.click("button[value=check]");
    await similar.locator("details[open]").getByText(ref).waitFor();
    await saveScreenshot(page2, "complaint-form", { top: page2.locator("label[for=category]") });
    await similar.locator(`button[value="${ref}"]`).click();
    await page2.waitForURL(new RegExp(`/complaints/${ref}\\?metoo=`));
    await page2.getByTestId("metoo-done").waitFor();
    await context.close();
    await other.close();
  });
});

describe("with JavaScript disabled", () => {
  it("the same form works: errors come back with the form, then a complaint is filed and tracked", async () => {
    const context = await phoneContext(browser, { javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${server.url}/complaints/new`);
    await fillComplaint(page, "FACILITY", "pendek");
    // A phone with an Indonesian keyboard types a decimal comma (issue 16, item 1).
    await page.fill("#lat", "-3,0005");
    await page.fill("#lng", "104,7860");
    const [response] = await Promise.all([page.waitForNavigation(), page.click("button[value=submit]")]);
    expect(response?.status()).toBe(400);
    await page.locator("#description-error").waitFor();
    expect(await page.inputValue("#reporterName")).toBe("Rina Warga");
    expect(await page.locator("#lat-error").count()).toBe(0);
    // The photo chosen before the error is kept on the server: listed, ticked, not to be picked again.
    const held = page.getByTestId("held-photos");
    await held.getByText("Foto 1 (1200×900 piksel)").waitFor();
    expect(await held.locator("input[name=keepPhoto]").isChecked()).toBe(true);
    expect(await page.inputValue("#lat")).toBe("-3,0005");
    await held.scrollIntoViewIfNeeded();
    await saveScreenshot(page, "complaint-held-photo-phone");

    // The check step shows similar complaints without JavaScript.
    await page.fill("#description", "Kursi ruang tunggu patah dan kipas angin mati sejak sebulan lalu.");
    await Promise.all([page.waitForNavigation(), page.click("button[value=check]")]);
    await page.getByTestId("similar").waitFor();

    await page.getByTestId("held-photos").waitFor(); // still held after the check step
    await Promise.all([page.waitForNavigation(), page.click("button[value=submit]")]);
    expect(page.url()).toMatch(/\/track\/([0-9A-HJKMNP-TV-Z]{5}-){4}[0-9A-HJKMNP-TV-Z]{6}$/);
    const code = (await page.getByTestId("tracking-code").textContent())!;
    await page.getByText("Simpan kode pelacakan ini").waitFor();
    // The held photo is attached: the reporter sees it on the tracking page.
    expect(await page.locator("section.card img").count()).toBe(1);

    // Following it later from /track with the code (posted, never in a query string).
    await page.goto(`${server.url}/track`);
    await page.fill("#code", code.toLowerCase().replaceAll("-", " ")); // typed back from a note

    await Promise.all([page.waitForNavigation(), page.click("button[type=submit].primary")]);
    expect(page.url()).toBe(`${server.url}/track/${code}`);
    await page.getByTestId("history").getByText("Pengaduan diterima").waitFor();

    // A code with one symbol wrong: "Kode tidak dikenali", the typed code kept to correct, and help.
    const wrong = code.slice(0, -1) + (code.at(-1) === "7" ? "8" : "7");
    await page.goto(`${server.url}/track`);
    await page.fill("#code", wrong);
    const [unknown] = await Promise.all([page.waitForNavigation(), page.click("button[type=submit].primary")]);
    expect(unknown?.status()).toBe(404);
    await page.locator("#code-error").waitFor();
    expect(await page.locator("#code-error").innerText()).toContain("Kode tidak dikenali. Periksa lagi kodenya.");
    expect(await page.locator("#code-error").innerText()).toContain("huruf O, I, L dibaca sebagai angka 0, 1, 1");
    expect(await page.inputValue("#code")).toBe(wrong);
    expect(await page.locator("#code").getAttribute("aria-invalid")).toBe("true");
    await saveScreenshot(page, "track-code-unknown-phone");
    await context.close();
  });
});
