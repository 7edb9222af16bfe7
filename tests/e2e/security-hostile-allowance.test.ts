import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, stopAndClean, type TestServer } from "../support/server";
import { countComplaints, multipartBody, queryOne, rawRequest } from "../support/http";
import { complaintForm } from "../support/complaints";

// Issue 13, item 3, through the real production server: the daily allowance counts complaints filed,
// not attempts. Refused forms (validation errors) never use it up, and a refusal for the allowance is a
// 429 page in the resident's language with the form and what they typed (no JavaScript needed).

const PER_DAY = 2;
let server: TestServer;
let unitId = 0;
beforeAll(async () => {
  server = await startServer({ TRUST_PROXY: "1", COMPLAINT_LIMIT_PER_DAY: String(PER_DAY) });
  unitId = queryOne<{ id: number }>(server, `SELECT id FROM Unit WHERE name = 'UPT Dukcapil Seberang Ulu Dua'`).id;
});
afterAll(async () => stopAndClean(server));

async function post(ip: string, overrides: Record<string, string>, language = "id") {
  const { body, contentType } = await multipartBody(await complaintForm({ unitId: String(unitId), ...overrides }));
  return rawRequest(server, "POST", "/complaints/new", { ip, body, contentType, headers: { "accept-language": language } });
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
    const english = await post(ip, { description: typed }, "en");
    expect(english.status).toBe(429);
    expect(english.text).toContain(typed);
    expect(countComplaints(server)).toBe(before + PER_DAY);
    // Another address behind another connection files at once.
    expect((await post("198.51.100.81", { description: typed })).status).toBe(303);
  });
});
