import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/lib/db.server";
import { getSessionUser } from "~/lib/session.server";
import { verifyLogin } from "~/lib/auth.server";
import { errorsOf } from "~/lib/form-reply";
import * as adminIndex from "~/routes/admin._index";
import * as unitsIndex from "~/routes/admin.units._index";
import * as unitsNew from "~/routes/admin.units.new";
import * as unitPage from "~/routes/admin.units.$id";
import * as usersIndex from "~/routes/admin.users._index";
import * as usersNew from "~/routes/admin.users.new";
import * as userPage from "~/routes/admin.users.$id";
import { cookieFor, DEMO, DEMO_PASSWORD, makeRequest, run } from "../support/requests";

// Administration of units and users through the real loaders and actions, against the seeded copy.

let admin: string;
let inspector: string;
let head: string;

beforeAll(async () => {
  [admin, inspector, head] = await Promise.all([cookieFor(DEMO.admin), cookieFor(DEMO.inspector), cookieFor(DEMO.headSu2)]);
});

const validUnit = {
  name: "UPT Dukcapil Uji Coba",
  slug: "",
  type: "DUKCAPIL",
  kecamatanCode: "16.71.03",
  kelurahanCode: "16.71.03.1006",
  address: "Jl. KH Azhari No. 1",
  phone: "0711-123456",
  lat: "-3.0005",
  lng: "104,7860",
};

const lastAudit = () => db.auditEvent.findFirst({ orderBy: { id: "desc" } });

describe("access", () => {
  const pages: Array<[string, Parameters<typeof run>[0], Record<string, string>]> = [
    ["/admin", adminIndex.loader as never, {}],
    ["/admin/units", unitsIndex.loader as never, {}],
    ["/admin/units/new", unitsNew.loader as never, {}],
    ["/admin/units/1", unitPage.loader as never, { id: "1" }],
    ["/admin/users", usersIndex.loader as never, {}],
    ["/admin/users/new", usersNew.loader as never, {}],
    ["/admin/users/1", userPage.loader as never, { id: "1" }],
  ];

  it("sends a signed-out visitor to /login, and back afterwards", async () => {
    for (const [path, loader, params] of pages) {
      const res = await run(loader, makeRequest(path), params);
      expect(res.status, path).toBe(302);
      expect(res.headers.get("Location"), path).toBe(`/login?redirectTo=${encodeURIComponent(path)}`);
    }
  });

  it("answers 403 to inspectors and unit heads, on pages and on actions", async () => {
    for (const cookie of [inspector, head]) {
      for (const [path, loader, params] of pages) {
        expect((await run(loader, makeRequest(path, { cookie }), params)).status, path).toBe(403);
      }
      const before = await db.unit.count();
      const res = await run(unitsNew.action as never, makeRequest("/admin/units/new", { cookie, form: validUnit }));
      expect(res.status).toBe(403);
      expect(await db.unit.count()).toBe(before);
      const target = await db.user.findUniqueOrThrow({ where: { email: DEMO.headAal } });
      const dis = await run(userPage.action as never, makeRequest(`/admin/users/${target.id}`, { cookie, form: { intent: "disable" } }), {
        id: String(target.id),
      });
      expect(dis.status).toBe(403);
      expect((await db.user.findUniqueOrThrow({ where: { id: target.id } })).disabledAt).toBeNull();
    }
  });

  it("lets the admin open every page; a missing record is 404", async () => {
    for (const [path, loader, params] of pages) {
      expect((await run(loader, makeRequest(path, { cookie: admin }), params)).status, path).toBe(200);
    }
    expect((await run(unitPage.loader as never, makeRequest("/admin/units/999999", { cookie: admin }), { id: "999999" })).status).toBe(404);
    expect((await run(userPage.loader as never, makeRequest("/admin/users/abc", { cookie: admin }), { id: "abc" })).status).toBe(404);
  });
});

