import path from "node:path";
import { defineConfig } from "vitest/config";

const alias = { "~": path.resolve(import.meta.dirname, "app") };
const FAST = ["app/domains/**/*.test.{ts,tsx}", "app/utils/**/*.test.ts", "app/components/**/*.test.{ts,tsx}"];
const SLOW_IN_FAST = ["**/*.server.test.{ts,tsx}"];
// The proofs: long, at full strength in CI (decision 0073). Their own project, so `--project app`
// and `--project e2e` stay quick to run and the proofs run with `npm run test:proof`.
const PROOF = [
  "tests/e2e/crash.test.ts", // kill -9 rounds on SQLite and on a PostgreSQL cluster of its own
  "tests/e2e/cluster.test.ts", // three instances behind nginx on one PostgreSQL
  "tests/integration/fuzz-actions.test.ts", // FUZZ_RUNS (1,000) cases per action
  "tests/integration/tenancy.test.ts", // every route, every role, another organization's ids
  "app/domains/proposals/submission-deadline.server.test.ts", // 1,000 submissions racing the deadline
];

export default defineConfig({
  resolve: { alias },
  test: {
    // Test files are isolated (own database, own portal) and mostly wait on I/O: two at a time on two cores.
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    projects: [
      {
        // Pure rules, schemas and helpers: no database, no server; `npm run validate` runs these.
        resolve: { alias },
        test: { name: "fast", include: FAST, exclude: SLOW_IN_FAST },
      },
      {
        resolve: { alias },
        test: {
          name: "app",
          include: [
            "app/**/*.server.test.{ts,tsx}",
            "app/routes/**/*.test.{ts,tsx}",
            "tests/integration/**/*.test.ts",
            "scripts/**/*.test.ts",
            "prisma/**/*.test.ts",
          ],
          exclude: PROOF,
          globalSetup: ["tests/setup/global-setup.ts"],
          setupFiles: ["tests/setup/per-file-database.ts"],
          pool: "forks",
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "e2e",
          include: ["tests/e2e/**/*.test.ts"],
          exclude: PROOF,
          globalSetup: ["tests/setup/global-setup.ts"],
          pool: "forks",
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "proof",
          include: PROOF,
          globalSetup: ["tests/setup/global-setup.ts"],
          // Database-level proofs get a database per file as in `app`; the browser/process ones (tests/e2e) start their own.
          setupFiles: ["tests/setup/proof-database.ts"],
          pool: "forks",
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
