import path from "node:path";
import { defineConfig } from "vitest/config";
import { SQLITE_ONLY_INTEGRATION_FILES } from "./tests/setup/pg-integration-files";

// Every test must make an assertion (a test that checked nothing fails).
const ASSERTIONS = "tests/setup/assertions.ts";
// A worker whose event loop stalls is named with its test (issue 22, tests/setup/event-loop-watch.ts).
const WATCH = "tests/setup/event-loop-watch.ts";

// Three projects, one command (`npm test`): unit (pure code), integration (loaders and actions against a
// real SQLite file copied per test file) and e2e (Debian Chromium against the real built server).
export default defineConfig({
  resolve: { alias: { "~": path.resolve(__dirname, "app") } },
  test: {
    globals: true,
    // Integration tests look up many wrong tracking codes from one address on purpose; the guessing
    // limit has its own test (tests/e2e/security-hostile-guessing.test.ts, which sets 20).
    env: { NODE_ENV: "test", TINDAK_QUIET: "1", GUESS_LIMIT_MISSES: "100000" },
    // Two test files at a time: the machine has two cores, and each browser test runs a server and Chromium.
    maxWorkers: 2,
    minWorkers: 1,
    // expect.poll waits for a page or a server to reach a state; its default of 1 s was for a hung
    // condition on an idle machine, and a CI run at a load average of 9 on two cores missed it (a queued
    // item's refusal shown after more than a second). A wrong state still fails, after 10 s.
    expect: { poll: { timeout: 10_000 } },
    projects: [
      {
        extends: true,
        // CPU-bound property tests (2,000 generated complaints) take 1-2 s alone and passed Vitest's 5 s
        // default only barely at a load average of 20: the limit is for a hung test, not a slow machine.
        test: { name: "unit", include: ["tests/unit/**/*.test.{ts,tsx}"], environment: "node", setupFiles: [ASSERTIONS, WATCH], testTimeout: 30_000 },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.{ts,tsx}"],
          // The build too: some integration tests start the real server (tests/support/server.ts).
          globalSetup: ["tests/setup/global-setup.ts", "tests/setup/build-setup.ts"],
          setupFiles: ["tests/setup/db-setup.ts", ASSERTIONS, WATCH],
          pool: "forks",
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: "e2e",
          include: ["tests/e2e/**/*.test.{ts,tsx}"],
          globalSetup: ["tests/setup/global-setup.ts", "tests/setup/e2e-setup.ts"],
          setupFiles: [ASSERTIONS, WATCH],
          pool: "forks",
          // Each file starts its own server and browser; two at a time fit the 2-core machine.
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          // PostgreSQL (issue 18, docs/decisions/0022): `npm run test:pg`, against a throwaway cluster
          // that tests/setup/pg-setup.ts starts from the machine's PostgreSQL server binaries.
          name: "pg",
          include: ["tests/pg/**/*.test.ts"],
          // The build and base database too: some files start the real server on PostgreSQL.
          globalSetup: ["tests/setup/global-setup.ts", "tests/setup/build-setup.ts", "tests/setup/pg-setup.ts"],
          setupFiles: [ASSERTIONS],
          pool: "forks",
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          // The integration suite again, on PostgreSQL (issue 18, `npm run test:pg`): each file gets its
          // own copy of a seeded PostgreSQL database instead of a SQLite file. The files left out test
          // SQLite itself (its file, pragmas, backups, the operator scripts on a file), listed with why in
          // tests/setup/pg-integration-files.ts.
          name: "pg-integration",
          include: ["tests/integration/**/*.test.{ts,tsx}"],
          exclude: SQLITE_ONLY_INTEGRATION_FILES,
          globalSetup: ["tests/setup/global-setup.ts", "tests/setup/build-setup.ts", "tests/setup/pg-integration-setup.ts"],
          setupFiles: ["tests/setup/pg-integration-db.ts", ASSERTIONS, WATCH],
          pool: "forks",
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          // The long reliability checks (crash loop, 60-second load): `npm run test:reliability`.
          name: "reliability",
          include: ["tests/reliability/**/*.test.ts"],
          globalSetup: ["tests/setup/global-setup.ts", "tests/setup/e2e-setup.ts"],
          setupFiles: [ASSERTIONS],
          pool: "forks",
          poolOptions: { forks: { singleFork: true } },
          testTimeout: 600_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
