/**
 * Tenancy and roles, for every route in the build's manifest: each loader (as a
 * page and as a data request) and each action, as each role, with the ids of
 * objects that belong to another organization. Pass: no response >= 500, none
 * carries the marker seeded into the foreign objects, no foreign row changes,
 * and fields an NCO must not set (status, score, amount, organizationId,
 * __proto__) change nothing.
 */
import type { ServerBuild } from "@remix-run/node";
import { beforeAll, describe, expect, it } from "vitest";
import { seedDemoIfEmpty } from "../../prisma/seed-demo";
import { prisma } from "~/utils/db.server";
import {
  bodyIdsOf,
  candidatesFor,
  candidatesForSide,
  createForeignWorld,
  createSecondMunicipality,
  foreignFingerprint,
  MARKER,
  MUNI_A_MARKER,
  MUNI_B_MARKER,
  municipalitySideA,
  sideFingerprint,
  type ForeignWorld,
  type Side,
} from "./foreign-world";
import { getRequest, loadBuild, postRequest, requestHandler } from "../support/route-call";
import {
  actionUrl,
  declaredIntents,
  fillPath,
  intentsOf,
  listRoutes,
  literalIntents,
  readsIntent,
  UNKNOWN_INTENT,
  type RouteInfo,
} from "./route-manifest";
import { sessionCookieFor } from "../support/session";

let build: ServerBuild;
let handle: (request: Request) => Promise<Response>;
let routes: RouteInfo[];
let world: ForeignWorld;
let sideA: Side;
let sideB: Side;
const cookies: Record<string, string | undefined> = {};

/** People who must never see the foreign organization's private data. */
const OUTSIDERS = ["anonymous", "ncoAdmin", "ncoMember", "commissionMember", "finance"] as const;

beforeAll(async () => {
  await seedDemoIfEmpty(prisma);
  world = await createForeignWorld();
  build = await loadBuild();
  handle = requestHandler(build);
  routes = listRoutes(build);
  const byEmail = async (email: string) => (await prisma.user.findUniqueOrThrow({ where: { email } })).id;
  cookies.ncoAdmin = await sessionCookieFor(await byEmail("nco@balakai.kg"));
  cookies.ncoMember = await sessionCookieFor(await byEmail("staff@balakai.kg"));
  cookies.commissionMember = await sessionCookieFor(await byEmail("member1@karakol.kg"));
  cookies.finance = await sessionCookieFor(await byEmail("finance@karakol.kg"));
  cookies.officer = await sessionCookieFor(await byEmail("officer@karakol.kg"));
  cookies.admin = await sessionCookieFor(await byEmail("admin@karakol.kg"));
  sideA = await municipalitySideA(world);
  sideB = await createSecondMunicipality();
  cookies.officerB = await sessionCookieFor(sideB.staff.officer);
  cookies.financeB = await sessionCookieFor(sideB.staff.finance);
  cookies.adminB = await sessionCookieFor(sideB.staff.admin);
}, 120_000);

function assignments(route: RouteInfo): Record<string, string>[] {
  let combos: Record<string, string>[] = [{}];
  for (const param of route.params) {
    combos = combos.flatMap((combo) => candidatesFor(param, world).map((id) => ({ ...combo, [param]: id })));
  }
  return combos;
}

async function bodyText(response: Response) {
  return response.body ? await response.text() : "";
}

