// Tindak's HTTP entry: Express around the Remix request handler, with security headers, compression,
// rate limits, long-cache static files, request logs and graceful shutdown (docs/decisions/0001).
// In production it runs compiled (build/server.js, made by `npm run build`); see docs/decisions/0014.
import cluster from "node:cluster";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Server } from "node:http";
import express, { type NextFunction, type Request, type Response } from "express";
import compression from "compression";
import helmet from "helmet";
import morgan from "morgan";
import type { ServerBuild } from "@remix-run/node";
import { getEnv } from "./app/lib/env.server";
import {
  assertNoDemoAccountsInProduction,
  assetsDir,
  DEMO_EMAIL_DOMAIN,
  ensureBuild,
  firstAdminHint,
  listen,
  lockDatabase,
  migrateDatabase,
  serverBuildPath,
} from "./app/lib/boot.server";
import { complaintRateLimits, redactPath, requireSameOrigin, tileOrigins } from "./app/lib/http-middleware.server";
import { attachmentsDecideCorp, open311Methods } from "./app/lib/open311-http.server";
import { answerDatabaseUnavailable, normaliseRequest, open311KeyFirst, remixHandler, type CheckedApiKey } from "./app/lib/request-guard.server";
import { isDatabaseUnavailable } from "./app/lib/database-unavailable.server";
import { responseCache } from "./app/lib/public-cache.server";
import { cspNonce } from "./app/lib/crypto.server";
import { runPrimary, workerCount, workerRole } from "./app/lib/cluster.server";

async function main() {
  const env = getEnv();
  // The first process owns the database: lock (SQLite), migrations, demo seed, boot checks. With
  // WEB_CONCURRENCY above 1 it then only forks the workers (app/lib/cluster.server.ts); a worker
  // goes straight to serving.
  if (cluster.isPrimary) {
    const releaseLock = lockDatabase();
    await prepareDatabase();
    ensureBuild();
    const workers = workerCount(env.WEB_CONCURRENCY, env.NODE_ENV === "production");
    if (workers > 1) {
      const { db } = await import("./app/lib/db.server");
      await db.$disconnect();
      console.log(`[boot] starting ${workers} workers (WEB_CONCURRENCY)`);
      runPrimary(workers, releaseLock);
      return;
    }
  }
  await serve();
}

/** Migrations, the demo seed where wanted, and the checks that refuse an unsafe production start. */
async function prepareDatabase() {
  const env = getEnv();
  await migrateDatabase();
  const { db, databaseEngine, verifyPostgresVersion, verifyPragmas } = await import("./app/lib/db.server");
  if (databaseEngine() === "postgresql") await verifyPostgresVersion(db);
  else await verifyPragmas(db);
  if (env.seedDemo && (await db.unit.count()) === 0) {
    const { seedDemo } = await import("./prisma/seed");
    const started = Date.now();
    await seedDemo(db);
    console.log(`[boot] seeded the Palembang demo data in ${Date.now() - started} ms`);
  }
  await assertNoDemoAccountsInProduction(() =>
    db.user.count({ where: { email: { endsWith: DEMO_EMAIL_DOMAIN }, disabledAt: null } }),
  );
  await firstAdminHint(() => db.user.count({ where: { role: "ADMIN", disabledAt: null } }));
}

