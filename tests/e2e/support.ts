import type { ChildProcess } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { inject } from "vitest";
import { createTestDatabase, testDatabaseKind } from "../setup/test-database";
import { freePort, launchPortal, stopProcess } from "../../scripts/portal-process";

const root = path.resolve(import.meta.dirname, "../..");
// The PostgreSQL leg runs beside the SQLite leg in CI (decision 0073): its pictures and letters go to their own folder.
export const SCREENSHOT_DIR = path.join(root, "tests/e2e/screenshots", testDatabaseKind === "postgresql" ? "postgresql" : "");

export type Portal = {
  url: string;
  databaseUrl: string;
  /** The portal's STORAGE_DIR (uploads, letters). */
  storageDir: string;
  /** The running server process (a new one after restart). */
  readonly process: ChildProcess;
  output: () => string;
  stop: () => Promise<void>;
  /** SIGKILL: the process dies at once, mid-request, as in a crash. */
  kill: () => Promise<void>;
  /** Starts the server again on the same port, database and storage (after kill or a crash). */
  restart: () => Promise<void>;
};

type Database = { url: string; drop: () => Promise<void> };

/**
 * Starts the production build on a free port with its own fresh database (demo data loaded),
 * or on `options.database` (which `stop` then drops).
 */
export async function startPortal(extraEnv: Record<string, string> = {}, options: { database?: Database } = {}): Promise<Portal> {
  const database = options.database ?? (await createTestDatabase(inject("databaseTemplate")));
  const port = await freePort();
  const url = `http://localhost:${port}`;
  const storage = path.join(root, "test-data", `files-${port}`);
  mkdirSync(storage, { recursive: true });
  let log = "";
  const launch = () =>
    launchPortal({
      url,
      env: process.env,
      overrides: {
        DATABASE_URL: database.url,
        SESSION_SECRET: "e2e-secret-e2e-secret-e2e-secret-0123",
        STORAGE_DIR: storage,
        SEED_DEMO: "true",
        ...extraEnv,
      },
      onOutput: (chunk) => (log += chunk),
    });
  let child = await launch();
  const exit = (signal: NodeJS.Signals) => stopProcess(child, signal, 5000);
  return {
    url,
    databaseUrl: database.url,
    storageDir: storage,
    get process() {
      return child;
    },
    output: () => log,
    stop: async () => {
      await exit("SIGTERM");
      await database.drop();
    },
    kill: () => exit("SIGKILL"),
    restart: async () => {
      await exit("SIGKILL");
      child = await launch();
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

export async function screenshot(page: Page, name: string) {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

/** Signs in through the login form. */
export async function signIn(page: Page, portalUrl: string, email: string, password: string) {
  await page.goto(`${portalUrl}/login`);
  await page.locator('input[name="email"]').fill(email);
  await page.locator('input[name="password"]').fill(password);
  await Promise.all([
    page.waitForURL((u) => !u.pathname.startsWith("/login")),
    page.locator('form[method="post"] button[type="submit"]').last().click(),
  ]);
}
