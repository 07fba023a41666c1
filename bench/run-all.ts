/**
 * `npm run bench`: runs every benchmark of the project in turn, then writes
 * bench/results/summary.md from their JSON results and copies it into the
 * README between the BENCH markers. Figures are ratios against a floor
 * measured in the same run: these machines are noisy (2 shared cores).
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const results = path.join(root, "bench/results");

type Results = {
  per_s: number;
  ratio: number;
  p99_ms: number;
  p95_ms: number;
  non2xx: number;
  lost: number;
  rss_growth_mb: number;
  ratio_js: number;
  ratio_nojs: number;
  event_loop_p99_ms: number;
  baseline_event_loop_p99_ms: number;
  backup_ms: number;
  backup_exit_code: number;
  backup_missing_receipts: number;
  database_mb: number;
  static_copy: { fp_ms: number };
  js: { form_page: { fp_ms: number }; call_page_to_receipt_ms: number };
  nojs: { form_page: { fp_ms: number }; call_page_to_receipt_ms: number };
};
/** Each row: what was measured, and whether its goal is met (null: a figure without a goal). */
type Bench = { script: string; file: string; title: string; goals: (r: Results) => [string, boolean | null][] };

const BENCHES: Bench[] = [
  {
    script: "bench:submit",
    file: "submit.json",
    title: "Submit a proposal (SQLite, 50 connections, 60 s)",
    goals: (r) => [
      [`${r.per_s?.toFixed(0)} submits/s >= 100`, r.per_s >= 100],
      [`${r.ratio?.toFixed(2)} x raw better-sqlite3 floor >= 0.10`, r.ratio >= 0.1],
      [`p99 ${r.p99_ms?.toFixed(0)} ms <= 250`, r.p99_ms <= 250],
      [`${r.non2xx} non-2xx, ${r.lost} lost`, r.non2xx === 0 && r.lost === 0],
    ],
  },
  {
    script: "bench:submit-pg",
    file: "submit-pg.json",
    title: "Submit a proposal (PostgreSQL, 50 connections, 60 s) vs raw pg",
    // "At most 3 x raw": the time per submission at most three times raw pg's, i.e. a throughput ratio of at least 1/3.
    goals: (r) => [
      [
        `${r.per_s?.toFixed(0)} submits/s, ${r.ratio?.toFixed(2)} x raw pg floor (${(1 / r.ratio)?.toFixed(1)} x its time) >= 0.33`,
        r.ratio >= 1 / 3,
      ],
      [`p99 ${r.p99_ms?.toFixed(0)} ms; ${r.non2xx} non-2xx, ${r.lost} lost`, r.non2xx === 0 && r.lost === 0],
    ],
  },
  {
    script: "bench:sync",
    file: "sync.json",
    title: "SQLite synchronous=FULL vs NORMAL",
    goals: (r) => [[`FULL at ${r.ratio?.toFixed(2)} x NORMAL >= 0.40`, r.ratio >= 0.4]],
  },
  {
    script: "bench:letters",
    file: "letters.json",
    title: "Award letters (Cyrillic, pdfkit)",
    goals: (r) => [
      [`${r.per_s?.toFixed(0)} letters/s >= 40`, r.per_s >= 40],
      [`${r.ratio?.toFixed(2)} x Helvetica floor >= 0.15`, r.ratio >= 0.15],
      [`p99 ${r.p99_ms?.toFixed(0)} ms <= 100`, r.p99_ms <= 100],
      [`RSS growth ${r.rss_growth_mb?.toFixed(1)} MB <= 20`, r.rss_growth_mb <= 20],
    ],
  },
  {
    script: "bench:ranking",
    file: "ranking.json",
    title: "Ranking loader, 1,000 proposals x 5 members x 8 criteria",
    goals: (r) => [[`${r.ratio?.toFixed(2)} x raw SQL <= 5`, r.ratio <= 5]],
  },
  {
    script: "bench:dashboard",
    file: "dashboard.json",
    title: "Finance dashboard loader, 10,000 grants and 100,000 payments",
    goals: (r) => [
      [`${r.ratio?.toFixed(2)} x raw SQL <= 5`, r.ratio <= 5],
      [`p95 ${r.p95_ms?.toFixed(0)} ms <= 150`, r.p95_ms <= 150],
    ],
  },
  {
    script: "bench:slow3g",
    file: "slow3g.json",
    title: "Slow 3G in Chromium: call page to submitted proposal",
    goals: (r) => [
      [
        `form's first paint ${r.js?.form_page.fp_ms.toFixed(0)} ms, ${r.ratio_js?.toFixed(2)} x static copy's ${r.static_copy?.fp_ms.toFixed(0)} ms (JS on) <= 1.3`,
        r.ratio_js <= 1.3,
      ],
      [
        `form's first paint ${r.nojs?.form_page.fp_ms.toFixed(0)} ms, ${r.ratio_nojs?.toFixed(2)} x static copy (JS off) <= 1.3`,
        r.ratio_nojs <= 1.3,
      ],
      [
        `call page to receipt: ${(r.js?.call_page_to_receipt_ms / 1000).toFixed(1)} s with JS, ${(r.nojs?.call_page_to_receipt_ms / 1000).toFixed(1)} s without`,
        null,
      ],
    ],
  },
  {
    script: "bench:backup",
    file: "backup.json",
    title: "Online SQLite backup (npm run backup) under submit load",
    goals: (r) => [
      [
        `portal's event-loop delay p99 ${r.event_loop_p99_ms?.toFixed(0)} ms during the backup (${r.baseline_event_loop_p99_ms?.toFixed(0)} ms under the same load without it) <= 100`,
        r.event_loop_p99_ms <= 100,
      ],
      [
        `${r.database_mb?.toFixed(0)} MB copied in ${(r.backup_ms / 1000).toFixed(1)} s, exit ${r.backup_exit_code}; ${r.backup_missing_receipts} receipts missing from the copy, ${r.lost} lost`,
        r.backup_exit_code === 0 && r.backup_missing_receipts === 0 && r.lost === 0,
      ],
    ],
  },
];