/** One server process: the whole app when alone, or one worker of several. */
async function serve() {
  const env = getEnv();
  const production = env.NODE_ENV === "production";
  const role = workerRole();
  const { db } = await import("./app/lib/db.server");
  const { closeSql } = await import("./app/lib/sql/index.server");
  const build = (await import(pathToFileURL(serverBuildPath()).href)) as ServerBuild;

  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", env.TRUST_PROXY ?? false);

  // The client address as the app sees it (never taken from the client's own header).
  app.use((req, _res, next) => {
    req.headers["x-tindak-client-ip"] = req.ip ?? req.socket.remoteAddress ?? "0.0.0.0";
    next();
  });

  // Anonymous public reads from memory while the data version stays (issue 17, docs/decisions/0030).
  // Before the nonce, the security headers and compression: a hit sends the headers and compressed
  // bytes kept from its miss (the CSP with the nonce that is in the page) and skips all three.
  const cache = responseCache();
  app.use(cache.middleware);

  app.use((_req, res, next) => {
    res.locals.cspNonce = cspNonce();
    next();
  });
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          "default-src": ["'self'"],
          "script-src": ["'self'", (_req, res) => `'nonce-${(res as Response).locals.cspNonce}'`],
          "style-src": ["'self'", "'unsafe-inline'"],
          "img-src": ["'self'", "data:", "blob:", ...tileOrigins(env.TILE_URL)],
          "connect-src": ["'self'"],
          "font-src": ["'self'"],
          "object-src": ["'none'"],
          "base-uri": ["'none'"],
          "frame-ancestors": ["'none'"],
          "form-action": ["'self'"],
          ...(production ? { "upgrade-insecure-requests": [] } : {}),
        },
      },
      hsts: production ? { maxAge: 31_536_000, includeSubDomains: true } : false,
      referrerPolicy: { policy: "same-origin" },
      xFrameOptions: { action: "deny" },
      crossOriginEmbedderPolicy: false,
      crossOriginResourcePolicy: { policy: "same-origin" },
    }),
  );
  app.use(compression());
  // The request log, unless turned off: a logger told to skip every line still timed every request.
  if (env.NODE_ENV !== "test" && process.env.TINDAK_QUIET !== "1")
    app.use(
      morgan((tokens, req, res) =>
        [
          tokens.method(req, res),
          redactPath(req.originalUrl ?? req.url ?? "/"),
          tokens.status(req, res),
          `${tokens["response-time"](req, res)} ms`,
        ].join(" "),
      ),
    );

  // Fingerprinted build assets never change: cache them for a year.
  app.use("/build", express.static(assetsDir(), { immutable: true, maxAge: "1y", index: false }));
  // Only paths under what public/ holds (the favicon, the icons) reach the disk: serve-static looked up
  // every page's path there first, a file-system call on every request (about 2% of a signed-in page).
  const publicDir = path.resolve("public");
  const publicEntries = new Set(fs.existsSync(publicDir) ? fs.readdirSync(publicDir) : []);
  const publicFiles = express.static(publicDir, { maxAge: "1h", index: false });
  app.use((req, res, next) => (publicEntries.has(req.path.split("/")[1] ?? "") ? publicFiles(req, res, next) : next()));

  app.use(attachmentsDecideCorp);
  // One normalised path from here on; 405 for methods a route does not take; body limits (issue 13).
  app.use(normaliseRequest(build));
  app.use(open311Methods);
  app.use(open311KeyFirst);
  app.use(requireSameOrigin);
  app.use(complaintRateLimits());

  app.all(
    "*",
    remixHandler({
      build,
      mode: env.NODE_ENV,
      getLoadContext: (_req, res) => ({
        cspNonce: res.locals.cspNonce as string,
        overAttemptLimit: res.locals.overAttemptLimit === true,
        open311ApiKey: res.locals.open311ApiKey as CheckedApiKey | undefined,
      }),
    }),
  );

  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    if (isDatabaseUnavailable(err)) {
      console.error(`[error] ${req.method} ${redactPath(req.originalUrl)}: database unavailable`);
      if (!res.headersSent) answerDatabaseUnavailable(res);
      return;
    }
    console.error(`[error] ${req.method} ${redactPath(req.originalUrl)}`, err);
    if (!res.headersSent) res.status(500).type("text/plain").send("Terjadi kesalahan / Internal error");
  });

  // Background jobs and the inbound e-mail listener run in one process only (the jobs worker).
  const { startJobs } = await import("./app/lib/jobs.server");
  const jobs = role.runsJobs ? startJobs() : [];
  // Issue 19: inbound e-mail complaints, when INBOUND_SMTP_PORT and INBOUND_EMAIL_ADDRESS are set.
  const { startInboundEmail } = await import("./app/lib/channels/email.server");
  const inboundEmail = role.runsJobs ? await startInboundEmail() : undefined;

  // An anonymous cache hit is answered before Express (docs/decisions/0030).
  const server: Server = await listen(app, env.PORT, cache.answerPublicHit);
  server.keepAliveTimeout = 65_000;
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : env.PORT;
  // Links default to http://localhost:<this port> outside production (publicUrl in env.server.ts).
  process.env.TINDAK_LISTEN_PORT = String(port);

  // SIGTERM: stop taking connections, let requests in flight finish, then close the database (Prisma's
  // connection and the raw-SQL module's two).
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`[boot] ${signal}: finishing requests in flight…`);
    for (const stop of jobs) stop();
    void inboundEmail?.close();
    server.close(async () => {
      await db.$disconnect().catch(() => undefined);
      // The raw-SQL module's own connections (read-only, write): closed after the last request, so a
      // write in flight has committed; closing checkpoints the WAL of this process's connections.
      closeSql();
      console.log("[boot] stopped");
      process.exit(0);
    });
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), 15_000).unref();
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
  // Only now, with the signal handlers in place: a SIGTERM sent as soon as this line appears drains the
  // requests in flight instead of killing the process mid-request.
  const worker = role.forked ? ` (worker ${process.pid}${role.runsJobs ? ", background jobs" : ""})` : "";
  console.log(`[boot] Tindak listening on http://localhost:${port}${worker}`);
}

main().catch((error) => {
  console.error(`[boot] Tindak could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
