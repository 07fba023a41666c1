/**
 * `npm run bench:slow3g` (a benchmark, not a test): the NCO's way from the
 * public call page to a submitted proposal in headless Chromium on Slow 3G
 * (CDP Network.emulateNetworkConditions: 50,000 B/s down and up, 2,000 ms
 * latency; Emulation.setCPUThrottlingRate 4), with JavaScript and without.
 *
 * Each run gets a fresh browser context (empty cache) and a fresh copy of the
 * bench's own database: the Karakol demo, with «Балакай»'s draft on the open
 * call completed beforehand, and nco@balakai.kg already signed in (a session
 * cookie; signing in is not part of the way). The way: load the call page,
 * load the proposal's page (the submit form), press "Submit", wait for the
 * receipt page.
 *
 * The floor, in the same run: a static copy of the form page (its
 * server-rendered HTML without scripts or module preloads, and its
 * stylesheets) served by a plain node http server, gzip-compressed as the
 * portal compresses, reached the same way (after a static copy of the call
 * page, so that the connection and the shared stylesheets are as warm as on
 * the portal). First paint and first contentful paint come from
 * performance.getEntriesByType("paint"). Medians of BENCH_RUNS (3) runs.
 * Writes bench/results/slow3g.json.
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import Database from "better-sqlite3";
import { chromium, type Browser, type Page } from "playwright-core";
import { freePort } from "../scripts/portal-process";
import { startPortal } from "./portal-process";

const root = path.resolve(import.meta.dirname, "..");
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const SLOW_3G = { offline: false, latency: 2000, downloadThroughput: 50_000, uploadThroughput: 50_000 };
const CPU_SLOWDOWN = 4;
const STEP_TIMEOUT = 300_000;

const tmp = path.join(root, "bench/tmp", `slow3g-${process.pid}`);
mkdirSync(tmp, { recursive: true });
const template = path.join(tmp, "template.db");
process.env.DATABASE_URL = `file:${template}`;
process.env.SESSION_SECRET = randomBytes(24).toString("hex");
process.env.NODE_ENV = "production";
process.env.STORAGE_DIR = path.join(tmp, "files");
const log = (message: string) => console.log(`[bench:slow3g] ${message}`);
const bin = (tool: string) => path.join(root, "node_modules/.bin", tool);

if (process.env.SKIP_BUILD !== "1") {
  execFileSync(bin("remix"), ["build"], { cwd: root, stdio: ["ignore", "ignore", "inherit"], env: process.env });
  log("built the app");
}
execFileSync(bin("prisma"), ["migrate", "deploy"], { cwd: root, stdio: "ignore", env: process.env });

// ───────────── the database: the demo, with the NCO's draft completed and the NCO signed in ─────────────

const { prisma } = await import("../app/utils/db.server");
const { seedDemoIfEmpty } = await import("../prisma/seed-demo");
const { createUserSession, getActor } = await import("../app/utils/session.server");
const { getProposalForActor, saveSection } = await import("../app/domains/proposals/proposals.server");
const { requiredKindsOf } = await import("../app/domains/proposals/proposal-rules");
const { BudgetSchema, DOCUMENT_KINDS } = await import("../app/domains/proposals/proposal-schemas");

await seedDemoIfEmpty(prisma);
const user = await prisma.user.findUniqueOrThrow({ where: { email: "nco@balakai.kg" }, select: { id: true } });
const setCookie = await createUserSession(new Request("http://localhost/login"), user.id);
const [cookieName, cookieValue] = setCookie.split(";")[0]!.split(/=(.*)/s) as [string, string];
const actor = (await getActor(new Request("http://localhost/", { headers: { Cookie: `${cookieName}=${cookieValue}` } })))!;
const draft = await prisma.proposal.findFirstOrThrow({
  where: { organizationId: actor.organizations[0]!.id, status: "DRAFT", call: { status: "PUBLISHED" } },
  select: { id: true, callId: true, objectives: true, call: { select: { requiredDocuments: true, minGrant: true } } },
});
const now = new Date();
const change = { actor, now, proposalId: draft.id };
await saveSection({ ...change, section: "team", input: { team: "Мамбетова Жылдыз — жетекчи; Усенов Мирлан — юрист, 7 жылдык тажрыйба." } });
if (!draft.objectives?.trim())
  await saveSection({ ...change, section: "objectives", input: { objectives: "Бир жылда 150 аялга кеңеш берүү." } });
// The demo's draft asks for less than the call's minimum: a year of a lawyer's time at the minimum (tyiyn to som), rounded up.
const monthly = String(Math.ceil(Number(draft.call.minGrant) / 100 / 12 / 100) * 100);
const budgetLine = {
  category: "STAFF",
  description: "Юрист (0,5 ставка)",
  unit: "ай",
  quantity: "12",
  unitCost: monthly,
  cofinancing: "",
  requested: "",
};
await saveSection({ ...change, section: "budget", input: BudgetSchema.parse({ lines: [budgetLine] }) });
const kinds = requiredKindsOf(draft.call.requiredDocuments, DOCUMENT_KINDS);
const vault = await prisma.storedDocument.findMany({
  where: { organizationId: actor.organizations[0]!.id, kind: { in: kinds } },
  select: { id: true, kind: true },
});
await saveSection({ ...change, section: "documents", input: { documents: Object.fromEntries(vault.map((d) => [d.kind, d.id])) } });
const view = await getProposalForActor({ actor, proposalId: draft.id, now });
if (!view || view.problems.length) throw new Error(`the bench's draft is not complete: ${JSON.stringify(view?.problems)}`);
await prisma.$disconnect();
{
  const source = new Database(template);
  source.pragma("wal_checkpoint(TRUNCATE)");
  source.close();
}
log(`demo loaded; draft ${draft.id} on call ${draft.callId} complete`);

/** A copy of the prepared database for one run (a submitted draft cannot be submitted for the first time again). */
function databaseForRun(label: string) {
  const file = path.join(tmp, `${label}.db`);
  const source = new Database(template, { readonly: true });
  source.prepare("VACUUM INTO ?").run(file);
  source.close();
  return `file:${file}`;
}

