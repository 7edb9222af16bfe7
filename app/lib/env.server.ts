import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";
import { z } from "zod";

// Environment, validated once at boot (../shared/CONTRACT.md lists every variable).
const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATABASE_URL: z.string().default("file:./data/tindak.db"),
  // An empty value (SESSION_SECRET= in a service file) counts as unset, so production says it is required.
  SESSION_SECRET: z.preprocess((v) => (v === "" ? undefined : v), z.string().min(16).optional()),
  UPLOAD_DIR: z.string().default("data/uploads"),
  UPLOADTHING_TOKEN: z.string().optional(),
  SMTP_URL: z.string().optional(),
  TILE_URL: z.string().default("https://tile.openstreetmap.org/{z}/{x}/{y}.png"),
  SEED_DEMO: z.enum(["0", "1"]).optional(),
  APP_TIMEZONE: z.string().default("Asia/Jakarta"),
  TRUST_PROXY: z.coerce.number().int().min(0).optional(),
  ALLOW_DEMO: z.enum(["0", "1"]).optional(),
});

export type Env = z.infer<typeof schema> & { SESSION_SECRET: string; seedDemo: boolean };

let cached: Env | undefined;

export function getEnv(): Env {
  if (cached) return cached;
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  const env = parsed.data;
  const production = env.NODE_ENV === "production";
  let secret = env.SESSION_SECRET;
  if (!secret) {
    if (production) throw new Error("SESSION_SECRET is required when NODE_ENV=production.");
    secret = developmentSecret(env.DATABASE_URL);
  }
  cached = {
    ...env,
    SESSION_SECRET: secret,
    seedDemo: env.SEED_DEMO ? env.SEED_DEMO === "1" : !production,
  };
  return cached;
}

/** Only for tests that change the environment between cases. */
export function resetEnvCache() {
  cached = undefined;
}

/** In development the secret is generated once and kept beside the database, in data/. */
function developmentSecret(databaseUrl: string): string {
  const dir = path.dirname(sqlitePath(databaseUrl));
  const file = path.join(dir, "session-secret");
  try {
    return fs.readFileSync(file, "utf8").trim();
  } catch {
    fs.mkdirSync(dir, { recursive: true });
    const secret = crypto.randomBytes(32).toString("base64url");
    fs.writeFileSync(file, secret + "\n", { mode: 0o600 });
    return secret;
  }
}

/** `file:./data/tindak.db` → absolute path of the SQLite file. */
export function sqlitePath(databaseUrl: string): string {
  if (!databaseUrl.startsWith("file:")) {
    throw new Error(`DATABASE_URL must be a SQLite file: URL (got "${databaseUrl.split(":")[0]}:…").`);
  }
  return path.resolve(databaseUrl.slice("file:".length));
}