describe("units", () => {
  it("creates a unit with official region codes and coordinates, recorded in the audit trail", async () => {
    const res = await run(unitsNew.action as never, makeRequest("/admin/units/new", { cookie: admin, form: validUnit }));
    expect(res.status).toBe(303);
    const id = Number(res.headers.get("Location")!.match(/^\/admin\/units\/(\d+)\?done=created$/)![1]);
    const unit = await db.unit.findUniqueOrThrow({ where: { id } });
    expect(unit).toMatchObject({
      name: "UPT Dukcapil Uji Coba",
      slug: "upt-dukcapil-uji-coba",
      kecamatanCode: "16.71.03",
      kelurahanCode: "16.71.03.1006",
      lat: -3.0005,
      lng: 104.786, // the comma decimal of an Indonesian keyboard is understood
      active: true,
    });
    const audit = await lastAudit();
    expect(audit).toMatchObject({ action: "unit.create", entityType: "Unit", entityId: String(id) });
  });

  it("refuses bad input with messages and a 400, storing nothing", async () => {
    const cases: Array<[Record<string, string>, Record<string, string>]> = [
      [{ name: "" }, { name: "validation.required" }],
      [{ name: "x".repeat(201) }, { name: "validation.tooLong" }],
      [{ type: "BANK" }, { type: "validation.required" }],
      [{ kecamatanCode: "16.72.01", kelurahanCode: "" }, { kecamatanCode: "validation.kecamatan" }],
      // Tanggatakat (16.71.03.1006) is in Seberang Ulu Dua, not in Ilir Barat Dua.
      [{ kecamatanCode: "16.71.01" }, { kelurahanCode: "validation.kelurahan" }],
      [{ lat: "-6.2", lng: "106.8" }, { lat: "validation.latRange", lng: "validation.lngRange" }],
      [{ lat: "utara" }, { lat: "validation.number" }],
      [{ lat: "-2.99", lng: "" }, { lng: "validation.required" }],
      [{ slug: "Bukan Slug!" }, { slug: "validation.slug" }],
      [{ slug: "dukcapil-su2" }, { slug: "validation.slugTaken" }],
    ];
    for (const [change, expected] of cases) {
      const before = await db.unit.count();
      const auditsBefore = await db.auditEvent.count();
      const res = await run(unitsNew.action as never, makeRequest("/admin/units/new", { cookie: admin, form: { ...validUnit, name: "Unit Gagal", ...change } }));
      expect(res.status, JSON.stringify(change)).toBe(400);
      const body = await res.json();
      expect(errorsOf(body), JSON.stringify(change)).toMatchObject(expected);
      expect(body.values.name).toBe(change.name ?? "Unit Gagal"); // what was typed comes back
      expect(await db.unit.count()).toBe(before);
      expect(await db.auditEvent.count()).toBe(auditsBefore);
    }
  });

  it("ignores fields that are not in the form (no mass assignment)", async () => {
    const res = await run(unitsNew.action as never, makeRequest("/admin/units/new", { cookie: admin, form: { ...validUnit, name: "Unit Tanpa Tambahan", slug: "unit-tanpa-tambahan", active: "false", id: "1" } }));
    expect(res.status).toBe(303);
    const unit = await db.unit.findUniqueOrThrow({ where: { slug: "unit-tanpa-tambahan" } });
    expect(unit.active).toBe(true);
    expect(unit.id).not.toBe(1);
  });

  it("edits a unit, moves it on the map and removes its coordinates", async () => {
    const unit = await db.unit.findUniqueOrThrow({ where: { slug: "dukcapil-aal" } });
    const form = { intent: "save", name: unit.name + " (Baru)", slug: unit.slug, type: unit.type, kecamatanCode: unit.kecamatanCode, kelurahanCode: "", address: "", phone: "", lat: "-2.95", lng: "104.73" };
    let res = await run(unitPage.action as never, makeRequest(`/admin/units/${unit.id}`, { cookie: admin, form }), { id: String(unit.id) });
    expect(res.status).toBe(303);
    let after = await db.unit.findUniqueOrThrow({ where: { id: unit.id } });
    expect(after).toMatchObject({ name: unit.name + " (Baru)", lat: -2.95, lng: 104.73, kelurahanCode: null, address: null });
    const audit = await lastAudit();
    expect(audit?.action).toBe("unit.update");
    expect(JSON.parse(audit!.before!).name).toBe(unit.name);

    res = await run(unitPage.action as never, makeRequest(`/admin/units/${unit.id}`, { cookie: admin, form: { ...form, lat: "", lng: "" } }), { id: String(unit.id) });
    expect(res.status).toBe(303);
    after = await db.unit.findUniqueOrThrow({ where: { id: unit.id } });
    expect([after.lat, after.lng]).toEqual([null, null]);

    // The page shows the unit with its head.
    const page = await run(unitPage.loader as never, makeRequest(`/admin/units/${unit.id}`, { cookie: admin }), { id: String(unit.id) });
    const data = await page.json();
    expect(data.unit.users.map((u: { email: string }) => u.email)).toContain(DEMO.headAal);
    expect(data.regions).toHaveLength(18);
  });

  it("deactivates and reactivates a unit, each step audited", async () => {
    const unit = await db.unit.findUniqueOrThrow({ where: { slug: "puskesmas-nagaswidak" } });
    const post = (intent: string) => run(unitPage.action as never, makeRequest(`/admin/units/${unit.id}`, { cookie: admin, form: { intent } }), { id: String(unit.id) });
    expect((await post("deactivate")).status).toBe(303);
    expect((await db.unit.findUniqueOrThrow({ where: { id: unit.id } })).active).toBe(false);
    expect((await lastAudit())?.action).toBe("unit.deactivate");
    const list = await (await run(unitsIndex.loader as never, makeRequest("/admin/units?active=0", { cookie: admin }))).json();
    expect(list.units.map((u: { id: number }) => u.id)).toContain(unit.id);
    expect((await post("activate")).status).toBe(303);
    expect((await db.unit.findUniqueOrThrow({ where: { id: unit.id } })).active).toBe(true);
    expect((await lastAudit())?.action).toBe("unit.reactivate");
    expect((await post("explode")).status).toBe(400);
  });

  it("lists and filters units", async () => {
    const all = await (await run(unitsIndex.loader as never, makeRequest("/admin/units", { cookie: admin }))).json();
    expect(all.total).toBeGreaterThanOrEqual(40);
    expect(all.kecamatan).toHaveLength(18);
    const su2 = await (await run(unitsIndex.loader as never, makeRequest("/admin/units?kecamatan=16.71.03&type=PUSKESMAS", { cookie: admin }))).json();
    expect(su2.units.length).toBeGreaterThan(0);
    for (const u of su2.units) expect([u.kecamatanCode, u.type]).toEqual(["16.71.03", "PUSKESMAS"]);
    const search = await (await run(unitsIndex.loader as never, makeRequest("/admin/units?q=Nagaswidak", { cookie: admin }))).json();
    expect(search.units.map((u: { name: string }) => u.name)).toContain("Puskesmas Nagaswidak");
  });
});