// ───────────── the browser ─────────────

const browser: Browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
  ],
});

type Paint = { fp_ms: number; fcp_ms: number; load_ms: number; transferred_bytes: number };

/** Paint and load timings of the document now in the page, from its navigation start. */
async function paintOf(page: Page): Promise<Paint> {
  // With JavaScript off the page runs no script of its own; Playwright's evaluate still reads the timings.
  // (A string, not a function: tsx would wrap the function's inner names in a helper the page does not have.)
  // A small page can finish loading before its first paint: wait for the paint entries.
  await page
    .waitForFunction(`performance.getEntriesByType("paint").length >= 2`, undefined, { polling: 100, timeout: 30_000 })
    .catch(() => {});
  return page.evaluate(`(() => {
    const paint = (name) => performance.getEntriesByType("paint").find((p) => p.name === name)?.startTime ?? NaN;
    const navigation = performance.getEntriesByType("navigation")[0];
    const resources = performance.getEntriesByType("resource");
    return {
      fp_ms: paint("first-paint"),
      fcp_ms: paint("first-contentful-paint"),
      load_ms: navigation?.loadEventEnd ?? NaN,
      transferred_bytes: (navigation?.transferSize ?? 0) + resources.reduce((sum, r) => sum + r.transferSize, 0),
    };
  })()`);
}

async function throttledPage(base: string, javaScript: boolean) {
  const context = await browser.newContext({ javaScriptEnabled: javaScript, locale: "ky-KG", viewport: { width: 390, height: 844 } });
  await context.addCookies([{ name: cookieName, value: cookieValue, url: base }]);
  const page = await context.newPage();
  page.setDefaultTimeout(STEP_TIMEOUT);
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", SLOW_3G);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: CPU_SLOWDOWN });
  return { page, close: () => context.close() };
}

