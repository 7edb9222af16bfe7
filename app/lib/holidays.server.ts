import Holidays from "date-holidays";
import type { Db } from "./db.server";

// The holiday calendar and deadline rules behind working-day deadlines (issue 5). National holidays come
// from date-holidays with its known mistakes corrected; cuti bersama are not in date-holidays at all and
// come from the yearly SKB 3 Menteri (joint decree), typed in below. Admins correct and add in the app.

export type HolidayKind = "NATIONAL" | "CUTI_BERSAMA";
export type HolidaySeed = { date: string; name: string; kind: HolidayKind; source: "date-holidays" | "skb" };

const ISRA_MIRAJ = "Isra Mi'raj Nabi Muhammad SAW";

// date-holidays 3.37 names its "27 Rajab" rule "Maulid Nabi Muhammad" (e.g. 2026-01-16, 2027-01-05,
// 2027-12-25), so Isra Mi'raj shows up as a second Maulid. Renamed by rule, so future years are fixed too.
const NAME_BY_RULE: Record<string, string> = {
  "27 Rajab": ISRA_MIRAJ,
  "12 Rabi al-awwal": "Maulid Nabi Muhammad SAW",
};

// Its other names are understandable but not the ones on the SKB; use the official wording.
const NAME_FIXES: Record<string, string> = {
  "Hari tahun baru": "Tahun Baru Masehi",
  "Hari Raya Nyepi": "Hari Suci Nyepi (Tahun Baru Saka)",
  "Hari Ulang Tahun Kemerdekaan Republik Indonesia": "Hari Proklamasi Kemerdekaan RI",
};

/**
 * National holidays decreed on dates date-holidays lacks (it computes Islamic dates from a tabular
 * calendar; the government follows sighting, which can be a day later), and Easter Sunday, which the
 * SKB lists but date-holidays does not mark public. From the SKB 3 Menteri of each year, as we know them.
 */
const EXTRA_NATIONAL: Record<number, Array<[string, string]>> = {
  2025: [
    ["2025-04-01", "Hari Raya Idul Fitri 1446 H"],
    ["2025-04-20", "Kebangkitan Yesus Kristus (Paskah)"],
  ],
  2026: [["2026-04-05", "Kebangkitan Yesus Kristus (Paskah)"]],
  2027: [["2027-03-28", "Kebangkitan Yesus Kristus (Paskah)"]],
};

/**
 * Cuti bersama (collective leave for civil servants: public offices are closed, so no working day).
 * 2025: SKB 3 Menteri on 2025 holidays, with the later addition of 18 August (80th Independence Day).
 * 2026: SKB 3 Menteri on 2026 holidays as the project brief gives them. The brief places Idul Fitri
 * 1447 H on 20–21 March with cuti bersama on 18, 19, 23 and 24 March; 19 March is also Nyepi, a national
 * holiday, and national wins where both fall on one date. (Our own recollection of the SKB is Idul
 * Fitri on 21–22 March with cuti bersama on 20 March; either reading makes 18–24 March non-working.)
 * 2027: the SKB for 2027 was not known when this was written: admins add its cuti bersama.
 */
const CUTI_BERSAMA: Record<number, Array<[string, string]>> = {
  2025: [
    ["2025-01-28", "Cuti bersama Tahun Baru Imlek"],
    ["2025-03-28", "Cuti bersama Hari Suci Nyepi"],
    ["2025-04-02", "Cuti bersama Idul Fitri 1446 H"],
    ["2025-04-03", "Cuti bersama Idul Fitri 1446 H"],
    ["2025-04-04", "Cuti bersama Idul Fitri 1446 H"],
    ["2025-04-07", "Cuti bersama Idul Fitri 1446 H"],
    ["2025-05-13", "Cuti bersama Hari Raya Waisak"],
    ["2025-05-30", "Cuti bersama Kenaikan Yesus Kristus"],
    ["2025-06-09", "Cuti bersama Idul Adha 1446 H"],
    ["2025-08-18", "Cuti bersama HUT ke-80 RI"],
    ["2025-12-26", "Cuti bersama Hari Raya Natal"],
  ],
  2026: [
    ["2026-02-16", "Cuti bersama Tahun Baru Imlek"],
    ["2026-03-18", "Cuti bersama Idul Fitri 1447 H"],
    ["2026-03-19", "Cuti bersama Idul Fitri 1447 H"],
    ["2026-03-23", "Cuti bersama Idul Fitri 1447 H"],
    ["2026-03-24", "Cuti bersama Idul Fitri 1447 H"],
    ["2026-05-15", "Cuti bersama Kenaikan Yesus Kristus"],
    ["2026-05-28", "Cuti bersama Idul Adha 1447 H"],
    ["2026-12-24", "Cuti bersama Hari Raya Natal"],
  ],
};

