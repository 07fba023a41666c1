import type { ServerBuild } from "@remix-run/node";
import { assertReadyToServe, ConfigurationError, type Env } from "~/utils/env.server";
import { createApp } from "./server";

/**
 * Opens the database, seeds it if asked and empty, and listens. Shared by `npm start` and the e2e tests.
 * `host` limits listening to one address (127.0.0.1 for `npm start`'s local demo); all interfaces by default.
 */
export async function startServer(env: Env, options: { seedDemo: boolean; buildPath: string; host?: string }) {
  try {
    assertReadyToServe(env);
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
  const { prisma, assertSqlitePragmas } = await import("~/utils/db.server");
  if (env.databaseKind === "sqlite") await assertSqlitePragmas(prisma);
  if (options.seedDemo) {
    const { seedDemoIfEmpty } = await import("./prisma/seed-demo");
    const seeded = await seedDemoIfEmpty(prisma);
    console.log(seeded ? "✔ loaded the Karakol demo data" : "✔ database already has data; demo not loaded");
  }
  const { needsSetup, setupToken } = await import("~/domains/municipalities/setup.server");
  if (await needsSetup(prisma)) {
    // The one way into an empty deployment: whoever can read this log (or run npm run setup) sets it up.
    console.log(`✔ no municipality yet: open ${env.PUBLIC_URL}/setup (or run npm run setup). Set-up token: ${setupToken(env.SESSION_SECRET)}`);
  }
  const { startBackgroundWork } = await import("~/utils/background.server");
  const stopBackground = startBackgroundWork(env);
  const build = (await import(options.buildPath)) as ServerBuild;
  const app = createApp(build, env);
  const listening = () => console.log(`✔ portal listening on http://${options.host ?? "localhost"}:${env.PORT} (${env.databaseKind})`);
  const server = options.host ? app.listen(env.PORT, options.host, listening) : app.listen(env.PORT, listening);
  const shutdown = () => {
    stopBackground();
    server.close(() => void prisma.$disconnect().then(() => process.exit(0)));
  };
  process.once("SIGTERM", shutdown);
  process.once("SIGINT", shutdown);
  return server;
}