describe("tenancy and roles across every route", () => {
  it("has the routes of the whole portal in its manifest", () => {
    expect(routes.length).toBeGreaterThan(20);
    expect(routes.some((r) => r.params.length > 0)).toBe(true);
  });

  it("sends every intent of every action: each action that reads one exports its INTENT constants, and no form or action spells one as a string", () => {
    const withAction = routes.filter((r) => r.hasAction);
    const listed = withAction.map((r) => `${r.id}: ${declaredIntents(build, r)?.join(", ") ?? "(one form)"}`);
    console.log(
      `[tenancy] ${withAction.length} actions, ${withAction.reduce((n, r) => n + (declaredIntents(build, r)?.length ?? 0), 0)} intents\n  ${listed.join("\n  ")}`,
    );
    const blind = withAction.filter((r) => readsIntent(r) && !declaredIntents(build, r)?.length).map((r) => r.id);
    expect(blind).toEqual([]);
    const duplicated = withAction.flatMap((r) =>
      literalIntents(r)
        .filter((s) => declaredIntents(build, r)?.includes(s))
        .map((s) => `${r.id}: "${s}"`),
    );
    expect(duplicated).toEqual([]);
    const intents = (id: string) =>
      intentsOf(
        build,
        withAction.find((r) => r.id === id)!,
      );
    expect(intents("routes/_monitoring.agreements.$agreementId.milestones.$milestoneId")).toEqual(
      expect.arrayContaining(["review", "comment", "draft", "submit", UNKNOWN_INTENT]),
    );
    expect(intents("routes/_awards.awards.$awardId._index")).toEqual(expect.arrayContaining(["respond", "issue"]));
    expect(intents("routes/_reviews.review.$callId.proposals.$proposalId")).toEqual(
      expect.arrayContaining(["consensus", "save", "submit"]),
    );
    expect(intents("routes/_accounts.login")).toEqual([""]);
    // Personal data (decision 0071): the profile's second form closes the account; the consent page accepts or declines.
    expect(intents("routes/_accounts.profile")).toEqual(["", "save", "close", UNKNOWN_INTENT]);
    expect(intents("routes/_accounts.privacy_.consent")).toEqual(["", "accept", "decline", UNKNOWN_INTENT]);
  });

  it("never leaks another organization's data to an outsider, as a page or as data", async () => {
    const failures: string[] = [];
    for (const route of routes.filter((r) => r.hasLoader)) {
      for (const values of assignments(route)) {
        const url = fillPath(route.path, values);
        for (const role of OUTSIDERS) {
          for (const data of [false, true]) {
            const response = await handle(getRequest(url, cookies[role], data));
            const text = await bodyText(response);
            const where = `${role} GET ${url}${data ? ".data" : ""} -> ${response.status}`;
            if (response.status >= 500) failures.push(`${where}: server error`);
            if (text.includes(MARKER)) failures.push(`${where}: leaked the marker`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
  }, 600_000);

  it("answers staff without server errors on every loader", async () => {
    const failures: string[] = [];
    for (const route of routes.filter((r) => r.hasLoader)) {
      for (const values of assignments(route)) {
        const url = fillPath(route.path, values);
        for (const role of ["officer", "admin"]) {
          const response = await handle(getRequest(url, cookies[role]));
          await bodyText(response);
          if (response.status >= 500) failures.push(`${role} GET ${url} -> ${response.status}`);
        }
      }
    }
    expect(failures).toEqual([]);
  }, 600_000);

  it("changes nothing of another organization's through any action, and denies with 4xx or a redirect", async () => {
    const before = await foreignFingerprint(world);
    const failures: string[] = [];
    for (const route of routes.filter((r) => r.hasAction && r.params.length > 0)) {
      for (const values of assignments(route)) {
        const url = actionUrl(route, values);
        for (const intent of intentsOf(build, route)) {
          for (const role of ["anonymous", "ncoAdmin", "commissionMember", "finance"] as const) {
            const form = new URLSearchParams({ intent, title: "x", reason: "x", comment: "x", amount: "1", status: "SUBMITTED" });
            const response = await handle(postRequest(url, form, cookies[role], "application/x-www-form-urlencoded"));
            const text = await bodyText(response);
            const where = `${role} POST ${url} intent=${intent} -> ${response.status}`;
            if (response.status >= 500) failures.push(`${where}: server error`);
            if (response.status >= 200 && response.status < 300 && text.includes(MARKER)) failures.push(`${where}: leaked the marker`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
    expect(await foreignFingerprint(world)).toBe(before);
  }, 600_000);

  it("ignores fields an NCO may not set on its own objects", async () => {
    const balakai = await prisma.organization.findFirstOrThrow({ where: { members: { some: { user: { email: "nco@balakai.kg" } } } } });
    await prisma.organization.update({ where: { id: balakai.id }, data: { verification: "PENDING" } });
    const ncoUser = await prisma.user.findUniqueOrThrow({ where: { email: "nco@balakai.kg" } });
    const own = await prisma.proposal.create({
      data: {
        callId: world.call.id,
        organizationId: balakai.id,
        reference: `OWN-${Date.now()}`,
        title: "Own draft",
        createdById: ncoUser.id,
      },
    });
    const protectedState = async () =>
      JSON.stringify([
        await prisma.proposal.findUniqueOrThrow({
          where: { id: own.id },
          select: { status: true, organizationId: true, callId: true, submittedAt: true, intake: true },
        }),
        await prisma.organization.findUniqueOrThrow({
          where: { id: balakai.id },
          select: { verification: true, verifiedAt: true, tin: true, registrationNumber: true },
        }),
        await prisma.award.count(),
        await prisma.score.count(),
      ]);
    const before = await protectedState();
    const failures: string[] = [];
    const ownIds = (param: string) => {
      const p = param.toLowerCase();
      if (p.includes("proposal")) return own.id;
      if (p.includes("organization")) return balakai.id;
      if (p.includes("call")) return world.call.id;
      if (p.includes("section")) return "summary";
      return own.id;
    };
    for (const route of routes.filter((r) => r.hasAction && r.params.every((p) => /proposal|organization|call|section/i.test(p)))) {
      const url = actionUrl(route, Object.fromEntries(route.params.map((p) => [p, ownIds(p)])));
      for (const intent of intentsOf(build, route)) {
        const form = new URLSearchParams({
          intent,
          title: "Own draft",
          status: "AWARDED",
          score: "100",
          amount: "999999999",
          organizationId: world.organization.id,
          verification: "VERIFIED",
          callId: world.call.id,
          "__proto__[polluted]": "yes",
          "constructor[prototype][polluted]": "yes",
        });
        form.append("__proto__", "polluted");
        const response = await handle(postRequest(url, form, cookies.ncoAdmin, "application/x-www-form-urlencoded"));
        await bodyText(response);
        if (response.status >= 500) failures.push(`POST ${url} intent=${intent} -> ${response.status}`);
      }
    }
    expect(failures).toEqual([]);
    expect(await protectedState()).toBe(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  }, 600_000);
});

// ───────────── two municipalities (issue 17 item 2) ─────────────
// Each direction: one municipality's staff, the other's ids and markers.
type Direction = { name: string; roles: string[]; other: () => Side; markers: string[] };
const DIRECTIONS: Direction[] = [
  { name: "B's staff on A", roles: ["officerB", "financeB", "adminB"], other: () => sideA, markers: [MARKER, MUNI_A_MARKER] },
  { name: "A's staff on B", roles: ["officer", "finance", "admin"], other: () => sideB, markers: [MUNI_B_MARKER] },
];

function sideAssignments(route: RouteInfo, side: Side): Record<string, string>[] {
  let combos: Record<string, string>[] = [{}];
  for (const param of route.params)
    combos = combos.flatMap((combo) => candidatesForSide(param, side).map((id) => ({ ...combo, [param]: id })));
  return combos;
}

/** Ids of objects that carry no marker (the demo's grants and budgets): opening one at all is the leak. */
function unmarkedIds(side: Side) {
  return [side.statement.id, side.award?.id, side.agreement?.id, side.milestone?.id, side.appropriation?.id, side.programme?.id].filter(
    (id): id is string => Boolean(id),
  );
}

/** Every page, data request and export of one side, with the other side's ids (lists once, without ids). */
function urlsFor(side: Side) {
  const urls: string[] = [];
  for (const route of routes.filter((r) => r.hasLoader)) {
    for (const values of sideAssignments(route, side)) urls.push(fillPath(route.path, values));
  }
  urls.push(
    `/finance/export/statement?statementId=${encodeURIComponent(side.statement.id)}`,
    `/finance/statements/${side.statement.id}?line=${side.line.id}`,
  );
  // The finance dashboard's programme choice (decision 0062): the other side's programme answers 404, on the page and in its exports.
  if (side.programme) {
    const programme = encodeURIComponent(side.programme.id);
    urls.push(
      `/finance?year=2026&programme=${programme}`,
      `/finance/export/appropriations?year=2026&programme=${programme}`,
      `/finance/export/months?programme=${programme}&format=xlsx`,
    );
  }
  return urls;
}

describe("two municipalities: each one's staff against the other's objects, both ways", () => {
  it("has a second municipality with its own staff, and each side sees its own private rows (the markers can be found)", async () => {
    const own = async (cookie: string | undefined, url: string) => bodyText(await handle(getRequest(url, cookie)));
    expect(await own(cookies.admin, "/admin/audit")).toContain(MUNI_A_MARKER);
    expect(await own(cookies.adminB, "/admin/audit")).toContain(MUNI_B_MARKER);
    expect(await own(cookies.financeB, `/finance/statements/${sideB.statement.id}`)).toContain(MUNI_B_MARKER);
    expect(await own(cookies.finance, `/finance/statements/${sideA.statement.id}`)).toContain(MUNI_A_MARKER);
    expect(await own(cookies.adminB, "/admin/users")).toContain(MUNI_B_MARKER);
    expect(await own(cookies.officerB, `/proposals/${sideB.proposals[1]}`)).toContain(MUNI_B_MARKER);
  });

  for (const direction of DIRECTIONS) {
    it(`never shows ${direction.name}: no page, data request, list or export carries the other's markers or opens its objects`, async () => {
      const side = direction.other();
      const unmarked = unmarkedIds(side);
      const failures: string[] = [];
      for (const url of urlsFor(side)) {
        const publicStatus = unmarked.some((id) => url.includes(id)) ? (await handle(getRequest(url))).status : null;
        for (const role of direction.roles) {
          for (const data of [false, true]) {
            if (data && url.includes("?")) continue;
            const response = await handle(getRequest(url, cookies[role], data));
            const text = await bodyText(response);
            const where = `${role} GET ${url}${data ? ".data" : ""} -> ${response.status}`;
            if (response.status >= 500) failures.push(`${where}: server error`);
            for (const marker of direction.markers) if (text.includes(marker)) failures.push(`${where}: leaked ${marker}`);
            if (!data && publicStatus !== null && publicStatus !== 200 && response.status === 200)
              failures.push(`${where}: opened the other municipality's object`);
          }
        }
      }
      expect(failures).toEqual([]);
    }, 900_000);

    it(`changes nothing of the other municipality's through any action: ${direction.name}`, async () => {
      const side = direction.other();
      const before = await sideFingerprint(side);
      const failures: string[] = [];
      // Logging out would end the very session the rest of the run signs in with.
      for (const route of routes.filter((r) => r.hasAction && r.path !== "/logout")) {
        for (const values of sideAssignments(route, side)) {
          const url = actionUrl(route, values);
          for (const intent of intentsOf(build, route)) {
            for (const role of direction.roles) {
              const form = new URLSearchParams({
                intent,
                ...bodyIdsOf(side),
                status: "DISABLED",
                decision: "verify",
                note: "Resolved by the other municipality",
                reason: "Resolved by the other municipality",
                comment: "x",
                amount: "1",
                title: "x",
              });
              const response = await handle(postRequest(url, form, cookies[role], "application/x-www-form-urlencoded"));
              const text = await bodyText(response);
              const where = `${role} POST ${url} intent=${intent} -> ${response.status}`;
              if (response.status >= 500) failures.push(`${where}: server error`);
              for (const marker of direction.markers) if (text.includes(marker)) failures.push(`${where}: leaked ${marker}`);
            }
          }
        }
      }
      const after = await sideFingerprint(side);
      if (after !== before) failures.push(`the other municipality's rows changed:\n before ${before}\n after  ${after}`);
      expect(failures).toEqual([]);
    }, 900_000);
  }

  it("B's administrator neither lists nor disables A's accounts; A's staff stay signed in", async () => {
    const users = await bodyText(await handle(getRequest("/admin/users", cookies.adminB)));
    expect(users).not.toContain("admin@karakol.kg");
    expect(users).not.toContain("nco@balakai.kg");
    const response = await handle(
      postRequest(
        "/admin/users",
        new URLSearchParams({ userId: sideA.staff.admin, status: "DISABLED" }),
        cookies.adminB,
        "application/x-www-form-urlencoded",
      ),
    );
    expect(response.status).toBe(404);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: sideA.staff.admin } })).status).toBe("ACTIVE");
    expect((await handle(getRequest("/admin/users", cookies.admin))).status).toBe(200);
  });
});
