import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { inject } from "vitest";
import { createTestDatabase } from "../setup/test-database";

const root = path.resolve(import.meta.dirname, "../..");
export const SCREENSHOT_DIR = path.join(root, "tests/e2e/screenshots");

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

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
  const launch = async () => {
    const started = spawn(process.execPath, ["--import", "tsx", "tests/e2e/serve.ts"], {
      cwd: root,
      env: {
        ...process.env,
        NODE_ENV: "production",
        DATABASE_URL: database.url,
        PORT: String(port),
        PUBLIC_URL: url,
        SESSION_SECRET: "e2e-secret-e2e-secret-e2e-secret-0123",
        STORAGE_DIR: storage,
        SEED_DEMO: "true",
        ...extraEnv,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    started.stdout!.on("data", (chunk) => (log += chunk));
    started.stderr!.on("data", (chunk) => (log += chunk));
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (started.exitCode !== null) throw new Error(`portal exited early:\n${log}`);
      try {
        const response = await fetch(`${url}/healthz`);
        if (response.ok) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`portal did not start in 60 s:\n${log}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    return started;
  };
  let child = await launch();
  const exit = async (signal: NodeJS.Signals, graceMs: number) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill(signal);
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, graceMs))]);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGKILL");
      await exited;
    }
  };
  return {
    url,
    databaseUrl: database.url,
    storageDir: storage,
    get process() {
      return child;
    },
    output: () => log,
    stop: async () => {
      await exit("SIGTERM", 5000);
      await database.drop();
    },
    kill: () => exit("SIGKILL", 5000),
    restart: async () => {
      await exit("SIGKILL", 5000);
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
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith("/login")), page.locator('form[method="post"] button[type="submit"]').last().click()]);
}
