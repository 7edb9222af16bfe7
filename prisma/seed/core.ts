import type { Tx } from "../../app/lib/db.server";
import { sha256 } from "../../app/lib/crypto.server";
import { DEFAULT_DEADLINE_RULES, defaultHolidays, type DeadlineRuleLike } from "../../app/lib/holidays.server";
import { wibDateKey } from "../../app/lib/time";
import { CHECKLIST_TEMPLATES } from "./checklists";
import { loadPalembang, palembangUnits, type Kecamatan, type UnitSeed } from "./palembang";
import { Rng } from "./prng";
import { personName } from "./texts";

// The reference data every Tindak database needs before any history: units, accounts, the holiday
// calendar, deadline rules and checklist templates. Used by the demo seed and by seed:bench.

export { DEMO_PASSWORD } from "./demo-password";
export const DEMO_OPEN311_KEY = "demo-open311-key";

/** The five accounts of the contract (../shared/CONTRACT.md, "Demo data"). Names are invented. */
export const CONTRACT_ACCOUNTS = [
  { email: "admin@demo.tindak.id", name: "Dewi Anggraini", role: "ADMIN", unitSlug: null },
  { email: "inspektur@demo.tindak.id", name: "Rina Marlina Kusuma", role: "INSPECTOR", unitSlug: null },
  { email: "kepala.dukcapil-su2@demo.tindak.id", name: "Hendra Syahputra", role: "UNIT_HEAD", unitSlug: "dukcapil-su2" },
  { email: "kepala.dukcapil-aal@demo.tindak.id", name: "Yuni Rahmawati", role: "UNIT_HEAD", unitSlug: "dukcapil-aal" },
  {
    email: "kepala.puskesmas-nagaswidak@demo.tindak.id",
    name: "dr. Meilinda Purnama",
    role: "UNIT_HEAD",
    unitSlug: "puskesmas-nagaswidak",
  },
] as const;

export type SeededUnit = UnitSeed & { id: number };
export type SeededItem = { id: number; key: string; numberUnit: string | null; asksOldestDate: boolean; findingCategory: string; section: string; label: string };
export type SeededTemplate = { id: number; unitType: string; items: SeededItem[] };

export type CoreContext = {
  kecamatan: Kecamatan[];
  units: SeededUnit[];
  unitBySlug: Map<string, SeededUnit>;
  adminId: number;
  inspectorId: number;
  /** Every unit's head (the contract's three, plus invented ones so every unit can answer). */
  headByUnit: Map<number, number>;
  templates: Map<string, SeededTemplate>;
  holidays: ReadonlySet<string>;
  rules: readonly DeadlineRuleLike[];
  open311KeyId: number;
};

/**
 * The years whose holidays are seeded: this year and next (issue 5), and last year too because the
 * demo history reaches back a year and its deadlines must skip last December's holidays.
 */
export function holidayYears(now: number): number[] {
  const year = Number(wibDateKey(now).slice(0, 4));
  return [year - 1, year, year + 1];
}

/**
 * Writes the reference data inside the caller's transaction. `passwordHash` is the argon2id hash of
 * DEMO_PASSWORD, made once by the caller (outside the transaction, it takes a while) and shared by
 * every demo account.
 */
