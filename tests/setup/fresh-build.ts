// Route, integration and end-to-end tests load the production build (build/index.js).
// Running one test file must not depend on remembering to build first: the build is
// made here when it is missing or older than any source it is made from.
import { execFileSync } from "node:child_process";
import { readdirSync, statSync, utimesSync, writeFileSync } from "node:fs";
import path from "node:path";

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
