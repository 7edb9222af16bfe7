import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, stopAndClean, type TestServer } from "../support/server";
import { countComplaints, formBody, queryOne, rawRequest, signIn } from "../support/http";
import { DEMO } from "../support/requests";
import { postComplaint } from "../support/complaints";

// Issue 13, item 3, through the real production server: the daily allowance counts complaints filed,
// not attempts. Refused forms (validation errors) never use it up, and a refusal for the allowance is a
// 429 page in the resident's language with the form and what they typed (no JavaScript needed).
// "Saya juga mengalami" counts once per address and per signed-in account, however often it is sent.

const PER_DAY = 2;
let server: TestServer;
beforeAll(async () => {
  server = await startServer({ TRUST_PROXY: "1", COMPLAINT_LIMIT_PER_DAY: String(PER_DAY) });
});
afterAll(async () => stopAndClean(server));

const post = (ip: string, overrides: Record<string, string>, cookie?: string, on: TestServer = server) => postComplaint(on, ip, overrides, { cookie });

/** The language switch's cookie for English, as a resident pressing "English" gets it. */
async function englishCookie(on: TestServer): Promise<string> {
  const res = await rawRequest(on, "POST", "/lang", { ip: "198.51.100.99", body: formBody({ lang: "en", redirectTo: "/complaints/new" }) });
  expect(res.status).toBe(302);
  return res.headers["set-cookie"]![0]!.split(";")[0]!;
}

describe("a fair daily allowance", () => {
  it("does not count refused forms, and answers the allowance's 429 with the form and the typed text", async () => {
    const ip = "198.51.100.80";
    const before = countComplaints(server);
    for (let i = 0; i < 5; i++) expect((await post(ip, { description: "" })).status).toBe(400);
    for (let i = 0; i < PER_DAY; i++) expect((await post(ip, { description: `Pengaduan sah nomor ${i}: loket tutup sebelum jam layanan berakhir.` })).status).toBe(303);
    expect(countComplaints(server)).toBe(before + PER_DAY);

    const typed = "Teks yang saya ketik panjang-panjang tentang antrean di loket pagi ini.";
    const refused = await post(ip, { description: typed });
    expect(refused.status).toBe(429);
    expect(refused.headers["content-type"]).toMatch(/text\/html/);
    expect(refused.text).toContain("sudah mengirim banyak pengaduan hari ini");
    expect(refused.text).toContain(typed);
    const english = await post(ip, { description: typed }, await englishCookie(server));
    expect(english.status).toBe(429);
    expect(english.text).toContain('<html lang="en"');
    expect(english.text).toContain("This address has filed many complaints today");
    expect(english.text).toContain(typed);
    expect(countComplaints(server)).toBe(before + PER_DAY);
    // Another address behind another connection files at once.
    expect((await post("198.51.100.81", { description: typed })).status).toBe(303);
  });
});

describe("the per-minute limit on attempts", () => {
  const PER_MINUTE = 2;
  let limited: TestServer;
  beforeAll(async () => {
    limited = await startServer({ TRUST_PROXY: "1", COMPLAINT_LIMIT_PER_MINUTE: String(PER_MINUTE) });
  });
  afterAll(async () => stopAndClean(limited));

  it("answers 429 with the form and what was typed, in Indonesian and, after the language switch, in English; nothing is stored", async () => {
    const ip = "198.51.100.70";
    const before = countComplaints(limited);
    const idempotencyKey = "retry-of-a-filed-complaint-0001";
    const filed = await post(ip, { description: "Pengaduan yang terkirim lalu dikirim ulang oleh ponsel.", idempotencyKey }, undefined, limited);
    expect(filed.status).toBe(303);
    expect((await post(ip, { description: "" }, undefined, limited)).status).toBe(400);
    // Over the limit, a retry of the post that filed still gets its first answer, and files nothing.
    const retry = await post(ip, { description: "Pengaduan yang terkirim lalu dikirim ulang oleh ponsel.", idempotencyKey }, undefined, limited);
    expect(retry.status).toBe(303);
    expect(retry.headers.location).toBe(filed.headers.location);

    const typed = "Petugas meminta uang tambahan untuk mempercepat kartu keluarga saya.";
    const refused = await post(ip, { description: typed, reporterName: "Siti Aminah" }, undefined, limited);
    expect(refused.status).toBe(429);
    expect(refused.headers["content-type"]).toMatch(/text\/html/);
    expect(refused.headers["retry-after"]).toMatch(/^\d+$/);
    expect(refused.text).toContain('<html lang="id"');
    expect(refused.text).toContain("Terlalu banyak kiriman dari sambungan ini dalam satu menit");
    expect(refused.text).toContain(typed);
    expect(refused.text).toContain('value="Siti Aminah"');

    const english = await post(ip, { description: typed }, await englishCookie(limited), limited);
    expect(english.status).toBe(429);
    expect(english.text).toContain('<html lang="en"');
    expect(english.text).toContain("Too many submissions from this connection in one minute");
    expect(english.text).not.toContain("Terlalu banyak kiriman");
    expect(english.text).toContain(typed);
    expect(countComplaints(limited)).toBe(before + 1);
  });
});

