// The production build of the portal in a child process on a free port, for the benchmarks.
import type { ChildProcess } from "node:child_process";
import { freePort, launchPortal, stopProcess } from "../scripts/portal-process";

export type PortalProcess = { base: string; child: ChildProcess; output: () => string; stop: () => Promise<void> };

/**
 * Serves build/ on the database in env.DATABASE_URL (already migrated), with
 * `nodeArgs` before tsx's loader and `preload` modules after it; resolves once
 * /healthz answers.
 */
export async function startPortal(
  env: NodeJS.ProcessEnv,
  options: { nodeArgs?: string[]; preload?: string[] } = {},
): Promise<PortalProcess> {
  const base = `http://127.0.0.1:${await freePort()}`;
  let log = "";
  const child = await launchPortal({ url: base, env, overrides: { SEED_DEMO: "false" }, ...options, onOutput: (chunk) => (log += chunk) });
  return { base, child, output: () => log, stop: () => stopProcess(child, "SIGTERM", 10_000) };
}
