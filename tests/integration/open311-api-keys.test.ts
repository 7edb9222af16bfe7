import { describe, expect, it } from "vitest";
import { db } from "~/lib/db.server";
import { sha256 } from "~/lib/crypto.server";
import { sqlEngine } from "~/lib/sql/index.server";
import * as keysRoute from "~/routes/admin.api-keys";
import * as root from "~/routes/open311.v2.$file";
import { cookieFor, DEMO, makeRequest, run } from "../support/requests";
import { call, expectErrors, postForm, validRequest } from "./open311-support";

// Admins create and revoke Open311 keys in /admin/api-keys; keys are stored hashed and shown once.

describe("/admin/api-keys", () => {
  it("creates a key shown once, stored only as its SHA-256; revoking it makes the API answer 403", async () => {
    const cookie = await cookieFor(DEMO.admin);
    const created = await run(keysRoute.action, makeRequest("/admin/api-keys", { cookie, form: { intent: "create", name: "Aplikasi Mitra Uji" } }));
    expect(created.status).toBe(200);
    const { created: shown } = (await created.json()).extra;
    expect(shown.key).toMatch(/^t311_/);
    const row = await db.apiKey.findUniqueOrThrow({ where: { keyHash: sha256(shown.key) } });
    expect(row.prefix).toBe(shown.key.slice(0, 8));
    expect(JSON.stringify(row)).not.toContain(shown.key);
    const audit = await db.auditEvent.findFirst({ where: { entityType: "ApiKey", entityId: String(row.id), action: "apikey.create" } });
    expect(audit).not.toBeNull();

    // The list never carries the key again.
    const listed = await (await run(keysRoute.loader, makeRequest("/admin/api-keys", { cookie }))).text();
    expect(listed).toContain("Aplikasi Mitra Uji");
    expect(listed).not.toContain(shown.key);

    const ok = await call(root.action, postForm("/open311/v2/requests.json", validRequest({ api_key: shown.key })), "requests.json");
    expect(ok.status).toBe(200);

    const revoked = await run(keysRoute.action, makeRequest("/admin/api-keys", { cookie, form: { intent: "revoke", id: String(row.id) } }));
    expect(revoked.status).toBe(200);
    expect((await db.apiKey.findUniqueOrThrow({ where: { id: row.id } })).revokedAt).not.toBeNull();
    await expectErrors(await call(root.action, postForm("/open311/v2/requests.json", validRequest({ api_key: shown.key })), "requests.json"), 403);
  });

  it("refuses a key without a name, and is for admins only", async () => {
    const cookie = await cookieFor(DEMO.admin);
    const bad = await run(keysRoute.action, makeRequest("/admin/api-keys", { cookie, form: { intent: "create", name: " " } }));
    expect(bad.status).toBe(400);
    for (const email of [DEMO.inspector, DEMO.headSu2]) {
      const other = await cookieFor(email);
      expect((await run(keysRoute.loader, makeRequest("/admin/api-keys", { cookie: other }))).status).toBe(403);
      expect((await run(keysRoute.action, makeRequest("/admin/api-keys", { cookie: other, form: { intent: "create", name: "X Y" } }))).status).toBe(403);
    }
    const anonymous = await run(keysRoute.loader, makeRequest("/admin/api-keys"));
    expect(anonymous.status).toBe(302);
  });

  it("sets a key's quotas per minute and per day; the API then refuses the next request with 429", async () => {
    const cookie = await cookieFor(DEMO.admin);
    const created = (await (await run(keysRoute.action, makeRequest("/admin/api-keys", { cookie, form: { intent: "create", name: "Bot WhatsApp Kelurahan 8 Ilir" } }))).json()).extra;
    const row = await db.apiKey.findUniqueOrThrow({ where: { keyHash: sha256(created.created.key) } });
    const listed = (await (await run(keysRoute.loader, makeRequest("/admin/api-keys", { cookie }))).json()).keys.find((k: { id: number }) => k.id === row.id);
    expect(listed).toMatchObject({ perMinuteLimit: 600, perDayLimit: 20_000 });

    const saved = await run(keysRoute.action, makeRequest("/admin/api-keys", { cookie, form: { intent: "quota", id: String(row.id), perMinuteLimit: "2", perDayLimit: "1500" } }));
    expect(saved.status).toBe(200);
    expect((await saved.json()).extra.quotaSaved).toMatchObject({ name: "Bot WhatsApp Kelurahan 8 Ilir", perMinute: 2, perDay: 1500 });
    expect(await db.apiKey.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ perMinuteLimit: 2, perDayLimit: 1500 });
    const audit = await db.auditEvent.findFirstOrThrow({ where: { entityType: "ApiKey", entityId: String(row.id), action: "apikey.quota" } });
    expect(JSON.parse(audit.after!)).toEqual({ perMinuteLimit: 2, perDayLimit: 1500 });

    for (let i = 0; i < 2; i++) expect((await call(root.action, postForm("/open311/v2/requests.json", validRequest({ api_key: created.created.key })), "requests.json")).status).toBe(200);
    const refused = await expectErrors(await call(root.action, postForm("/open311/v2/requests.json", validRequest({ api_key: created.created.key })), "requests.json"), 429);
    expect(refused[0]!.description).toMatch(/2 pengaduan per menit/);

    // The per-day quota: the two requests made five minutes ago still count for the day.
    await sqlEngine.writeTransaction((tx) => tx.run({ sql: `UPDATE "Open311Submission" SET createdAt = createdAt - 300000 WHERE apiKeyId = @id`, params: { id: row.id } }));
    expect((await run(keysRoute.action, makeRequest("/admin/api-keys", { cookie, form: { intent: "quota", id: String(row.id), perMinuteLimit: "2", perDayLimit: "2" } }))).status).toBe(200);
    const daily = await expectErrors(await call(root.action, postForm("/open311/v2/requests.json", validRequest({ api_key: created.created.key })), "requests.json"), 429);
    expect(daily[0]!.description).toMatch(/2 pengaduan per hari/);
  });

  it("refuses quotas that are not whole numbers in range with a clear message, and changes nothing", async () => {
    const cookie = await cookieFor(DEMO.admin);
    const key = await db.apiKey.findFirstOrThrow({ where: { revokedAt: null } });
    const before = { perMinuteLimit: key.perMinuteLimit, perDayLimit: key.perDayLimit };
    const bad: Array<[string, string]> = [["0", "100"], ["-5", "100"], ["2.5", "100"], ["sepuluh", "100"], ["", "100"], ["10001", "2000000"], ["60", "1000001"], ["500", "100"], ["1e3", "5000"], ["99999999999999999999", "5"]];
    for (const [perMinuteLimit, perDayLimit] of bad) {
      const res = await run(keysRoute.action, makeRequest("/admin/api-keys", { cookie, form: { intent: "quota", id: String(key.id), perMinuteLimit, perDayLimit } }));
      expect(res.status, `${perMinuteLimit}/${perDayLimit}`).toBe(400);
      const body = await res.json();
      // The quota form of this key shows the refusal, with what was typed.
      expect(body).toMatchObject({ intent: "quota", values: { id: String(key.id), perMinuteLimit, perDayLimit } });
      expect(Object.values(body.fieldErrors).flat()).toContain("apikeys.quotaInvalid");
    }
    expect(await db.apiKey.findUniqueOrThrow({ where: { id: key.id } })).toMatchObject(before);
    const { translate } = await import("~/i18n");
    expect(translate("id", "apikeys.quotaInvalid")).toMatch(/bilangan bulat/);
    expect(translate("en", "apikeys.quotaInvalid")).toMatch(/whole numbers/);
    // An unknown key is a 404; a unit head or an inspector may not change quotas.
    expect((await run(keysRoute.action, makeRequest("/admin/api-keys", { cookie, form: { intent: "quota", id: "999999", perMinuteLimit: "5", perDayLimit: "5" } }))).status).toBe(404);
    expect((await run(keysRoute.action, makeRequest("/admin/api-keys", { cookie, form: { intent: "quota", id: "abc", perMinuteLimit: "5", perDayLimit: "5" } }))).status).toBe(404);
    for (const email of [DEMO.inspector, DEMO.headSu2]) {
      const other = await cookieFor(email);
      expect((await run(keysRoute.action, makeRequest("/admin/api-keys", { cookie: other, form: { intent: "quota", id: String(key.id), perMinuteLimit: "1", perDayLimit: "1" } }))).status).toBe(403);
    }
    expect(await db.apiKey.findUniqueOrThrow({ where: { id: key.id } })).toMatchObject(before);
  });
});