/** Call page, form page, submit, receipt: one run on its own database and portal. */
async function journey(javaScript: boolean, label: string) {
  const portal = await startPortal({ ...process.env, DATABASE_URL: databaseForRun(label) });
  const { page, close } = await throttledPage(portal.base, javaScript);
  try {
    const started = performance.now();
    await page.goto(`${portal.base}/calls/${draft.callId}`, { waitUntil: "load" });
    const call = await paintOf(page);
    await page.goto(`${portal.base}/proposals/${draft.id}`, { waitUntil: "load" });
    const form = await paintOf(page);
    const pressed = performance.now();
    await Promise.all([
      page.waitForURL(/\/receipts\/1$/, { waitUntil: "load" }),
      page.locator('button[name="intent"][value="submit"]').click(),
    ]);
    await page.getByRole("heading", { level: 1 }).first().waitFor();
    const finished = performance.now();
    return { call, form, submit_to_receipt_ms: finished - pressed, call_page_to_receipt_ms: finished - started };
  } finally {
    await close();
    await portal.stop();
  }
}

// ───────────── the floor: a static copy of the form page ─────────────

async function staticCopy() {
  const portal = await startPortal({ ...process.env, DATABASE_URL: databaseForRun("static-source") });
  const files = new Map<string, { body: Buffer; type: string }>();
  const pages = { "/call": `/calls/${draft.callId}`, "/form": `/proposals/${draft.id}` };
  try {
    for (const [copyPath, portalPath] of Object.entries(pages)) {
      const html = await (
        await fetch(portal.base + portalPath, { headers: { Cookie: `${cookieName}=${cookieValue}`, "Accept-Language": "ky" } })
      ).text();
      const stripped = html.replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, "").replace(/<link\b[^>]*rel="modulepreload"[^>]*>/gi, "");
      if (/<script/i.test(stripped)) throw new Error("the static copy still holds a script");
      files.set(copyPath, { body: Buffer.from(stripped), type: "text/html; charset=utf-8" });
      for (const [, href] of stripped.matchAll(/<link\b[^>]*rel="stylesheet"[^>]*href="([^"]+)"/gi)) {
        files.set(href!, {
          body: Buffer.from(await (await fetch(new URL(href!, portal.base))).arrayBuffer()),
          type: "text/css; charset=utf-8",
        });
      }
    }
  } finally {
    await portal.stop();
  }
  writeFileSync(path.join(tmp, "static-form.html"), files.get("/form")!.body);
  const gzipped = new Map([...files].map(([url, file]) => [url, { ...file, body: gzipSync(file.body) }]));
  const port = await freePort();
  const server = http.createServer((request, response) => {
    const file = gzipped.get(new URL(request.url ?? "/", "http://x").pathname);
    if (!file) return void response.writeHead(404).end();
    // The stylesheets are cached as the portal's fingerprinted /build files are.
    const caching = file.type.startsWith("text/css") ? { "Cache-Control": "public, max-age=31536000, immutable" } : {};
    response
      .writeHead(200, { "Content-Type": file.type, "Content-Encoding": "gzip", "Content-Length": file.body.length, ...caching })
      .end(file.body);
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    base: `http://127.0.0.1:${port}`,
    bytes: [...gzipped.values()].reduce((sum, f) => sum + f.body.length, 0),
    stylesheets: files.size - Object.keys(pages).length,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function staticRun(base: string) {
  const { page, close } = await throttledPage(base, false);
  try {
    // The same way as the portal's: the call page first (its connection and shared stylesheets stay warm), then the form.
    await page.goto(`${base}/call`, { waitUntil: "load" });
    await page.goto(`${base}/form`, { waitUntil: "load" });
    const paint = await paintOf(page);
    if (process.env.BENCH_SCREENSHOTS)
      await page.screenshot({ path: path.join(root, "bench/results/slow3g-static-copy.png"), fullPage: true });
    return paint;
  } finally {
    await close();
  }
}

// ───────────── the runs: interleaved, so that the machine's load falls on all three alike ─────────────

const copy = await staticCopy();
log(`static copy of the form page: ${copy.bytes} B gzipped, ${copy.stylesheets} stylesheet(s)`);
type Journey = Awaited<ReturnType<typeof journey>>;
const runs: { static: Paint; js: Journey; nojs: Journey }[] = [];
for (let i = 0; i < RUNS; i++) {
  const staticPaint = await staticRun(copy.base);
  const js = await journey(true, `js-${i}`);
  const nojs = await journey(false, `nojs-${i}`);
  runs.push({ static: staticPaint, js, nojs });
  log(
    `run ${i + 1}: first paint static ${staticPaint.fp_ms.toFixed(0)} ms, form JS ${js.form.fp_ms.toFixed(0)} ms, form no-JS ${nojs.form.fp_ms.toFixed(0)} ms; ` +
      `to the receipt JS ${js.call_page_to_receipt_ms.toFixed(0)} ms, no-JS ${nojs.call_page_to_receipt_ms.toFixed(0)} ms`,
  );
}
await copy.close();
await browser.close();

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const medianOf = <T>(pick: (run: (typeof runs)[number]) => T, keys: (keyof T)[]) =>
  Object.fromEntries(keys.map((key) => [key, median(runs.map((run) => Number(pick(run)[key])))])) as Record<keyof T, number>;
const paintKeys: (keyof Paint)[] = ["fp_ms", "fcp_ms", "load_ms", "transferred_bytes"];
const journeyOf = (mode: "js" | "nojs") => ({
  call_page: medianOf((run) => run[mode].call, paintKeys),
  form_page: medianOf((run) => run[mode].form, paintKeys),
  ...medianOf((run) => run[mode], ["submit_to_receipt_ms", "call_page_to_receipt_ms"]),
});
const staticPaint = medianOf((run) => run.static, paintKeys);
const js = journeyOf("js");
const nojs = journeyOf("nojs");
const summary = {
  // The form page's first paint against the static copy's, JavaScript on and off.
  ratio_js: js.form_page.fp_ms / staticPaint.fp_ms,
  ratio_nojs: nojs.form_page.fp_ms / staticPaint.fp_ms,
  ratio_fcp_js: js.form_page.fcp_ms / staticPaint.fcp_ms,
  ratio_fcp_nojs: nojs.form_page.fcp_ms / staticPaint.fcp_ms,
  static_copy: staticPaint,
  js,
  nojs,
  runs,
  network: { ...SLOW_3G, cpu_slowdown: CPU_SLOWDOWN },
  method:
    "fresh context and database per run; call page and form page loaded by navigation (paint entries per document); median of runs; static copy = the call and form pages' server HTML without scripts and module preloads + their CSS, gzip, plain node http, form loaded after the call page as on the portal",
  machine: { cpus: os.cpus().length, load_avg_1m: os.loadavg()[0], node: process.version },
  measured_at: new Date().toISOString(),
};
mkdirSync(path.join(root, "bench/results"), { recursive: true });
writeFileSync(path.join(root, "bench/results/slow3g.json"), JSON.stringify(summary, null, 2) + "\n");
rmSync(tmp, { recursive: true, force: true });
log(
  `first paint: form JS ${js.form_page.fp_ms.toFixed(0)} ms (${summary.ratio_js.toFixed(2)} x static), no-JS ${nojs.form_page.fp_ms.toFixed(0)} ms (${summary.ratio_nojs.toFixed(2)} x), static ${staticPaint.fp_ms.toFixed(0)} ms; ` +
    `call page to receipt JS ${js.call_page_to_receipt_ms.toFixed(0)} ms, no-JS ${nojs.call_page_to_receipt_ms.toFixed(0)} ms`,
);
process.exit(0);
