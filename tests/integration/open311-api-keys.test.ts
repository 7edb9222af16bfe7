import { describe, expect, it } from "vitest";
import { db } from "~/lib/db.server";
import { sha256 } from "~/lib/crypto.server";
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
    const { created: shown } = await created.json();
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
});
