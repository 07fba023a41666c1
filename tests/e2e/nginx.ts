// deploy/nginx/portal.conf run by the current user in front of portal processes on this
// machine, for tests/e2e/cluster.test.ts: the same site without TLS (the plain-HTTP redirect
// block dropped, the TLS server listening on a loopback port) and with every path nginx writes
// (pid, logs, temporary bodies, the asset cache) in a directory of its own.
import { spawn, type ChildProcess } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { stopProcess } from "../../scripts/portal-process";

const SITE = path.resolve(import.meta.dirname, "../../deploy/nginx/portal.conf");
export const NGINX = process.env.NGINX_PATH ?? "/usr/sbin/nginx";

/** The site with `upstreams` (host:port) as its instances, listening on 127.0.0.1:`port` without TLS, writing under `dir`. */
export function siteForTest(upstreams: string[], port: number, dir: string) {
  const site = readFileSync(SITE, "utf8");
  const redirect = /# redirect:begin[\s\S]*?# redirect:end\n/;
  if (!redirect.test(site) || !/^\s*server \S+:\d+ max_fails=.*;$/m.test(site))
    throw new Error(`${SITE}: the redirect markers or the upstream's server lines are missing`);
  const [first] = site.match(/^\s*server \S+:\d+ max_fails=.*;$/m)!;
  const options = first
    .trim()
    .replace(/^server \S+ /, "")
    .replace(/;$/, "");
  let placed = false;
  return site
    .replace(redirect, "")
    .replace(/^\s*server \S+:\d+ max_fails=.*;\n/gm, () =>
      placed ? "" : ((placed = true), upstreams.map((u) => `    server ${u} ${options};\n`).join("")),
    )
    .replace(/^\s*listen \[::\]:443 .*\n/m, "")
    .replace(/^(\s*)listen 443 .*$/m, `$1listen 127.0.0.1:${port};`)
    .replace(/^\s*ssl_.*\n/gm, "")
    .replaceAll("/var/cache/nginx/social-order-portal", path.join(dir, "cache"))
    .replaceAll("/var/log/nginx/", `${dir}/`);
}

export type Nginx = {
  url: string;
  process: ChildProcess;
  /** The access log so far (log_format "portal": one line per request, naming the instance). */
  accessLog: () => string;
  /** Rewrites the upstream to `upstreams` and reloads (new workers take over; the old ones finish their requests). */
  reload: (upstreams: string[]) => Promise<void>;
  output: () => string;
  stop: () => Promise<void>;
};

export async function startNginx(upstreams: string[], port: number): Promise<Nginx> {
  if (!existsSync(NGINX)) throw new Error(`The deployment test runs nginx (${NGINX}, or NGINX_PATH): apt-get install nginx`);
  const dir = mkdtempSync(path.join(tmpdir(), "portal-nginx-"));
  // Run as root (CI), nginx's workers run as nobody: they must reach the temporary directories.
  chmodSync(dir, 0o755);
  const write = (list: string[]) => {
    writeFileSync(path.join(dir, "portal.conf"), siteForTest(list, port, dir));
    writeFileSync(
      path.join(dir, "nginx.conf"),
      [
        `pid ${dir}/nginx.pid;`,
        `error_log ${dir}/error.log warn;`,
        "worker_processes 1;",
        "events { worker_connections 1024; }",
        "http {",
        "  include /etc/nginx/mime.types;",
        `  access_log ${dir}/default.access.log;`,
        ...["client_body", "proxy", "fastcgi", "uwsgi", "scgi"].map((kind) => `  ${kind}_temp_path ${dir}/${kind}_temp;`),
        `  include ${dir}/portal.conf;`,
        "}",
      ].join("\n"),
    );
  };
  write(upstreams);
  const args = ["-p", dir, "-c", path.join(dir, "nginx.conf"), "-e", path.join(dir, "error.log")];
  let log = "";
  const child = spawn(NGINX, [...args, "-g", "daemon off;"], { stdio: ["ignore", "pipe", "pipe"] });
  child.stdout!.on("data", (chunk: Buffer) => (log += chunk));
  child.stderr!.on("data", (chunk: Buffer) => (log += chunk));
  const url = `http://127.0.0.1:${port}`;
  const errors = () => log + (existsSync(path.join(dir, "error.log")) ? readFileSync(path.join(dir, "error.log"), "utf8") : "");
  for (const deadline = Date.now() + 30_000; ;) {
    if (child.exitCode !== null) throw new Error(`nginx exited at start:\n${errors()}`);
    if (
      await fetch(`${url}/healthz`).then(
        () => true,
        () => false,
      )
    )
      break;
    if (Date.now() > deadline) throw new Error(`nginx did not answer within 30 s:\n${errors()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const accessLogFile = path.join(dir, "social-order-portal.access.log");
  return {
    url,
    process: child,
    accessLog: () => (existsSync(accessLogFile) ? readFileSync(accessLogFile, "utf8") : ""),
    reload: async (list) => {
      write(list);
      child.kill("SIGHUP");
      // The old worker leaves once its connections are done; new connections go to the new one.
      await new Promise((resolve) => setTimeout(resolve, 1500));
    },
    output: errors,
    stop: async () => {
      await stopProcess(child, "SIGQUIT", 5000);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
