/**
 * `npm start`: validate the configuration, build, migrate, load the demo data
 * into an empty database, and serve. Each step stops with a clear message.
 */
import { execFileSync } from "node:child_process";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { ConfigurationError, parseEnv } from "../app/utils/env.server";

function step(label: string, command: string, args: string[]) {
  const started = performance.now();
  execFileSync(command, args, { stdio: ["ignore", "inherit", "inherit"] });
  console.log(`✔ ${label} (${Math.round(performance.now() - started)} ms)`);
}

let env;
try {
  env = parseEnv(process.env);
} catch (error) {
  if (error instanceof ConfigurationError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
process.env.DATABASE_URL = env.DATABASE_URL;
process.env.NODE_ENV = env.NODE_ENV;

const bin = (name: string) => path.resolve("node_modules/.bin", name);
if (process.env.SKIP_BUILD !== "1") step("built the app", bin("remix"), ["build"]);
step(`migrated the ${env.databaseKind} database`, bin("prisma"), ["migrate", "deploy"]);

const { startServer } = await import("../server-start");
await startServer(env, { seedDemo: env.SEED_DEMO, buildPath: pathToFileURL(path.resolve("build/index.js")).href });
