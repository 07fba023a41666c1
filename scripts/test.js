#!/usr/bin/env node
// `npm test`: every test (unit, integration, route, end-to-end in headless Chromium).
// Installs Debian's chromium when run as root and it is missing; never skips the browser tests.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const needed = [
  { file: chromium, pkg: "chromium" },
  { file: "/usr/bin/pdftoppm", pkg: "poppler-utils" },
].filter(({ file }) => !existsSync(file));

if (needed.length) {
  const packages = needed.map((n) => n.pkg).join(" ");
  if (process.getuid?.() !== 0) {
    console.error(`The browser tests need ${packages}. Install it with: sudo apt-get install -y ${packages}`);
    console.error("(or set CHROMIUM_PATH to an installed Chromium).");
    process.exit(1);
  }
  console.log(`Installing ${packages} from Debian…`);
  execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit" });
  execFileSync("apt-get", ["install", "-y", "-qq", ...needed.map((n) => n.pkg)], {
    stdio: "inherit",
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });
}

// The production build the route and end-to-end tests load is made by their global set-up
// (tests/setup/fresh-build.ts) when it is missing or older than the sources.

mkdirSync(path.join(root, "test-data"), { recursive: true });
const report = path.join(root, "test-data", `vitest-${process.env.TEST_DB ?? "sqlite"}.json`);
const run = spawnSync(
  path.join(root, "node_modules/.bin/vitest"),
  ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`, ...process.argv.slice(2)],
  { cwd: root, stdio: "inherit", env: { ...process.env, CHROMIUM_PATH: chromium } },
);

if (existsSync(report)) {
  const result = JSON.parse(readFileSync(report, "utf8"));
  const skipped = result.numPendingTests + result.numTodoTests;
  console.log(
    `\n${process.env.TEST_DB ?? "sqlite"}: ${result.numPassedTests} passed, ${result.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ""}`,
  );
  if (skipped > 0) {
    console.error("Skipped tests are defects here: remove the skip or the test.");
    process.exit(1);
  }
}
process.exit(run.status ?? 1);