/**
 * National holidays (date-holidays, corrected) and cuti bersama (SKB) for the given years, one entry per
 * date, sorted. Two holidays on one date (2027-12-25: Natal and Isra Mi'raj) share a row, names joined,
 * because the Holiday table keys on the date.
 */
export function defaultHolidays(years: number[]): HolidaySeed[] {
  const byDate = new Map<string, HolidaySeed>();
  const add = (entry: HolidaySeed) => {
    const existing = byDate.get(entry.date);
    if (!existing) return void byDate.set(entry.date, entry);
    // A national holiday outranks a cuti bersama on the same date; two of a kind are merged.
    if (existing.kind === "CUTI_BERSAMA" && entry.kind === "NATIONAL") return void byDate.set(entry.date, entry);
    if (existing.kind === entry.kind && !existing.name.split(" / ").includes(entry.name)) {
      existing.name = `${existing.name} / ${entry.name}`;
    }
  };

  const hd = new Holidays("ID", { types: ["public"] });
  for (const year of [...new Set(years)].sort()) {
    for (const h of hd.getHolidays(year)) {
      if (h.type !== "public") continue;
      // `date` is the local calendar date ("2027-01-05 00:00:00 -0600"). Do NOT convert `start` to WIB:
      // Islamic holidays start at the previous sunset, so `start` is on the eve in WIB.
      const date = h.date.slice(0, 10);
      const name = NAME_BY_RULE[h.rule] ?? NAME_FIXES[h.name] ?? h.name;
      add({ date, name, kind: "NATIONAL", source: "date-holidays" });
    }
    for (const [date, name] of EXTRA_NATIONAL[year] ?? []) add({ date, name, kind: "NATIONAL", source: "skb" });
    for (const [date, name] of CUTI_BERSAMA[year] ?? []) add({ date, name, kind: "CUTI_BERSAMA", source: "skb" });
  }
  return [...byDate.values()].sort((a, b) => a.date.localeCompare(b.date));
}

// Deadlines are computed on nearly every follow-up read; the calendar changes a few times a year.
const HOLIDAY_CACHE_MS = 60_000;
let holidayCache = new WeakMap<object, { at: number; set: Promise<ReadonlySet<string>> }>();

/** Every Holiday row's date as a set of WIB date keys, cached per client for 60 s. */
export function loadHolidaySet(client: Db): Promise<ReadonlySet<string>> {
  const now = Date.now();
  const hit = holidayCache.get(client);
  if (hit && now - hit.at < HOLIDAY_CACHE_MS) return hit.set;
  const set = client.holiday
    .findMany({ select: { date: true } })
    .then((rows) => new Set(rows.map((r) => r.date)) as ReadonlySet<string>);
  holidayCache.set(client, { at: now, set });
  // A failed read must not be served from the cache for a minute.
  set.catch(() => holidayCache.delete(client));
  return set;
}

/** Call after any change to the Holiday table so the next deadline uses it. */
export function invalidateHolidayCache(): void {
  holidayCache = new WeakMap();
}

export type DeadlineRuleLike = { category: string; severity: string; ackDays: number; answerDays: number };

/**
 * LAPOR! practice: 3 working days to acknowledge and 5 to answer; documents withheld and pungli must be
 * acknowledged within 2; critical matters within 2 and answered within 3. The category rows repeat the
 * critical answer time because a category row outranks a severity-only row in resolveDeadlineRule.
 */
export const DEFAULT_DEADLINE_RULES: readonly DeadlineRuleLike[] = [
  { category: "*", severity: "*", ackDays: 3, answerDays: 5 },
  { category: "EXTORTION", severity: "*", ackDays: 2, answerDays: 5 },
  { category: "UNDISTRIBUTED_DOCUMENT", severity: "*", ackDays: 2, answerDays: 5 },
  { category: "*", severity: "CRITICAL", ackDays: 2, answerDays: 3 },
  { category: "EXTORTION", severity: "CRITICAL", ackDays: 2, answerDays: 3 },
  { category: "UNDISTRIBUTED_DOCUMENT", severity: "CRITICAL", ackDays: 2, answerDays: 3 },
];

const FALLBACK_RULE: DeadlineRuleLike = { category: "*", severity: "*", ackDays: 3, answerDays: 5 };

/**
 * The rule for a category and severity, most specific first: exact, category + "*", "*" + severity,
 * "*" + "*". With no match at all (an admin deleted the wildcard row) the LAPOR! default applies, so a
 * follow-up can always be given a deadline.
 */
export function resolveDeadlineRule<T extends DeadlineRuleLike>(
  rules: readonly T[],
  category: string,
  severity: string,
): T | DeadlineRuleLike {
  const find = (c: string, s: string) => rules.find((r) => r.category === c && r.severity === s);
  return (
    find(category, severity) ?? find(category, "*") ?? find("*", severity) ?? find("*", "*") ?? FALLBACK_RULE
  );
}
