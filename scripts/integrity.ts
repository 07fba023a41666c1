/**
 * `npm run integrity -- <file or URL> [--json] [--lang en|ru|ky] [--min-open-days 30] …`
 *
 * The integrity flags (decision 0070) of an OCDS release package, computed from the file alone:
 * the portal's /open-data/ocds.json, a saved copy, or any publisher's package with the same fields.
 * Every threshold has an option named after it (`--late-amendment-days 5`, `--repeat-wins 3`,
 * `--extreme-spread-points 40`, `--uniform-scores-min-proposals 2`); the defaults are the portal's.
 *
 * Exit codes: 0 the package was read (flags are findings to look at, not errors); 2 it could not be
 * read (missing file, HTTP error, not JSON, not a release package) or an option is wrong.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { flagDetailKeys, integrityFlags, type IntegrityFlag } from "../app/domains/integrity/integrity-rules";
import {
  DEFAULT_INTEGRITY_THRESHOLDS,
  integrityThresholdsSchema,
  type IntegrityThresholds,
} from "../app/domains/integrity/integrity-schemas";
import { isRecord } from "../app/utils/guards";

const LANGUAGES = ["en", "ru", "ky"];
const USAGE = `Usage: npm run integrity -- <file or http(s) URL> [--json] [--lang ${LANGUAGES.join("|")}] ${Object.keys(
  DEFAULT_INTEGRITY_THRESHOLDS,
)
  .map((key) => `[--${optionName(key)} <n>]`)
  .join(" ")}`;

class UsageError extends Error {}

function optionName(key: string) {
  return key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}

type Options = { source: string; json: boolean; lang: string; thresholds: IntegrityThresholds };

export function parseArguments(args: string[]): Options {
  const thresholdOf = new Map(Object.keys(DEFAULT_INTEGRITY_THRESHOLDS).map((key) => [`--${optionName(key)}`, key]));
  const overrides: Record<string, number> = {};
  let source: string | undefined;
  let json = false;
  let lang = "en";
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--json") json = true;
    else if (arg === "--lang") {
      lang = args[++i] ?? "";
      if (!LANGUAGES.includes(lang)) throw new UsageError(`--lang takes one of ${LANGUAGES.join(", ")}.`);
    } else if (thresholdOf.has(arg)) {
      const value = args[++i];
      if (!value || !/^\d+$/.test(value)) throw new UsageError(`${arg} takes a whole number.`);
      overrides[thresholdOf.get(arg)!] = Number(value);
    } else if (arg.startsWith("--")) throw new UsageError(`Unknown option ${arg}.`);
    else if (source === undefined) source = arg;
    else throw new UsageError(`One file or URL, not several (${source}, ${arg}).`);
  }
  if (!source) throw new UsageError("Name the release package: a file or an http(s) URL.");
  const thresholds = integrityThresholdsSchema.safeParse({ ...DEFAULT_INTEGRITY_THRESHOLDS, ...overrides });
  if (!thresholds.success) {
    throw new UsageError(thresholds.error.issues.map((issue) => `--${optionName(String(issue.path[0]))}: ${issue.message}`).join("\n"));
  }
  return { source, json, lang, thresholds: thresholds.data };
}

class SourceError extends Error {}

async function readSource(source: string): Promise<string> {
  if (/^https?:\/\//i.test(source)) {
    let response: Response;
    try {
      response = await fetch(source, { headers: { accept: "application/json" } });
    } catch (error) {
      throw new SourceError(`Could not fetch ${source}: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (!response.ok) throw new SourceError(`Could not fetch ${source}: HTTP ${response.status}`);
    return response.text();
  }
  if (!existsSync(source)) throw new SourceError(`No such file: ${source}`);
  return readFileSync(source, "utf8");
}

type Strings = Record<string, unknown>;

function loadStrings(lang: string): Strings {
  const file = path.resolve(import.meta.dirname, "../public/locales", lang, "integrity.json");
  const parsed: unknown = JSON.parse(readFileSync(file, "utf8"));
  return isRecord(parsed) ? parsed : {};
}

/** The string at "a.b.c" with {{params}} filled in; the key itself when it is missing. */
function translate(strings: Strings, key: string, params: Record<string, unknown> = {}): string {
  let node: unknown = strings;
  for (const part of key.split(".")) node = isRecord(node) ? node[part] : undefined;
  if (typeof node !== "string") return key;
  return node.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => String(params[name] ?? ""));
}

function describe(flag: IntegrityFlag, strings: Strings) {
  return flagDetailKeys(flag)
    .map((key) => translate(strings, key, flag.params))
    .join(" ");
}

function table(flags: IntegrityFlag[], strings: Strings): string {
  const header = ["call", "award", "flag", "details"].map((key) => translate(strings, `table.${key}`));
  const rows = flags.map((flag) => [
    flag.subject.ocid,
    flag.subject.awardId ?? "",
    translate(strings, `codes.${flag.code}`),
    describe(flag, strings),
  ]);
  // The last column is free text: only the first three are padded.
  const widths = [0, 1, 2].map((column) => Math.max(...[header, ...rows].map((row) => row[column]!.length)));
  const line = (row: string[]) => row.map((cell, column) => (column < 3 ? cell.padEnd(widths[column]!) : cell)).join("  ");
  return [line(header), line(widths.map((w) => "-".repeat(w)).concat("-".repeat(header[3]!.length))), ...rows.map(line)].join("\n");
}

export async function main(args = process.argv.slice(2)): Promise<number> {
  let options: Options;
  try {
    options = parseArguments(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n${USAGE}\n`);
    return 2;
  }
  let parsed: unknown;
  try {
    const text = await readSource(options.source);
    parsed = JSON.parse(text);
  } catch (error) {
    if (!(error instanceof SourceError) && !(error instanceof SyntaxError)) throw error;
    process.stderr.write(error instanceof SyntaxError ? `${options.source} is not JSON: ${error.message}\n` : `${error.message}\n`);
    return 2;
  }
  const result = integrityFlags(parsed, options.thresholds);
  if (!result.ok) {
    const shown = result.problems.slice(0, 20);
    const more = result.problems.length - shown.length;
    process.stderr.write(
      `${options.source} is not an OCDS release package the flags can read:\n${shown.map((p) => `  ${p}`).join("\n")}\n${more > 0 ? `  … and ${more} more\n` : ""}`,
    );
    return 2;
  }
  const calls = new Set(
    isRecord(parsed) && Array.isArray(parsed.releases) ? parsed.releases.map((r: unknown) => (isRecord(r) ? r.ocid : r)) : [],
  ).size;
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ thresholds: options.thresholds, calls, flags: result.flags }, null, 2)}\n`);
    return 0;
  }
  const strings = loadStrings(options.lang);
  process.stdout.write(`${translate(strings, "title")}: ${options.source}\n${translate(strings, "intro")}\n\n`);
  process.stdout.write(result.flags.length ? `${table(result.flags, strings)}\n\n` : `${translate(strings, "table.none")}\n\n`);
  process.stdout.write(`${translate(strings, "table.summary", { flags: result.flags.length, calls })}\n`);
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  main().then(
    (code) => process.exit(code),
    (error) => {
      process.stderr.write(`The integrity check could not run: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(2);
    },
  );
}
