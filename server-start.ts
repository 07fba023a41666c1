import type { ServerBuild } from "@remix-run/node";
import type { Env } from "~/utils/env.server";
import { createApp } from "./server";

/** Opens the database, seeds it if asked and empty, and listens. Shared by `npm start` and the e2e tests. */
export async function startServer(env: Env, options: { seedDemo: boolean; buildPath: string }) {
  const { prisma, assertSqlitePragmas } = await import("~/utils/db.server");
  if (env.databaseKind === "sqlite") await assertSqlitePragmas(prisma);
  if (options.seedDemo) {
    const { seedDemoIfEmpty } = await import("./prisma/seed-demo");
    const seeded = await seedDemoIfEmpty(prisma);
    console.log(seeded ? "✔ loaded the Karakol demo data" : "✔ database already has data; demo not loaded");
  }
  const { startBackgroundWork } = await import("~/utils/background.server");
  const stopBackground = startBackgroundWork(env);
  const build = (await import(options.buildPath)) as ServerBuild;
  const app = createApp(build, env);
  const server = app.listen(env.PORT, () => {
    console.log(`✔ portal listening on http://localhost:${env.PORT} (${env.databaseKind})`);
  });
  const shutdown = () => {
    stopBackground();
    server.close(() => void prisma.$disconnect().then(() => process.exit(0)));
  };
  process.once("SIGTERM", shutdown);
  process.once("SIGINT", shutdown);
  return server;
}
