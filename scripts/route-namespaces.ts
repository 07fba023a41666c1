/**
 * Writes app/generated/route-namespaces.ts: the route tree (as `remix routes`
 * prints it) with, for each route, the translation namespaces (or "ns:key" subtrees) its module and the
 * browser modules it imports can show. The root loader sends only those strings
 * for the page being loaded, instead of every namespace on every page (a phone on
 * a slow connection downloads the page's own strings, not the whole portal's).
 * `.server` modules are not followed: what they draw (PDFs, e-mails) is not shown
 * by the page, and the refusals they raise travel with every page (i18n.server.ts).
 *
 * `npm run i18n:routes` regenerates it; a test fails when it is stale.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { RouteNamespaces } from "../app/utils/i18n.server";

const root = path.resolve(import.meta.dirname, "..");
const appDir = path.join(root, "app");
export const OUTPUT = path.join(appDir, "generated/route-namespaces.ts");

type RemixRoute = { id: string; path?: string; index?: boolean; file: string; children?: RemixRoute[] };

const NAMESPACES = readdirSync(path.join(root, "public/locales/en"))
  .filter((f) => f.endsWith(".json"))
  .map((f) => f.replace(/\.json$/, ""))
  .sort();

function resolveImport(from: string, specifier: string): string | null {
  let base: string;
  if (specifier.startsWith("~/")) base = path.join(appDir, specifier.slice(2));
  else if (specifier.startsWith(".")) base = path.resolve(path.dirname(from), specifier);
  else return null;
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, "index.ts"), path.join(base, "index.tsx")]) {
    if (existsSync(candidate) && candidate.match(/\.tsx?$/)) return candidate;
  }
  return null;
}

const names = NAMESPACES.map((ns) => ns.replace(/[-]/g, "\\-")).join("|");
// A namespace is used whole by useTranslation("ns" | ["a", "b"]) or { ns: "x" }; an "ns:a.b"
// string uses only the subtree "ns:a" (the header's "finance:nav.payments" needs no more of finance).
const WHOLE = [new RegExp(`useTranslation\\(\\s*\\[?([^)]*)\\)`, "g"), new RegExp(`\\bns\\s*[:=]\\s*["'](${names})["']`, "g")];
const KEYED = new RegExp(`["'\`](${names}):([A-Za-z0-9_]*)`, "g");

const fileCache = new Map<string, { namespaces: Set<string>; imports: string[] }>();

function scan(file: string) {
  const cached = fileCache.get(file);
  if (cached) return cached;
  const source = readFileSync(file, "utf8");
  const namespaces = new Set<string>();
  for (const pattern of WHOLE) {
    for (const match of source.matchAll(pattern)) {
      const found = match[1]!;
      const listed = pattern === WHOLE[0] ? [...found.matchAll(/["']([a-z-]+)["']/g)].map((m) => m[1]!) : [found];
      // useTranslation() with no namespace reads "common".
      for (const ns of listed.length ? listed : ["common"]) if (NAMESPACES.includes(ns)) namespaces.add(ns);
    }
  }
  // "ns:" followed by an interpolation could be any key of ns: the whole namespace.
  for (const [, ns, key] of source.matchAll(KEYED)) namespaces.add(key ? `${ns}:${key}` : ns!);
  const imports = [...source.matchAll(/(?:from|import)\s*\(?\s*["']([^"']+)["']/g)]
    .map((m) => resolveImport(file, m[1]!))
    .filter((f): f is string => f !== null && !/\.server\.tsx?$/.test(f));
  const entry = { namespaces, imports };
  fileCache.set(file, entry);
  return entry;
}

function closure(file: string): string[] {
  const seen = new Set<string>();
  const namespaces = new Set<string>();
  const stack = [file];
  while (stack.length) {
    const current = stack.pop()!;
    if (seen.has(current)) continue;
    seen.add(current);
    const { namespaces: own, imports } = scan(current);
    own.forEach((ns) => namespaces.add(ns));
    stack.push(...imports);
  }
  // A subtree of a namespace already used whole adds nothing.
  return [...namespaces].filter((entry) => !entry.includes(":") || !namespaces.has(entry.split(":")[0]!)).sort();
}

// A page is sent what every matched route lists, so a route lists only what its ancestors do not
// (the header's subtrees, read by the root, are not repeated under each of its 80 routes).
function convert(route: RemixRoute, inherited: ReadonlySet<string> = new Set()): RouteNamespaces {
  const own = closure(path.join(appDir, route.file)).filter((entry) => !inherited.has(entry) && !inherited.has(entry.split(":")[0]!));
  const node: RouteNamespaces = { id: route.id, namespaces: own };
  if (route.path !== undefined) node.path = route.path;
  if (route.index) node.index = true;
  const passed = new Set([...inherited, ...own]);
  if (route.children?.length) node.children = route.children.map((child) => convert(child, passed));
  return node;
}

export function generate(): string {
  const routes = JSON.parse(
    execFileSync(path.join(root, "node_modules/.bin/remix"), ["routes", "--json"], { cwd: root, encoding: "utf8" }),
  ) as RemixRoute[];
  const tree = routes.map((route) => convert(route));
  return [
    "// Generated by scripts/route-namespaces.ts (npm run i18n:routes): do not edit.",
    "// Each route with the translation namespaces its page can show.",
    'import type { RouteNamespaces } from "~/utils/i18n.server";',
    "",
    `export const ROUTE_NAMESPACES: RouteNamespaces[] = ${JSON.stringify(tree, null, 2)};`,
    "",
  ].join("\n");
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  writeFileSync(OUTPUT, generate());
  console.log(`wrote ${path.relative(root, OUTPUT)}`);
}
