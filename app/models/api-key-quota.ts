/**
 * Bounds of a key's quotas (issue 14): a kelurahan bot or a FixMyStreet server may need thousands. Not
 * in api-key.server.ts: the API-key page's quota fields show them in the browser too, where a `.server`
 * module is empty.
 */
export const QUOTA_LIMITS = { perMinute: { min: 1, max: 10_000 }, perDay: { min: 1, max: 1_000_000 } } as const;
