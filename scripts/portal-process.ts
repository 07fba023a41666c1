// The production build of the portal in a child process, as the end-to-end
// tests and the benchmarks run it: tests/e2e/serve.ts on a free port.
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");

/** A TCP port free on 127.0.0.1 right now. */
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

type Launch = {
  /** The portal's address; its port is the one it listens on. */
  url: string;
  /** The environment, over SHUTDOWN_DRAIN_SECONDS=0 and under the production defaults (NODE_ENV, PORT, PUBLIC_URL, ALLOW_LOOPBACK_PUBLIC_URL)... */
  env: NodeJS.ProcessEnv;
  /** ...and what goes over them. */
  overrides?: Record<string, string>;
  /** Node options before tsx's loader (--cpu-prof, ...). */
  nodeArgs?: string[];
  /** Modules imported after tsx's loader, before the server. */
  preload?: string[];
  /** Receives everything the process prints. */
  onOutput: (chunk: string) => void;
};

/** Starts the server and resolves once /healthz answers (180 s at most: a loaded 2-core machine took over 60). */
export async function launchPortal({ url, env, overrides, nodeArgs = [], preload = [], onOutput }: Launch): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [...nodeArgs, "--import", "tsx", ...preload.flatMap((module) => ["--import", module]), "tests/e2e/serve.ts"],
    {
      cwd: root,
      // The tests serve the production build on localhost, which production otherwise refuses (decision 0047).
      // No load balancer watches a test's portal: SIGTERM stops it without the drain (decision 0056).
      env: {
        SHUTDOWN_DRAIN_SECONDS: "0",
        ...env,
        NODE_ENV: "production",
        PORT: new URL(url).port,
        PUBLIC_URL: url,
        ALLOW_LOOPBACK_PUBLIC_URL: "true",
        ...overrides,
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let log = "";
  const collect = (chunk: Buffer) => {
    log += chunk;
    onOutput(String(chunk));
  };
  child.stdout!.on("data", collect);
  child.stderr!.on("data", collect);
  for (const deadline = Date.now() + 180_000; ;) {
    if (child.exitCode !== null) throw new Error(`portal exited early:\n${log}`);
    if (
      await fetch(`${url}/healthz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return child;
    if (Date.now() > deadline) throw new Error(`portal did not start in 180 s:\n${log}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Sends `signal` and waits for the exit; a process still alive after `graceMs` is killed. */
export async function stopProcess(child: ChildProcess, signal: NodeJS.Signals, graceMs: number) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill(signal);
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, graceMs))]);
  if (child.exitCode === null && child.signalCode === null) {
    child.kill("SIGKILL");
    await exited;
  }
}
