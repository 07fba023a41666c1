/**
 * `npm run dev`: the portal for development. The classic compiler watches the sources
 * (`remix watch`, development build); each finished build restarts the server, so a
 * change is live on the next page load. Each start runs the release step as `npm start`
 * does (migrations, demo data into an empty database: quick when there is nothing to do).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";

const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "development" };
const bin = (name: string) => path.resolve("node_modules/.bin", name);

// The tests load a production build and trust its stamp (tests/setup/fresh-build.ts):
// a development build in the same place must make them build again.
rmSync(path.resolve("build/.built-from-sources"), { force: true });

const compiler = spawn(bin("remix"), ["watch"], { stdio: ["ignore", "pipe", "inherit"], env });
let server: ChildProcess | null = null;
let stopping = false;
let restarting: Promise<void> = Promise.resolve();

async function restartServer() {
  const running = server;
  if (running && running.exitCode === null && running.signalCode === null) {
    // SIGINT: the server's own shutdown, without the drain a rolling deploy needs.
    const exited = new Promise((resolve) => running.once("exit", resolve));
    running.kill("SIGINT");
    await exited;
  }
  if (stopping) return;
  console.log(running ? "↻ rebuilt: restarting the server" : "✔ built: starting the server");
  server = spawn(bin("tsx"), ["scripts/start.ts"], { stdio: "inherit", env: { ...env, SKIP_BUILD: "1" } });
}

// The compiler reports each finished build ("💿 Rebuilt in 1.2s"); restarts run one after another.
createInterface({ input: compiler.stdout }).on("line", (line) => {
  console.log(line);
  if (/Rebuilt in/.test(line)) restarting = restarting.then(restartServer);
});

function stop() {
  stopping = true;
  compiler.kill("SIGINT");
  server?.kill("SIGINT");
}
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
compiler.on("exit", (code) => {
  if (stopping) return;
  console.error(`✘ the compiler stopped (exit ${code})`);
  stop();
  process.exitCode = 1;
});
