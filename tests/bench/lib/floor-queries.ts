/* eslint-disable @typescript-eslint/no-explicit-any */
import type Database from "better-sqlite3";

// The floor's queries: one prepared better-sqlite3 statement per benchmarked read, with the same
// filters, order and page size as Tindak's. Shared by tests/bench/floor-server.ts and the Prisma cost
// benchmark (tests/bench/prisma-cost.ts), so both compare against the same SQL.

export function floorQueries(sqlite: Database.Database) {
  const CLOSED = "('REJECTED','DUPLICATE','CLOSED')";
  const PUBLIC = "c.privacy <> 'confidential' AND c.category <> 'EXTORTION'";
  const DAY = 24 * 3600_000;

  // Open311 GET requests.json: the last 90 days, one service code, open ones, newest first, at most 1,000,
  // with the unit, the latest follow-up's deadline, the first visible photo and the latest public note.
  const open311 = sqlite.prepare(`
    SELECT c.ref, c.status, c.category, c.description, c.publicDescription, c.lat, c.lng, c.createdAt, c.updatedAt, c.closedAt,
      u.name AS unitName, u.address AS unitAddress,
      (SELECT f.dueAt FROM "FollowUp" f WHERE f.complaintId = c.id ORDER BY f.createdAt DESC LIMIT 1) AS dueAt,
      (SELECT a.id FROM "Attachment" a WHERE a.complaintId = c.id AND a.hiddenAt IS NULL ORDER BY a.id LIMIT 1) AS photoId,
      (SELECT e.body FROM "ComplaintEvent" e WHERE e.complaintId = c.id AND e.visibility = 'PUBLIC' AND e.body IS NOT NULL ORDER BY e.createdAt DESC LIMIT 1) AS note
    FROM "Complaint" c JOIN "Unit" u ON u.id = c.unitId
    WHERE ${PUBLIC} AND c.createdAt >= ? AND c.createdAt <= ? AND c.category = ? AND c.status NOT IN ${CLOSED}
    ORDER BY c.createdAt DESC, c.id DESC LIMIT 1000`);

  // Map: complaints in the bbox (optionally one kecamatan), clustered on a grid of ~60 px cells in SQL.
  const mapSql = (kecamatan: boolean) => `
    SELECT CAST((c.lng - ?) / ? AS INTEGER) AS gx, CAST((c.lat - ?) / ? AS INTEGER) AS gy,
      count(*) AS n, avg(c.lat) AS lat, avg(c.lng) AS lng, min(c.id) AS id, min(c.ref) AS ref
    FROM "Complaint" c
    WHERE ${PUBLIC} AND c.lat BETWEEN ? AND ? AND c.lng BETWEEN ? AND ?
      ${kecamatan ? `AND c.unitId IN (SELECT id FROM "Unit" WHERE kecamatanCode = ?)` : ""}
    GROUP BY gx, gy`;
  const mapAll = sqlite.prepare(mapSql(false));
  const mapKecamatan = sqlite.prepare(mapSql(true));

  // A follow-up inbox: the unfinished follow-ups by deadline, 25 a page (as Tindak pages it), with
  // counts; a unit head's unit only, every unit for staff (a user without a unit, unitId NULL). One
  // statement for each case: "(@unit IS NULL OR f.unitId = @unit)" kept SQLite off the unit's index, so
  // the floor read every follow-up of the city for a unit head's 25 (its p99 was above Tindak's).
  const inboxSql = (oneUnit: boolean) => `
    SELECT f.id, substr(f.instruction, 1, 101) AS instruction, f.category, f.severity, f.state, f.dueAt, u.name AS unitName
    FROM "FollowUp" f JOIN "Unit" u ON u.id = f.unitId
    WHERE ${oneUnit ? "f.unitId = @unit AND " : ""}f.state <> 'DONE' ORDER BY f.dueAt, f.id LIMIT 25`;
  const inboxCountsSql = (oneUnit: boolean) => `
    SELECT count(*) AS total, sum(state = 'OPEN' AND dueAt < @now) AS overdue FROM "FollowUp" WHERE ${oneUnit ? "unitId = @unit AND " : ""}state <> 'DONE'`;
  const inbox = { unit: sqlite.prepare(inboxSql(true)), all: sqlite.prepare(inboxSql(false)) };
  const inboxCounts = { unit: sqlite.prepare(inboxCountsSql(true)), all: sqlite.prepare(inboxCountsSql(false)) };
  const headUnit = sqlite.prepare(`SELECT unitId FROM "User" WHERE email = ?`);

  // Dashboard: complaints and follow-ups per unit (kecamatan totals are summed from these rows).
  const dashboard = sqlite.prepare(`
    SELECT u.id, u.name, u.kecamatanCode,
      (SELECT count(*) FROM "Complaint" c WHERE c.unitId = u.id) AS complaints,
      (SELECT count(*) FROM "Complaint" c WHERE c.unitId = u.id AND c.status NOT IN ${CLOSED}) AS open,
      (SELECT count(*) FROM "FollowUp" f WHERE f.unitId = u.id AND f.state = 'OPEN' AND f.dueAt < ?) AS overdue,
      (SELECT count(*) FROM "FollowUp" f WHERE f.unitId = u.id AND f.state = 'DONE') AS done
    FROM "Unit" u WHERE u.active = 1 ORDER BY u.name`);

  // Public complaint list: non-confidential, newest first, 20 a page, with the total for the pager. The
  // unary + keeps SQLite off the (privacy, createdAt) index, whose two ranges it would have to sort: it
  // walks the createdAt index backwards instead and stops after the page.
  const list = sqlite.prepare(`
    SELECT c.ref, c.category, c.status, c.privacy, substr(coalesce(c.publicDescription, c.description), 1, 240) AS summary,
      c.reporterName, c.meTooCount, c.createdAt, (SELECT u.name FROM "Unit" u WHERE u.id = c.unitId) AS unitName
    FROM "Complaint" c
    WHERE +c.privacy IN ('public','anonymous') ORDER BY c.createdAt DESC, c.id DESC LIMIT 20 OFFSET ?`);
  const listCount = sqlite.prepare(`SELECT count(*) AS n FROM "Complaint" c WHERE c.privacy IN ('public','anonymous')`);

  return {
    open311: (code: string, now = Date.now()) => open311.all(now - 90 * DAY, now, code) as Record<string, any>[],
    map: (bbox: [number, number, number, number], zoom: number, kecamatan?: string | null) => {
      const [minLng, minLat, maxLng, maxLat] = bbox;
      const cell = (60 * 360) / (256 * 2 ** zoom);
      const args = [minLng, cell, minLat, cell, minLat, maxLat, minLng, maxLng];
      return (kecamatan ? mapKecamatan.all(...args, kecamatan) : mapAll.all(...args)) as Record<string, any>[];
    },
    /** The user's unit; null for staff (every unit); 0 (nothing) for an unknown e-mail. */
    headUnit: (email: string) => {
      const user = headUnit.get(email) as { unitId: number | null } | undefined;
      return user ? user.unitId : 0;
    },
    inbox: (unitId: number | null, now = Date.now()) => ({
      // Named parameters: better-sqlite3 reads "?1" as a name, not a position (a 500 on every request).
      rows: (unitId === null ? inbox.all.all() : inbox.unit.all({ unit: unitId })) as Record<string, any>[],
      counts: (unitId === null ? inboxCounts.all.get({ now }) : inboxCounts.unit.get({ now, unit: unitId })) as { total: number; overdue: number },
    }),
    dashboard: (now = Date.now()) => dashboard.all(now) as Record<string, any>[],
    list: (page: number) => ({ total: (listCount.get() as { n: number }).n, rows: list.all((page - 1) * 20) as Record<string, any>[] }),
  };
}
