// Route, integration and end-to-end tests load the production build (build/index.js).
// Running one test file must not depend on remembering to build first: the build is
// made here when it is missing or older than any source it is made from.
// `npm test` builds once here before its legs start (TEST_SHARED_BUILD=1 then tells every global
// set-up that the build is shared read-only: a stale build there is an error, never a rebuild).
import { execFileSync } from "node:child_process";
import { readdirSync, statSync, utimesSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const root = path.resolve(import.meta.dirname, "../..");
const SOURCES = ["app", "public/locales", "remix.config.js", "package-lock.json"];

function newestChange(entry: string): number {
  const stats = statSync(entry, { throwIfNoEntry: false });
  if (!stats) return 0;
  if (!stats.isDirectory()) return stats.mtimeMs;
  return readdirSync(entry).reduce((newest, name) => Math.max(newest, newestChange(path.join(entry, name))), stats.mtimeMs);
}

// Remix leaves an unchanged output file alone, so the build's own time is kept in a stamp.
const STAMP = path.join(root, "build/.built-from-sources");

export function ensureFreshBuild() {
  const hasBuild = statSync(path.join(root, "build/index.js"), { throwIfNoEntry: false });
  const built = (hasBuild && statSync(STAMP, { throwIfNoEntry: false })?.mtimeMs) || 0;
  const changed = Math.max(...SOURCES.map((source) => newestChange(path.join(root, source))));
  if (built >= changed) return;
  if (process.env.TEST_SHARED_BUILD === "1") {
    // Another run (the other database's leg) reads this build: rebuilding it under that run would break it.
    throw new Error("The shared build (TEST_SHARED_BUILD=1) is missing or older than the sources: run `npm test` again.");
  }
  console.info(hasBuild ? "The build may be older than the sources: building the portal…" : "No build yet: building the portal…");
  const started = new Date();
  execFileSync(path.join(root, "node_modules/.bin/remix"), ["build"], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, NODE_ENV: "production" },
  });
  // Stamped with the time the build began: a source saved during the build makes the next run build again.
  writeFileSync(STAMP, "");
  utimesSync(STAMP, started, started);
}

// `tsx tests/setup/fresh-build.ts`: build now if needed (scripts/test.js, before the legs start).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) ensureFreshBuild();
