import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";
import dotenv from "dotenv";
import { z } from "zod";

// Environment, validated once at boot (../shared/CONTRACT.md lists every variable).
const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  // Server processes on this machine (issue 17): unset means every core in production, 1 otherwise.
  WEB_CONCURRENCY: z.preprocess((v) => (v === "" ? undefined : v), z.coerce.number().int().min(1).max(64).optional()),
  // A SQLite file (the default, one machine) or a PostgreSQL server (several app servers, issue 18).
  DATABASE_URL: z
    .string()
    .default("file:./data/tindak.db")
    .refine((v) => v.startsWith("file:") || /^postgres(ql)?:\/\//.test(v), "must be a SQLite file: URL (file:./data/tindak.db) or postgresql://user:password@host:5432/database"),
  // PostgreSQL only: connections per pool (Prisma's and the raw-SQL module's, so twice this per server) and
  // how long a request waits for a free one before it is answered 503 (issue 18).
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(500).default(5),
  DATABASE_POOL_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(5000),
  // An empty value (SESSION_SECRET= in a service file) counts as unset, so production says it is required.
  SESSION_SECRET: z.preprocess((v) => (v === "" ? undefined : v), z.string().min(16).optional()),
  UPLOAD_DIR: z.string().default("data/uploads"),
  UPLOADTHING_TOKEN: z.string().optional(),
  SMTP_URL: z.string().optional(),
  // The sender of every e-mail, "Name <address>" or an address.
  SMTP_FROM: z.preprocess(
    (v) => (v === "" ? undefined : v),
    z
      .string()
      .regex(/^([^<>]*<)?[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+>?$/, "SMTP_FROM must be an e-mail address, optionally as \"Name <address>\"")
      .default("Tindak Kota Palembang <noreply@tindak.palembang.go.id>"),
  ),
  TILE_URL: z.string().default("https://tile.openstreetmap.org/{z}/{x}/{y}.png"),
  SEED_DEMO: z.enum(["0", "1"]).optional(),
  APP_TIMEZONE: z.string().default("Asia/Jakarta"),
  TRUST_PROXY: z.coerce.number().int().min(0).optional(),
  ALLOW_DEMO: z.enum(["0", "1"]).optional(),
  // How often (ms) the map checks whether writes have paused, to rebuild recently used indexes; 0: never.
  MAP_REWARM_MS: z.coerce.number().int().min(0).default(1000),
  // The public origin of every absolute link (issue 13): required in production, so a forged Host
  // header never ends up in an e-mail or an export.
  PUBLIC_URL: z.preprocess(
    (v) => (v === "" ? undefined : v),
    z
      .string()
      .refine((v) => {
        try {
          const url = new URL(v);
          return /^https?:$/.test(url.protocol) && url.pathname === "/" && !url.search && !url.hash;
        } catch {
          return false;
        }
      }, "must be an origin only, e.g. https://tindak.example.id")
      .transform((v) => new URL(v).origin)
      .optional(),
  ),
});

export type Env = z.infer<typeof schema> & { SESSION_SECRET: string; seedDemo: boolean };

let cached: Env | undefined;

export function getEnv(): Env {
  if (cached) return cached;
  loadDotenvFile();
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  const env = parsed.data;
  const production = env.NODE_ENV === "production";
  if (!env.SESSION_SECRET && production) throw new Error("SESSION_SECRET is required when NODE_ENV=production.");
  const result = { ...env, seedDemo: env.SEED_DEMO ? env.SEED_DEMO === "1" : !production } as Env;
  // Outside production the secret is made on first use, not at boot: a read-only command (backup,
  // audit:verify) that never needs it leaves no file behind.
  let secret = env.SESSION_SECRET;
  if (production && !env.PUBLIC_URL) {
    throw new Error("PUBLIC_URL is required when NODE_ENV=production (e.g. PUBLIC_URL=https://tindak.palembang.go.id).");
  }
  Object.defineProperty(result, "SESSION_SECRET", { enumerable: true, get: () => (secret ??= developmentSecret()) });
  cached = result;
  return cached;
}

/**
 * Reads `.env` from the working directory into process.env, as Remix users expect; a variable already
 * set in the real environment wins over the file. Tests (NODE_ENV=test) set their own environment and
 * never read a developer's `.env`.
 */
function loadDotenvFile() {
  if (process.env.NODE_ENV !== "test") dotenv.config({ quiet: true });
}

/**
 * The origin every absolute link is built on, without a trailing slash: PUBLIC_URL, or outside
 * production http://localhost and the port the server listens on. Never the request's Host header.
 */
export function publicUrl(): string {
  const env = getEnv();
  if (env.PUBLIC_URL) return env.PUBLIC_URL;
  // server.ts records the port it actually got (PORT=0 picks a free one).
  return `http://localhost:${process.env.TINDAK_LISTEN_PORT ?? env.PORT}`;
}

/** Only for tests that change the environment between cases. */
export function resetEnvCache() {
  cached = undefined;
}

/** In development the secret is generated once and kept in data/session-secret (git-ignored). */
function developmentSecret(): string {
  const file = path.resolve("data", "session-secret");
  try {
    return fs.readFileSync(file, "utf8").trim();
  } catch {
    // Written aside, then linked into place: two processes starting at once agree on one secret.
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, crypto.randomBytes(32).toString("base64url") + "\n", { mode: 0o600 });
    try {
      fs.linkSync(tmp, file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    } finally {
      fs.rmSync(tmp, { force: true });
    }
    return fs.readFileSync(file, "utf8").trim();
  }
}

export type DatabaseEngine = "sqlite" | "postgresql";

/** Which engine a DATABASE_URL names: `file:` is SQLite, `postgres(ql)://` PostgreSQL. */
export function databaseEngineOf(databaseUrl: string): DatabaseEngine {
  return databaseUrl.startsWith("file:") ? "sqlite" : "postgresql";
}

/** The URL without its password, for messages and logs. */
export function redactDatabaseUrl(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    if (url.password) url.password = "***";
    return url.toString();
  } catch {
    return databaseUrl.split(":")[0] + ":…";
  }
}

/**
 * DATABASE_URL alone, without checking the rest of the environment: a command that imports a model only
 * for its SQL (the bench's data generator) must not need the server's production secrets.
 */
export function configuredDatabaseUrl(): string {
  loadDotenvFile();
  return process.env.DATABASE_URL || "file:./data/tindak.db";
}

/** `file:./data/tindak.db` → absolute path of the SQLite file. */
export function sqlitePath(databaseUrl: string): string {
  if (!databaseUrl.startsWith("file:")) {
    throw new Error(`This step works on a SQLite database file only (DATABASE_URL is "${databaseUrl.split(":")[0]}:…").`);
  }
  return path.resolve(databaseUrl.slice("file:".length));
}
