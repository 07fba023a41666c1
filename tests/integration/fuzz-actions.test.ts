/**
 * Fuzzed input for every action of the build: fast-check, FUZZ_RUNS cases per
 * action (1,000 by default) of hostile values in the fields the page's forms
 * really have, under several content types. Pass: no response >= 500, no
 * stack trace or SQL in any body, and the database unchanged after every 4xx.
 */
import type { ServerBuild } from "@remix-run/node";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { seedDemoIfEmpty } from "../../prisma/seed-demo";
import { prisma } from "~/utils/db.server";
import { createForeignWorld, type ForeignWorld } from "./foreign-world";
import { getRequest, loadBuild, ORIGIN, postRequest, requestHandler } from "../support/route-call";
import { actionUrl, fillPath, intentsOf, listRoutes, type RouteInfo } from "./route-manifest";
import { sessionCookieFor } from "../support/session";

const RUNS = Number(process.env.FUZZ_RUNS ?? 1000);
const LEAKS = [
  /\n\s+at .+\(.*:\d+:\d+\)/,
  /node_modules\//,
  /\bSELECT\b.+\bFROM\b/i,
  /\bINSERT INTO\b/i,
  /SQLITE_[A-Z]+/,
  /PrismaClient\w*Error/,
  /invalid `prisma\./i,
];

const HOSTILE = [
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "\uD800",
  "\uDFFF\uD800",
  "\u202Eevil\u202C",
  "аdmin", // Cyrillic а
  "ⅰ０１",
  "1,5",
  "1 000",
  "1\u00A0000",
  "-0",
  "NaN",
  "Infinity",
  "1e309",
  "-1e309",
  "9007199254740993",
  "99999999999999999999999999",
  "-1",
  "0x10",
  "2026-02-30",
  "2026-13-01T25:61",
  "<script>alert(1)</script>",
  "' OR 1=1 --",
  "../../etc/passwd",
  "%00",
  "{{constructor.constructor('x')()}}",
  "true",
  "null",
  "undefined",
  "[]",
  "{}",
];

const hostileString = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...HOSTILE) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 200 }) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 300 }).map((n) => "я".repeat(n * 100)) },
);

let build: ServerBuild;
let handle: (request: Request) => Promise<Response>;
let world: ForeignWorld;
const cookies: Record<string, string> = {};
let tables: string[] = [];

async function fingerprint(): Promise<string> {
  const parts = tables.map((t) => `SELECT '${t}' AS t, COUNT(*) AS c FROM "${t}"`).join(" UNION ALL ");
  const rows = await prisma.$queryRawUnsafe<{ t: string; c: bigint | number }[]>(parts);
  return rows.map((r) => `${r.t}:${r.c}`).join(",");
}

function roleFor(route: RouteInfo): keyof typeof cookies {
  if (route.path.startsWith("/admin")) return "admin";
  if (route.path.startsWith("/officer") || route.path.startsWith("/budgets")) return "officer";
  if (route.path.startsWith("/finance")) return "finance";
  if (route.path.startsWith("/review")) return "commissionMember";
  return "ncoAdmin";
}

function idFor(param: string, own: { proposalId: string; organizationId: string }) {
  const p = param.toLowerCase();
  if (p.includes("proposal")) return own.proposalId;
  if (p.includes("organization")) return own.organizationId;
  if (p.includes("call")) return world.call.id;
  if (p.includes("section")) return "summary";
  return world.draft.id;
}

/** Field names of the forms on the route's page, as a browser would post them. */
async function fieldsOf(url: string, cookie: string): Promise<string[]> {
  const response = await handle(getRequest(url, cookie));
  const html = response.headers.get("Content-Type")?.includes("text/html") ? await response.text() : "";
  const names = [...html.matchAll(/\sname="([^"]+)"/g)].map((m) => m[1]!).filter((n) => n !== "viewport");
  return [...new Set(names)].slice(0, 40);
}

beforeAll(async () => {
  await seedDemoIfEmpty(prisma);
  world = await createForeignWorld();
  build = await loadBuild();
  handle = requestHandler(build);
  const ids = async (email: string) => (await prisma.user.findUniqueOrThrow({ where: { email } })).id;
  for (const [role, email] of Object.entries({
    ncoAdmin: "nco@balakai.kg",
    officer: "officer@karakol.kg",
    admin: "admin@karakol.kg",
    finance: "finance@karakol.kg",
    commissionMember: "member1@karakol.kg",
  })) {
    cookies[role] = await sessionCookieFor(await ids(email));
  }
  const kind = process.env.TEST_DB === "postgresql" ? "postgresql" : "sqlite";
  const rows =
    kind === "sqlite"
      ? await prisma.$queryRawUnsafe<{ name: string }[]>(
          `SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_prisma%'`,
        )
      : await prisma.$queryRawUnsafe<{ name: string }[]>(
          `SELECT tablename AS name FROM pg_tables WHERE schemaname='public' AND tablename NOT LIKE '_prisma%'`,
        );
  // Sessions and rate-limit windows are the server's memory of who asked, not the portal's data: a refused attempt still counts.
  tables = rows.map((r) => r.name).filter((t) => !["Session", "RateLimitHit"].includes(t));
}, 120_000);

