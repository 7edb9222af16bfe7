// The Open311 submissions the submission-number migration (20261202014926_open311_submission_seq) is
// tested on, with both engines (tests/integration/open311-seq-migration.test.ts, tests/pg/migrate-pg.test.ts):
// two keys, ids not in the order the submissions were made, so the numbers must follow time.

export const SEQ_MIGRATION = "20261202014926_open311_submission_seq";

const T = Date.UTC(2026, 10, 30, 8, 0, 0);
const MINUTE = 60_000;

/** id, key (1 or 2) and when each submission was made. */
export const SEQ_FIXTURE = [
  { id: 1, apiKeyId: 1, createdAt: T + 5 * MINUTE },
  { id: 2, apiKeyId: 2, createdAt: T + 1 * MINUTE },
  { id: 3, apiKeyId: 1, createdAt: T + 2 * MINUTE },
  { id: 4, apiKeyId: 1, createdAt: T + 9 * MINUTE },
  { id: 5, apiKeyId: 2, createdAt: T + 3 * MINUTE },
  { id: 6, apiKeyId: 1, createdAt: T + 2 * MINUTE },
];

/** The numbers the migration must give them, by id: per key, in time order, ties by id. */
export const SEQ_EXPECTED = [
  { id: 1, seq: 3 },
  { id: 2, seq: 1 },
  { id: 3, seq: 1 },
  { id: 4, seq: 4 },
  { id: 5, seq: 2 },
  { id: 6, seq: 2 },
];
