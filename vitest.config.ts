import path from "node:path";
import { defineConfig } from "vitest/config";

const alias = { "~": path.resolve(import.meta.dirname, "app") };
const FAST = ["app/domains/**/*.test.{ts,tsx}", "app/utils/**/*.test.ts", "app/components/**/*.test.{ts,tsx}"];
const SLOW_IN_FAST = ["**/*.server.test.{ts,tsx}"];

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
          globalSetup: ["tests/setup/global-setup.ts"],
          pool: "forks",
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
