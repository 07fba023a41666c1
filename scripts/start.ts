/**
 * `npm start`: validate the configuration, build, migrate, load the demo data
 * into an empty database, and serve. Each step stops with a clear message.
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { assertReadyToServe, ConfigurationError, parseEnv } from "../app/utils/env.server";

function step(label: string, command: string, args: string[], env: NodeJS.ProcessEnv = process.env) {
  const started = performance.now();
  execFileSync(command, args, { stdio: ["ignore", "inherit", "inherit"], env });
  console.log(`✔ ${label} (${Math.round(performance.now() - started)} ms)`);
}

/** A secret set in the environment, or one generated once and kept in data/ so it survives a restart. */
function keptSecret(key: "SESSION_SECRET" | "AUDIT_KEY", fileName: string, what: string) {
  if (process.env[key]) return;
  const file = path.resolve("data", fileName);
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(48).toString("base64url"), { mode: 0o600 });
    console.log(`✔ generated ${what} in ${file} (set ${key} to use your own)`);
  }
  process.env[key] = readFileSync(file, "utf8").trim();
}

// `npm start` is the production start: sessions survive a restart, and the audit key stays
// outside the database (decision 0049; keep a copy apart from the database backups).
process.env.NODE_ENV ||= "production";
keptSecret("SESSION_SECRET", "session-secret", "a session secret");
keptSecret("AUDIT_KEY", "audit-key", "an audit key");

// Without a PUBLIC_URL, `npm start` is a local demo (decision 0047): links point at
// this computer, so the portal answers on this computer only. A production
// deployment sets PUBLIC_URL; a loopback one set on purpose is refused there.
const localDemo = !process.env.PUBLIC_URL;
if (localDemo) {
  process.env.ALLOW_LOOPBACK_PUBLIC_URL ||= "true";
  console.log("ℹ PUBLIC_URL is not set: local demo on this computer only (127.0.0.1); set PUBLIC_URL to the portal's public https address to serve it for real.");
}

let env;
try {
  env = parseEnv(process.env);
  assertReadyToServe(env);
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
if (process.env.SKIP_BUILD !== "1") {
  step("built the app", bin("remix"), ["build"], { ...process.env, NODE_ENV: env.NODE_ENV === "development" ? "development" : "production" });
}
step(`migrated the ${env.databaseKind} database`, bin("prisma"), ["migrate", "deploy"]);

const { startServer } = await import("../server-start");
await startServer(env, { seedDemo: env.SEED_DEMO, buildPath: pathToFileURL(path.resolve("build/index.js")).href, host: localDemo ? "127.0.0.1" : undefined });
