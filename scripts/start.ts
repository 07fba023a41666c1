/**
 * `npm start`: validate the configuration, build, run the release step
 * (migrate, load the demo data into an empty database), and serve. Each step
 * stops with a clear message. With several instances on one PostgreSQL,
 * SKIP_RELEASE=1 leaves the release step to `npm run db:deploy` (or to one
 * instance) and waits for its migrations instead (decision 0056).
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { assertReadyToServe, ConfigurationError, parseEnv } from "../app/utils/env.server";
import { release } from "./release";

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
// On PostgreSQL several instances share the database, so each must be given the same
// SESSION_SECRET and AUDIT_KEY: one generated here would be this machine's alone.
process.env.NODE_ENV ||= "production";
if (/^postgres(ql)?:/.test(process.env.DATABASE_URL ?? "")) {
  if (!process.env.AUDIT_KEY) {
    console.error(
      "Invalid configuration:\n  AUDIT_KEY: is required when DATABASE_URL is PostgreSQL: every instance must sign the audit trail with the same key (at least 32 characters, kept apart from the database backups).\nSee .env.example for every key.",
    );
    process.exit(1);
  }
} else {
  keptSecret("SESSION_SECRET", "session-secret", "a session secret");
  keptSecret("AUDIT_KEY", "audit-key", "an audit key");
}

// Without a PUBLIC_URL, `npm start` is a local demo (decision 0047): links point at
// this computer, so the portal answers on this computer only. A production
// deployment sets PUBLIC_URL; a loopback one set on purpose is refused there.
const localDemo = !process.env.PUBLIC_URL;
if (localDemo) {
  process.env.ALLOW_LOOPBACK_PUBLIC_URL ||= "true";
  // The address the browser is on, so the same-origin check accepts this computer's own forms on any PORT.
  process.env.PUBLIC_URL = `http://localhost:${process.env.PORT || 3000}`;
  console.log(
    "ℹ PUBLIC_URL is not set: local demo on this computer only (127.0.0.1); set PUBLIC_URL to the portal's public https address to serve it for real.",
  );
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
  step("built the app", bin("remix"), ["build"], {
    ...process.env,
    NODE_ENV: env.NODE_ENV === "development" ? "development" : "production",
  });
}
const skipRelease = process.env.SKIP_RELEASE === "1" || process.env.SKIP_RELEASE === "true";
try {
  if (skipRelease) await waitForMigrations(env.databaseKind);
  else await release(env.DATABASE_URL, { seedDemo: env.SEED_DEMO });
} catch (error) {
  console.error(`✘ the release step failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

/** An instance started with SKIP_RELEASE=1 serves once the release step has applied this release's migrations. */
async function waitForMigrations(kind: "sqlite" | "postgresql") {
  const { prisma, pendingMigrations } = await import("../app/utils/db.server");
  const deadline = Date.now() + 15 * 60_000;
  for (let told = false; ; told = true) {
    const pending = await pendingMigrations(prisma, kind).catch((error: unknown) => [
      `(database not reachable: ${error instanceof Error ? error.message : String(error)})`,
    ]);
    if (!pending.length) return console.log("✔ SKIP_RELEASE=1: the database's migrations are applied");
    if (Date.now() > deadline)
      throw new Error(`after 15 minutes ${pending.length} migration(s) are still not applied (first ${pending[0]}); run npm run db:deploy`);
    if (!told) console.log(`… SKIP_RELEASE=1: waiting for the release step (npm run db:deploy) to apply ${pending.length} migration(s)`);
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
}

const { startServer } = await import("../server-start");
// The release step above has loaded the demo if asked.
await startServer(env, {
  seedDemo: false,
  buildPath: pathToFileURL(path.resolve("build/index.js")).href,
  host: localDemo ? "127.0.0.1" : undefined,
});
