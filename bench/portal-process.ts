// The production build of the portal in a child process on a free port, for the benchmarks.
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");

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

export type PortalProcess = { base: string; child: ChildProcess; output: () => string; stop: () => Promise<void> };

/**
 * Serves build/ on the database in env.DATABASE_URL (already migrated), with
 * `nodeArgs` before tsx's loader and `preload` modules after it; resolves once
 * /healthz answers.
 */
export async function startPortal(env: NodeJS.ProcessEnv, options: { nodeArgs?: string[]; preload?: string[] } = {}): Promise<PortalProcess> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const preload = (options.preload ?? []).flatMap((module) => ["--import", module]);
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), "--import", "tsx", ...preload, "tests/e2e/serve.ts"], {
    cwd: root,
    env: { ...env, PORT: String(port), PUBLIC_URL: base, SEED_DEMO: "false", NODE_ENV: "production" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  child.stdout!.on("data", (chunk) => (log += chunk));
  child.stderr!.on("data", (chunk) => (log += chunk));
  for (const started = Date.now(); ; ) {
    if (child.exitCode !== null) throw new Error(`portal exited:\n${log}`);
    const ok = await fetch(`${base}/healthz`).then((r) => r.ok).catch(() => false);
    if (ok) break;
    if (Date.now() - started > 60_000) throw new Error(`portal did not start:\n${log}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    base,
    child,
    output: () => log,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    },
  };
}