describe("users", () => {
  const newHead = (unitId: number, over: Record<string, string> = {}) => ({
    email: "Kepala.Baru@Palembang.go.id",
    name: "Siti Aminah",
    role: "UNIT_HEAD",
    unitId: String(unitId),
    password: "sungai musi 2026 jembatan ampera",
    ...over,
  });

  it("creates a unit head assigned to a unit, who can then sign in; the password is hashed and never audited", async () => {
    const unit = await db.unit.findUniqueOrThrow({ where: { slug: "dukcapil-su2" } });
    const res = await run(usersNew.action as never, makeRequest("/admin/users/new", { cookie: admin, form: newHead(unit.id) }));
    expect(res.status).toBe(303);
    const id = Number(res.headers.get("Location")!.match(/^\/admin\/users\/(\d+)\?done=created$/)![1]);
    const user = await db.user.findUniqueOrThrow({ where: { id } });
    expect(user).toMatchObject({ email: "kepala.baru@palembang.go.id", role: "UNIT_HEAD", unitId: unit.id, disabledAt: null });
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    const audit = await lastAudit();
    expect(audit).toMatchObject({ action: "user.create", entityId: String(id) });
    expect(audit!.after).not.toContain("argon2");
    const login = await verifyLogin("kepala.baru@palembang.go.id", "sungai musi 2026 jembatan ampera", makeRequest("/login", { ip: "10.9.0.1" }));
    expect(login.ok).toBe(true);
  });

  it("creates inspectors and admins without a unit", async () => {
    const unit = await db.unit.findFirstOrThrow();
    for (const role of ["INSPECTOR", "ADMIN"]) {
      const email = `${role.toLowerCase()}.baru@palembang.go.id`;
      const res = await run(usersNew.action as never, makeRequest("/admin/users/new", { cookie: admin, form: newHead(unit.id, { role, email }) }));
      expect(res.status).toBe(303);
      expect(await db.user.findUniqueOrThrow({ where: { email } })).toMatchObject({ role, unitId: null });
    }
  });

  it("refuses bad accounts with messages and a 400, storing nothing", async () => {
    const unit = await db.unit.findFirstOrThrow();
    const cases: Array<[Record<string, string>, Record<string, string>]> = [
      [{ email: "bukan-email" }, { email: "validation.email" }],
      [{ email: DEMO.inspector.toUpperCase() }, { email: "validation.emailTaken" }],
      [{ email: `${"a".repeat(10_000)}@x.id` }, { email: "validation.tooLong" }],
      [{ name: "" }, { name: "validation.required" }],
      [{ role: "SUPERUSER" }, { role: "validation.required" }],
      [{ unitId: "" }, { unitId: "validation.unitHeadNeedsUnit" }],
      [{ unitId: "999999" }, { unitId: "validation.unitMissing" }],
      [{ unitId: "0" }, { unitId: "validation.unitMissing" }],
      [{ password: "pendek" }, { password: "validation.passwordLength" }],
      [{ password: "x".repeat(129) }, { password: "validation.passwordLength" }],
      [{ password: "password123" }, { password: "validation.passwordCommon" }],
      [{ password: "Qwertyuiop" }, { password: "validation.passwordCommon" }],
    ];
    for (const [change, expected] of cases) {
      const before = await db.user.count();
      const res = await run(usersNew.action as never, makeRequest("/admin/users/new", { cookie: admin, form: newHead(unit.id, { email: "gagal@palembang.go.id", ...change }) }));
      expect(res.status, JSON.stringify(change).slice(0, 80)).toBe(400);
      const body = await res.json();
      expect(errorsOf(body), JSON.stringify(change).slice(0, 80)).toMatchObject(expected);
      expect(JSON.stringify(body)).not.toContain(change.password ?? "sungai musi"); // the password is not echoed
      expect(await db.user.count()).toBe(before);
    }
  });

  it("ignores fields that are not in the form (no mass assignment)", async () => {
    const res = await run(usersNew.action as never, makeRequest("/admin/users/new", {
      cookie: admin,
      form: newHead(0, { role: "INSPECTOR", unitId: "", email: "tambahan@palembang.go.id", passwordHash: "$argon2id$forged", disabledAt: "2020-01-01", locale: "en", id: "1" }),
    }));
    expect(res.status).toBe(303);
    const user = await db.user.findUniqueOrThrow({ where: { email: "tambahan@palembang.go.id" } });
    expect(user.passwordHash).not.toBe("$argon2id$forged");
    expect(user).toMatchObject({ disabledAt: null, locale: "id" });
    expect(user.id).not.toBe(1);
    // An edit cannot change the e-mail or the password either.
    const edit = await run(userPage.action as never, makeRequest(`/admin/users/${user.id}`, { cookie: admin, form: { intent: "save", name: "Nama Baru", role: "INSPECTOR", unitId: "", email: "lain@x.id", passwordHash: "x" } }), { id: String(user.id) });
    expect(edit.status).toBe(303);
    expect(await db.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({ name: "Nama Baru", email: "tambahan@palembang.go.id", passwordHash: user.passwordHash });
  });

  it("accepts a 64-character passphrase", async () => {
    const res = await run(usersNew.action as never, makeRequest("/admin/users/new", { cookie: admin, form: newHead(0, { role: "INSPECTOR", unitId: "", email: "panjang@palembang.go.id", password: "kalimat sandi yang panjang sekali untuk inspektur kota palembang".padEnd(64, "!") }) }));
    expect(res.status).toBe(303);
  });

  it("assigns a unit head to another unit, which ends their sessions", async () => {
    const user = await db.user.findUniqueOrThrow({ where: { email: DEMO.headNagaswidak } });
    const cookie = await cookieFor(DEMO.headNagaswidak);
    const target = await db.unit.findUniqueOrThrow({ where: { slug: "dukcapil-su2" } });
    const res = await run(userPage.action as never, makeRequest(`/admin/users/${user.id}`, { cookie: admin, form: { intent: "save", name: user.name, role: "UNIT_HEAD", unitId: String(target.id) } }), { id: String(user.id) });
    expect(res.status).toBe(303);
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).unitId).toBe(target.id);
    expect((await lastAudit())?.action).toBe("user.update");
    expect(await getSessionUser(makeRequest("/", { cookie }))).toBeNull();
  });

  it("resets a password: the old one stops working, sessions end, a common one is refused", async () => {
    const user = await db.user.findUniqueOrThrow({ where: { email: DEMO.headAal } });
    const cookie = await cookieFor(DEMO.headAal);
    const post = (newPassword: string) =>
      run(userPage.action as never, makeRequest(`/admin/users/${user.id}`, { cookie: admin, form: { intent: "password", newPassword } }), { id: String(user.id) });
    const weak = await post("12345678");
    expect(weak.status).toBe(400);
    expect(errorsOf(await weak.json())).toEqual({ newPassword: "validation.passwordCommon" });
    expect(await getSessionUser(makeRequest("/", { cookie }))).not.toBeNull();

    expect((await post("pempek kapal selam 77")).status).toBe(303);
    expect((await lastAudit())?.action).toBe("user.password_reset");
    expect(await getSessionUser(makeRequest("/", { cookie }))).toBeNull();
    const ip = "10.9.0.2";
    expect((await verifyLogin(DEMO.headAal, DEMO_PASSWORD, makeRequest("/login", { ip }))).ok).toBe(false);
    expect((await verifyLogin(DEMO.headAal, "pempek kapal selam 77", makeRequest("/login", { ip }))).ok).toBe(true);
  });

  it("disables an account, which ends its sessions at once, and enables it again", async () => {
    const user = await db.user.findUniqueOrThrow({ where: { email: DEMO.inspector } });
    const cookie = await cookieFor(DEMO.inspector);
    expect((await getSessionUser(makeRequest("/", { cookie })))?.email).toBe(DEMO.inspector);
    const post = (intent: string) => run(userPage.action as never, makeRequest(`/admin/users/${user.id}`, { cookie: admin, form: { intent } }), { id: String(user.id) });
    expect((await post("disable")).status).toBe(303);
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).disabledAt).not.toBeNull();
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
    expect(await getSessionUser(makeRequest("/", { cookie }))).toBeNull();
    expect((await lastAudit())?.action).toBe("user.disable");
    expect((await verifyLogin(DEMO.inspector, DEMO_PASSWORD, makeRequest("/login", { ip: "10.9.0.3" }))).ok).toBe(false);

    const list = await (await run(usersIndex.loader as never, makeRequest("/admin/users?status=disabled", { cookie: admin }))).json();
    expect(list.users.map((u: { email: string }) => u.email)).toEqual([DEMO.inspector]);

    expect((await post("enable")).status).toBe(303);
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).disabledAt).toBeNull();
    expect((await lastAudit())?.action).toBe("user.enable");
    expect((await verifyLogin(DEMO.inspector, DEMO_PASSWORD, makeRequest("/login", { ip: "10.9.0.3" }))).ok).toBe(true);
  });

  it("an admin who resets their own password stays signed in with a new session; the old one ends", async () => {
    const me = await db.user.findUniqueOrThrow({ where: { email: DEMO.admin } });
    const oldCookie = await cookieFor(DEMO.admin);
    const res = await run(userPage.action as never, makeRequest(`/admin/users/${me.id}`, { cookie: oldCookie, form: { intent: "password", newPassword: "benteng kuto besak 1780" } }), { id: String(me.id) });
    expect(res.status).toBe(303);
    expect(await getSessionUser(makeRequest("/", { cookie: oldCookie }))).toBeNull();
    const fresh = res.headers.get("Set-Cookie")!.split(";")[0]!;
    expect((await getSessionUser(makeRequest("/", { cookie: fresh })))?.email).toBe(DEMO.admin);
    admin = fresh; // the suite's admin session ended with the reset
  });

  it("keeps an admin from locking themselves out", async () => {
    const me = await db.user.findUniqueOrThrow({ where: { email: DEMO.admin } });
    const res = await run(userPage.action as never, makeRequest(`/admin/users/${me.id}`, { cookie: admin, form: { intent: "disable" } }), { id: String(me.id) });
    expect(res.status).toBe(400);
    const demote = await run(userPage.action as never, makeRequest(`/admin/users/${me.id}`, { cookie: admin, form: { intent: "save", name: me.name, role: "INSPECTOR", unitId: "" } }), { id: String(me.id) });
    expect(demote.status).toBe(400);
    expect(await db.user.findUniqueOrThrow({ where: { id: me.id } })).toMatchObject({ role: "ADMIN", disabledAt: null });
  });

  it("never sends password hashes to the page", async () => {
    const user = await db.user.findUniqueOrThrow({ where: { email: DEMO.headSu2 } });
    const page = await run(userPage.loader as never, makeRequest(`/admin/users/${user.id}`, { cookie: admin }), { id: String(user.id) });
    const list = await run(usersIndex.loader as never, makeRequest("/admin/users", { cookie: admin }));
    for (const res of [page, list]) expect(await res.text()).not.toMatch(/argon2|passwordHash/);
  });
});