const scripts = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")).scripts as Record<string, string>;
const only = process.argv.slice(2);
for (const bench of BENCHES) {
  if (only.length && !only.includes(bench.script)) continue;
  if (!scripts[bench.script]) {
    console.error(`✗ ${bench.script}: no such script`);
    continue;
  }
  console.log(`\n▶ npm run ${bench.script}`);
  try {
    execFileSync("npm", ["run", "--silent", bench.script], { cwd: root, stdio: "inherit" });
  } catch {
    console.error(`✗ ${bench.script} failed`);
  }
}

const lines = [
  "# Benchmark summary",
  "",
  `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "CPU"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}; ` +
    `shared, load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(" / ")} (1/5/15 min) when the summary was written. Each bench's JSON has the load during its own run.`,
  "",
  "| Benchmark | Result | Goal met |",
  "| --- | --- | --- |",
];
for (const bench of BENCHES) {
  const file = path.join(results, bench.file);
  if (!existsSync(file)) {
    lines.push(`| ${bench.title} | not run | — |`);
    continue;
  }
  const r = JSON.parse(readFileSync(file, "utf8"));
  for (const [text, ok] of bench.goals(r)) lines.push(`| ${bench.title} | ${text} | ${ok === null ? "—" : ok ? "yes" : "**no**"} |`);
}
const summary = lines.join("\n") + "\n";
writeFileSync(path.join(results, "summary.md"), summary);
const readmePath = path.join(root, "README.md");
const readme = readFileSync(readmePath, "utf8");
const start = "<!-- BENCH:START -->";
const end = "<!-- BENCH:END -->";
if (readme.includes(start) && readme.includes(end)) {
  const body = summary.replace(/^# Benchmark summary\n\n/, "");
  writeFileSync(readmePath, readme.slice(0, readme.indexOf(start) + start.length) + "\n" + body + readme.slice(readme.indexOf(end)));
}
console.log("\n" + summary);
