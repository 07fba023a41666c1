#!/usr/bin/env node
// `npm test`: every test (unit, integration, route, proofs, end-to-end in headless Chromium).
// Installs Debian's chromium when run as root and it is missing; never skips the browser tests.
//
// TEST_DB picks the database: sqlite (default), postgresql, or both as `sqlite,postgresql` (what CI
// runs). The portal is built once, here, before any leg starts; the legs then share the build
// read-only (TEST_SHARED_BUILD=1). Several legs run side by side, each line of their output
// prefixed with the leg's name and kept whole in test-data/test-<leg>.log; TEST_LEGS=sequential
// runs them one after the other instead (decision 0073). Arguments go to vitest.
import { execFileSync, spawn } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";

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

const legs = (process.env.TEST_DB ?? "sqlite").split(",").map((leg) => leg.trim() || "sqlite");
const unknown = legs.filter((leg) => leg !== "sqlite" && leg !== "postgresql");
if (unknown.length || new Set(legs).size !== legs.length) {
  console.error(`TEST_DB must be sqlite, postgresql or sqlite,postgresql (got ${process.env.TEST_DB}).`);
  process.exit(1);
}
const sideBySide = legs.length > 1 && process.env.TEST_LEGS !== "sequential";

// One build for every leg (tests/setup/fresh-build.ts: only when missing or older than the sources).
// After it, the global set-ups only check it: nothing rebuilds under a running leg.
execFileSync(path.join(root, "node_modules/.bin/tsx"), ["tests/setup/fresh-build.ts"], { cwd: root, stdio: "inherit" });

mkdirSync(path.join(root, "test-data"), { recursive: true });
const report = (leg) => path.join(root, "test-data", `vitest-${leg}.json`);

/** Runs vitest for one leg; resolves with its exit status. */
function runLeg(leg) {
  rmSync(report(leg), { force: true });
  const child = spawn(
    path.join(root, "node_modules/.bin/vitest"),
    ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${report(leg)}`, ...process.argv.slice(2)],
    {
      cwd: root,
      stdio: sideBySide ? ["ignore", "pipe", "pipe"] : "inherit",
      env: { ...process.env, TEST_DB: leg, TEST_SHARED_BUILD: "1", CHROMIUM_PATH: chromium },
    },
  );
  children.push(child);
  if (sideBySide) {
    const log = createWriteStream(path.join(root, "test-data", `test-${leg}.log`));
    for (const [stream, out] of [
      [child.stdout, process.stdout],
      [child.stderr, process.stderr],
    ]) {
      createInterface({ input: stream, crlfDelay: Infinity }).on("line", (line) => {
        log.write(`${line}\n`);
        out.write(`[${leg}] ${line}\n`);
      });
    }
    child.on("close", () => log.end());
  }
  return new Promise((resolve) => {
    child.on("error", (error) => {
      console.error(`[${leg}] could not start vitest: ${error.message}`);
      resolve(1);
    });
    child.on("close", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

// Stopped (Ctrl-C, CI's timeout): stop the legs too, so no vitest is left running.
const children = [];
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    for (const child of children) child.kill(signal);
    process.exit(130);
  });
}

const statuses = [];
if (sideBySide) {
  const started = Date.now();
  statuses.push(...(await Promise.all(legs.map(runLeg))));
  console.log(`\nLegs ${legs.join(" and ")} ran side by side in ${Math.round((Date.now() - started) / 1000)} s.`);
} else {
  for (const leg of legs) {
    if (legs.length > 1) console.log(`\n== tests on ${leg} ==`);
    const started = Date.now();
    statuses.push(await runLeg(leg));
    if (legs.length > 1) console.log(`${leg} took ${Math.round((Date.now() - started) / 1000)} s.`);
  }
}

// Every leg's result, so one failure does not hide the other's.
let failed = statuses.some((status) => status !== 0);
for (const leg of legs) {
  if (!existsSync(report(leg))) {
    console.log(`\n${leg}: no report (vitest did not finish)`);
    failed = true;
    continue;
  }
  const result = JSON.parse(readFileSync(report(leg), "utf8"));
  const skipped = result.numPendingTests + result.numTodoTests;
  console.log(`\n${leg}: ${result.numPassedTests} passed, ${result.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ""}`);
  if (skipped > 0) {
    console.error("Skipped tests are defects here: remove the skip or the test.");
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
