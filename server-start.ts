import type { IncomingMessage, Server, ServerResponse } from "node:http";
import net, { type Socket } from "node:net";
import type { ServerBuild } from "@remix-run/node";
import { assertReadyToServe, ConfigurationError, type Env } from "~/utils/env.server";
import { createApp } from "./server";

/**
 * Opens the database, seeds it if asked and empty, and listens. Shared by `npm start` and the e2e tests.
 * `host` limits listening to one address (127.0.0.1 for `npm start`'s local demo); all interfaces by default.
 * Stops gracefully on SIGTERM and SIGINT (decision 0056).
 */
export async function startServer(env: Env, options: { seedDemo: boolean; buildPath: string; host?: string }) {
  try {
    assertReadyToServe(env);
    await assertStorageWritable(env);
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
  const { prisma, assertSqlitePragmas } = await import("~/utils/db.server");
  if (env.databaseKind === "sqlite") await assertSqlitePragmas(prisma);
  if (options.seedDemo) {
    const { withReleaseLock } = await import("./scripts/release");
    const { seedDemoIfEmpty } = await import("./prisma/seed-demo");
    // Under the release lock: instances started at once load the demo exactly once.
    const seeded = await withReleaseLock(env.DATABASE_URL, () => seedDemoIfEmpty(prisma));
    console.log(seeded ? "✔ loaded the Karakol demo data" : "✔ database already has data; demo not loaded");
  }
  const { needsSetup, setupToken } = await import("~/domains/municipalities/setup.server");
  if (await needsSetup(prisma)) {
    // The one way into an empty deployment: whoever can read this log (or run npm run setup) sets it up.
    console.log(
      `✔ no municipality yet: open ${env.PUBLIC_URL}/setup (or run npm run setup). Set-up token: ${setupToken(env.SESSION_SECRET)}`,
    );
  }
  const build = (await import(options.buildPath)) as ServerBuild;
  const app = createApp(build, env);
  const server = await listen(app, env, options.host);
  console.log(`✔ portal listening on http://${options.host ?? "localhost"}:${env.PORT} (${env.databaseKind})`);
  const { startBackgroundWork } = await import("~/utils/background.server");
  const stopBackground = startBackgroundWork(env);
  const shutdown = gracefulShutdown(server, env, { stopBackground, disconnect: () => prisma.$disconnect() });
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
  return server;
}

/** Listens, or stops the process with a message naming PORT when it cannot. */
function listen(app: ReturnType<typeof createApp>, env: Env, host: string | undefined): Promise<Server> {
  return new Promise((resolve) => {
    const server = host ? app.listen(env.PORT, host) : app.listen(env.PORT);
    server.once("listening", () => resolve(server));
    server.once("error", (error: NodeJS.ErrnoException) => {
      const where = `${host ?? "every address"}, port ${env.PORT}`;
      const reason =
        error.code === "EADDRINUSE"
          ? `${env.PORT} is already in use on this computer (${where}): another portal or program listens on it. Stop it, or set PORT to a free port.`
          : error.code === "EACCES"
            ? `${env.PORT} may not be opened by this user (${where}); ports below 1024 need administrator rights: use a higher PORT behind a proxy.`
            : error.code === "EADDRNOTAVAIL"
              ? `cannot listen on ${where}: this computer has no such address.`
              : `cannot listen on ${where}: ${error.message}`;
      console.error(`Invalid configuration:\n  PORT: ${reason}\nSee .env.example for every key.`);
      process.exit(1);
    });
  });
}

/** STORAGE_DIR must take files before the portal accepts any upload; the message names the key. */
async function assertStorageWritable(env: Env) {
  const { probeStorage } = await import("~/utils/readiness.server");
  try {
    await probeStorage(env.STORAGE_DIR);
  } catch (error) {
    const outcome = (error as { outcome?: string }).outcome;
    const problem = outcome === "full" ? "has no room for an upload" : "is not writable by this process";
    // A full disk can be freed while running (readiness reports it); a folder the portal cannot write never works.
    if (outcome === "full") return console.error(`STORAGE_DIR ${problem}: ${(error as Error).message}`);
    throw new ConfigurationError(
      `Invalid configuration:\n  STORAGE_DIR: ${problem} (${(error as Error).message}). Create it and give this user write access, or set STORAGE_DIR to a folder that has it.\nSee .env.example for every key.`,
    );
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/**
 * On SIGTERM: readiness answers 503 at once while requests are still served
 * for SHUTDOWN_DRAIN_SECONDS (a load balancer stops sending any), every answer
 * from then on closes its connection; then the server stops accepting (idle
 * keep-alive connections are closed, connections waiting to be read are answered), waits
 * at most SHUTDOWN_TIMEOUT_SECONDS for the requests in progress (a slow upload
 * is cut off after it) and for the background work, disconnects and exits.
 * SIGINT (Ctrl-C) skips the drain; a second signal exits at once.
 */
function gracefulShutdown(server: Server, env: Env, parts: { stopBackground: () => Promise<void>; disconnect: () => Promise<void> }) {
  let stopping = false;
  let closing = false;
  // Each connection's requests in progress and answered: a connection that has not sent its first
  // request yet is a queued client, not an idle keep-alive one, and must not be closed unanswered.
  const connections = new Map<Socket, { busy: number; served: number }>();
  const open = new Set<ServerResponse>();
  server.on("connection", (socket: Socket) => {
    connections.set(socket, { busy: 0, served: 0 });
    socket.once("close", () => connections.delete(socket));
  });
  // Registered before the application's listener, so that the header is set before anything is sent.
  server.prependListener("request", (req: IncomingMessage, res: ServerResponse) => {
    const state = connections.get(req.socket);
    if (state) state.busy++;
    open.add(res);
    res.once("close", () => {
      open.delete(res);
      if (!state) return;
      state.busy--;
      state.served++;
      // An answer sent as keep-alive before the shutdown began: its connection is not reused.
      if (closing && state.busy === 0) req.socket.end();
    });
    if (stopping) res.setHeader("Connection", "close");
  });

  return async (signal: NodeJS.Signals) => {
    if (stopping) {
      console.error(`${signal} again: exiting now`);
      process.exit(1);
    }
    stopping = true;
    const { markDraining } = await import("~/utils/readiness.server");
    markDraining();
    // No new background run starts from now; the ones in progress are waited for below.
    const backgroundDone = parts.stopBackground();
    for (const res of open) if (!res.headersSent) res.setHeader("Connection", "close");
    const drain = signal === "SIGTERM" ? env.SHUTDOWN_DRAIN_SECONDS : 0;
    console.log(`${signal}: stopping; readiness answers 503${drain ? `, requests still served for ${drain} s` : ""}`);
    if (drain) await sleep(drain * 1000);

    const deadline = Date.now() + env.SHUTDOWN_TIMEOUT_SECONDS * 1000;
    closing = true;
    // net's close, not http's: http's also drops every connection without a request in progress,
    // including one whose request has arrived but not been read yet, which would reset that client.
    const closed = new Promise<void>((resolve) => net.Server.prototype.close.call(server, () => resolve()));
    for (const [socket, state] of connections) if (state.busy === 0 && state.served > 0) socket.end();
    if (!(await finishedBy(closed, deadline))) {
      console.error(
        `shutdown: ${connections.size} connection(s) still open after ${env.SHUTDOWN_TIMEOUT_SECONDS} s (${open.size} request(s) in progress: slow uploads or downloads); closing them`,
      );
      for (const socket of connections.keys()) socket.destroy();
      server.closeAllConnections();
      await finishedBy(closed, Date.now() + 1000);
    }
    if (!(await finishedBy(backgroundDone, Math.max(deadline, Date.now() + 1000)))) {
      console.error("shutdown: background work still running at the deadline; left to the next start (each step is safe to repeat)");
    }
    await finishedBy(
      parts.disconnect().catch(() => {}),
      Date.now() + 5000,
    );
    console.log("✔ portal stopped");
    process.exit(0);
  };
}

/** Whether `promise` settled before `deadline` (epoch ms). */
async function finishedBy(promise: Promise<unknown>, deadline: number) {
  const settled = await Promise.race([
    promise.then(
      () => true,
      () => true,
    ),
    sleep(Math.max(0, deadline - Date.now())).then(() => false),
  ]);
  return settled;
}