describe("'Saya juga mengalami' counts once per address and per account", () => {
  const meToo = (ip: string, ref: string, cookie?: string) => rawRequest(server, "POST", "/complaints/new", { ip, cookie, body: formBody({ intent: "meToo", ref }) });
  const count = (ref: string) => queryOne<{ n: number }>(server, `SELECT meTooCount AS n FROM Complaint WHERE ref = ?`, ref).n;

  it("forty parallel presses from one address count once; a repeat is told so, not refused", async () => {
    expect((await post("198.51.100.90", { description: "Antrean pengambilan KTP elektronik tidak bergerak sejak pagi." })).status).toBe(303);
    const { ref } = queryOne<{ ref: string }>(server, `SELECT ref FROM Complaint ORDER BY id DESC LIMIT 1`);
    expect(count(ref)).toBe(0);

    const presses = await Promise.all(Array.from({ length: 40 }, () => meToo("198.51.100.91", ref)));
    expect(presses.map((r) => r.status)).toEqual(Array(40).fill(303));
    const locations = presses.map((r) => r.headers.location);
    expect(locations.filter((l) => l === `/complaints/${ref}?metoo=counted`)).toHaveLength(1);
    expect(locations.filter((l) => l === `/complaints/${ref}?metoo=already`)).toHaveLength(39);
    expect(count(ref)).toBe(1);

    const page = await rawRequest(server, "GET", `/complaints/${ref}?metoo=already`, { ip: "198.51.100.91" });
    expect(page.status).toBe(200);
    expect(page.text).toContain("sudah tercatat sebelumnya dan hanya dihitung sekali: 1 warga");
    // Another address is another resident.
    expect((await meToo("198.51.100.92", ref)).headers.location).toBe(`/complaints/${ref}?metoo=counted`);
    expect(count(ref)).toBe(2);
  });

  it("a signed-in account counts once from any address, and an address once for any account", async () => {
    expect((await post("198.51.100.93", { description: "Loket rekam sidik jari rusak sepanjang minggu ini." })).status).toBe(303);
    const { ref } = queryOne<{ ref: string }>(server, `SELECT ref FROM Complaint ORDER BY id DESC LIMIT 1`);
    const inspector = (await signIn(server, DEMO.inspector, { ip: "198.51.100.94" })).cookie!;
    const admin = (await signIn(server, DEMO.admin, { ip: "198.51.100.94" })).cookie!;

    expect((await meToo("198.51.100.94", ref, inspector)).headers.location).toBe(`/complaints/${ref}?metoo=counted`);
    // The same account from a second address, and a second account from the first address: no change.
    expect((await meToo("198.51.100.95", ref, inspector)).headers.location).toBe(`/complaints/${ref}?metoo=already`);
    expect((await meToo("198.51.100.94", ref, admin)).headers.location).toBe(`/complaints/${ref}?metoo=already`);
    expect(count(ref)).toBe(1);
  });
});