describe("fuzzed input to every action", () => {
  it("never answers >= 500, never shows a stack trace or SQL, and changes nothing on a 4xx", async () => {
    const balakai = await prisma.organization.findFirstOrThrow({ where: { members: { some: { user: { email: "nco@balakai.kg" } } } } });
    const ncoUser = await prisma.user.findUniqueOrThrow({ where: { email: "nco@balakai.kg" } });
    const ownProposal = await prisma.proposal.create({
      data: {
        callId: world.call.id,
        organizationId: balakai.id,
        reference: `FZ-${Date.now()}`,
        title: "Fuzz draft",
        createdById: ncoUser.id,
      },
    });
    const own = { proposalId: ownProposal.id, organizationId: balakai.id };
    const routes = listRoutes(build).filter((r) => r.hasAction && r.path !== "/logout");
    const failures: string[] = [];
    let requests = 0;
    for (const route of routes) {
      const role = roleFor(route);
      const values = Object.fromEntries(route.params.map((p) => [p, idFor(p, own)]));
      const url = actionUrl(route, values);
      const fields = await fieldsOf(fillPath(route.path, values), cookies[role]!);
      const names = [...new Set([...fields, "intent", "amount", "email", "title"])];
      const intents = intentsOf(build, route);
      const caseArb = fc.record({
        intent: fc.constantFrom(...intents),
        values: fc.array(fc.tuple(fc.constantFrom(...names), hostileString), { minLength: 0, maxLength: 12 }),
        duplicate: fc.boolean(),
        encoding: fc.constantFrom("urlencoded", "urlencoded", "multipart", "json", "text", "none"),
        huge: fc.integer({ min: 0, max: 199 }),
        // Most cases go through the data endpoint (the same action, without rendering a page).
        asDocument: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
      });
      let current = await fingerprint();
      await fc.assert(
        fc.asyncProperty(caseArb, async (c) => {
          const form = new URLSearchParams();
          form.append("intent", c.intent);
          for (const [name, value] of c.values) form.append(name, value);
          if (c.duplicate) for (const [name, value] of c.values.slice(0, 3)) form.append(name, value + "x");
          if (c.huge === 0) form.append(names[0]!, "x".repeat(10 * 1024 * 1024));
          let body: BodyInit | undefined;
          let type: string | undefined;
          if (c.encoding === "urlencoded") [body, type] = [form, "application/x-www-form-urlencoded"];
          else if (c.encoding === "multipart") {
            const multipart = new FormData();
            for (const [k, v] of form) multipart.append(k, v);
            body = multipart;
          } else if (c.encoding === "json") [body, type] = [JSON.stringify(Object.fromEntries(form)), "application/json"];
          else if (c.encoding === "text") [body, type] = [form.toString(), "text/plain"];
          const target = c.asDocument ? url : url.replace(/^([^?]*)/, (p) => `${p === "/" ? "/_root" : p}.data`);
          const response = await handle(postRequest(target, body ?? "", cookies[role], type));
          requests += 1;
          const text = response.body ? await response.text() : "";
          const where = `${role} POST ${url} [${c.encoding}] intent=${c.intent} -> ${response.status}`;
          if (response.status >= 500) failures.push(where);
          const leak = LEAKS.find((pattern) => pattern.test(text));
          if (leak) failures.push(`${where}: body shows ${leak}`);
          const after = await fingerprint();
          if (response.status >= 400 && response.status < 500 && after !== current) failures.push(`${where}: changed the database`);
          current = after;
          // Thrown, not returned false, so fast-check's report names the request that failed.
          if (failures.length) throw new Error(failures.join("\n"));
        }),
        { numRuns: RUNS, endOnFailure: true },
      );
      if (failures.length) break;
    }
    console.log(`fuzzed ${routes.length} actions with ${requests} requests`);
    expect(failures.slice(0, 20)).toEqual([]);
  }, 3_600_000);
});
void ORIGIN;