export async function seedCore(
  tx: Tx,
  options: { now: number; passwordHash: string; extraHeads?: boolean },
): Promise<CoreContext> {
  const rng = new Rng(0x7141da);
  const kecamatan = await loadPalembang();
  const unitSeeds = palembangUnits(kecamatan);
  const passwordHash = options.passwordHash;
  const createdAt = new Date(options.now - 400 * 86_400_000);

  const holidays = defaultHolidays(holidayYears(options.now));

  await tx.unit.createMany({ data: unitSeeds.map((u) => ({ ...u, createdAt, updatedAt: createdAt })) });
  const holidayDates = new Set((await tx.holiday.findMany({ select: { date: true } })).map((h) => h.date));
  await tx.holiday.createMany({ data: holidays.filter((h) => !holidayDates.has(h.date)) });
  const ruleKeys = new Set((await tx.deadlineRule.findMany()).map((r) => `${r.category}|${r.severity}`));
  await tx.deadlineRule.createMany({
    data: DEFAULT_DEADLINE_RULES.filter((r) => !ruleKeys.has(`${r.category}|${r.severity}`)).map((r) => ({ ...r })),
  });
  for (const t of CHECKLIST_TEMPLATES) {
    await tx.checklistTemplate.create({
      data: {
        unitType: t.unitType,
        name: t.name,
        createdAt,
        updatedAt: createdAt,
        items: {
          create: t.items.map(({ key: _key, ...item }, position) => ({
            ...item,
            numberLabel: item.numberLabel ?? null,
            numberUnit: item.numberUnit ?? null,
            asksOldestDate: item.asksOldestDate ?? false,
            position,
          })),
        },
      },
    });
  }

  const units: SeededUnit[] = (await tx.unit.findMany({ orderBy: { id: "asc" } })).flatMap((row) => {
    const seed = unitSeeds.find((u) => u.slug === row.slug);
    return seed ? [{ ...seed, id: row.id }] : [];
  });
  const unitBySlug = new Map(units.map((u) => [u.slug, u]));

  const accounts: Array<{ email: string; name: string; role: string; unitId: number | null }> = CONTRACT_ACCOUNTS.map(
    (a) => ({ email: a.email, name: a.name, role: a.role, unitId: a.unitSlug ? unitBySlug.get(a.unitSlug)!.id : null }),
  );
  if (options.extraHeads !== false) {
    // Every unit needs someone to answer its follow-ups and receive its reminders.
    const withHead = new Set(accounts.map((a) => a.unitId));
    for (const u of units) {
      if (withHead.has(u.id)) continue;
      accounts.push({ email: `kepala.${u.slug}@demo.tindak.id`, name: personName(rng), role: "UNIT_HEAD", unitId: u.id });
    }
  }
  await tx.user.createMany({
    data: accounts.map((a) => ({ ...a, passwordHash, createdAt, updatedAt: createdAt })),
  });
  const users = await tx.user.findMany({ select: { id: true, email: true, role: true, unitId: true } });
  const headByUnit = new Map<number, number>();
  for (const u of users) if (u.role === "UNIT_HEAD" && u.unitId && !headByUnit.has(u.unitId)) headByUnit.set(u.unitId, u.id);

  const apiKey = await tx.apiKey.upsert({
    where: { keyHash: sha256(DEMO_OPEN311_KEY) },
    update: {},
    create: {
      name: "Demo Open311 (aplikasi mitra)",
      keyHash: sha256(DEMO_OPEN311_KEY),
      prefix: DEMO_OPEN311_KEY.slice(0, 8),
      createdById: users.find((u) => u.role === "ADMIN")!.id,
      createdAt,
    },
  });

  const templateRows = await tx.checklistTemplate.findMany({
    include: { items: { orderBy: { position: "asc" } } },
    orderBy: { id: "asc" },
  });
  const templates = new Map<string, SeededTemplate>();
  for (const t of templateRows) {
    const seed = CHECKLIST_TEMPLATES.find((s) => s.unitType === t.unitType && s.name === t.name);
    if (!seed || templates.has(t.unitType)) continue;
    templates.set(t.unitType, {
      id: t.id,
      unitType: t.unitType,
      items: t.items.map((item, i) => ({
        id: item.id,
        key: seed.items[i]?.key ?? `item${i}`,
        numberUnit: item.numberUnit,
        asksOldestDate: item.asksOldestDate,
        findingCategory: item.findingCategory,
        section: item.section,
        label: item.label,
      })),
    });
  }

  const holidaySet = new Set((await tx.holiday.findMany({ select: { date: true } })).map((h) => h.date));
  const rules = await tx.deadlineRule.findMany();

  return {
    kecamatan,
    units,
    unitBySlug,
    adminId: users.find((u) => u.email === "admin@demo.tindak.id")!.id,
    inspectorId: users.find((u) => u.email === "inspektur@demo.tindak.id")!.id,
    headByUnit,
    templates,
    holidays: holidaySet,
    rules,
    open311KeyId: apiKey.id,
  };
}
