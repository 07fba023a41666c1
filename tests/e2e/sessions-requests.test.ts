/**
 * Sessions and requests, proven against the production server over HTTP (the
 * cross-site check lives in Express, before Remix). The portal is configured
 * for an https PUBLIC_URL, as deployed; the test reaches it on
 * http://localhost and its POSTs name the https origin, as a browser behind
 * the proxy would (the request's own Host is never accepted as an origin).
 *
 * - Cross-site POSTs refused on every action of the build's manifest, page and
 *   data URL, with a foreign Origin, `Origin: null` or only a foreign Referer:
 *   403 and nothing changed in the database or the cookies.
 * - The session cookie's attributes: HttpOnly, SameSite=Lax, Path=/, Secure.
 * - A new session at every login (the old cookie dead), none after logout, and
 *   a disabled account's sessions end.
 * - Redirect targets from forms (/login's redirectTo, /language's redirectTo)
 *   stay on the site.
 *
 * The same points in-process, as route calls: tests/integration/auth-routes.test.ts,
 * account-routes.test.ts; safeRedirect's cases: app/utils/safe-redirect.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient, type Db } from "~/utils/db.server";
import { loadBuild } from "../support/route-call";
import { actionUrl, listRoutes, type RouteInfo } from "../integration/route-manifest";
import { httpRequest } from "./http";
import { startPortal, type Portal } from "./support";
import { consentedNow } from "~/domains/accounts/privacy-notice";

const PASSWORD = "Karakol-2026";
const EVIL = "https://evil.example";
// The portal's configured origin: the only one a POST may come from (issue 17, item 13).
const PUBLIC_ORIGIN = "https://portal.karakol.example";

let portal: Portal;
let db: Db;

beforeAll(async () => {
  portal = await startPortal({ PUBLIC_URL: PUBLIC_ORIGIN });
  db = createPrismaClient(portal.databaseUrl);
});

afterAll(async () => {
  await db?.$disconnect();
  await portal?.stop();
});

/** A POST from the portal's own pages (same origin), or with the headers given. */
function post(
  path: string,
  fields: Record<string, string>,
  { cookie, headers }: { cookie?: string; headers?: Record<string, string> } = {},
) {
  return httpRequest(portal.url + path, {
    method: "POST",
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      ...(cookie ? { Cookie: cookie } : {}),
      ...(headers ?? { Origin: PUBLIC_ORIGIN }),
    },
    body: new URLSearchParams(fields).toString(),
  });
}

const cookieOf = (response: Response) => response.headers.get("Set-Cookie")?.split(";")[0];

async function signIn(email: string, { cookie, redirectTo = "" }: { cookie?: string; redirectTo?: string } = {}) {
  const response = await post("/login", { email, password: PASSWORD, redirectTo }, { cookie });
  expect(response.status, `sign in as ${email}`).toBe(302);
  return { response, cookie: cookieOf(response)! };
}

/** Where a page sends this cookie: 200 when signed in, the login page when not. */
async function profileWith(cookie: string) {
  const response = await httpRequest(`${portal.url}/profile`, { headers: { Cookie: cookie } });
  return response.status === 200
    ? "signed in"
    : response.headers.get("Location")?.startsWith("/login")
      ? "signed out"
      : `status ${response.status}`;
}

const sessionsOf = async (email: string) => db.session.count({ where: { user: { email } } });

/** A user who signs in with the demo password (the hash copied from a demo account). */
async function createAccount(email: string) {
  const { passwordHash } = await db.user.findUniqueOrThrow({ where: { email: "nco@balakai.kg" }, select: { passwordHash: true } });
  return db.user.create({ data: { ...consentedNow(), email, fullName: "Бекжан Алиев", passwordHash, locale: "ru" } });
}

describe("cross-site POSTs", () => {
  let routes: RouteInfo[];
  beforeAll(async () => {
    routes = listRoutes(await loadBuild()).filter((r) => r.hasAction);
  });

  /** Real ids for each route parameter, so a request that got through would find its object. */
  async function paramValues() {
    const first = async (rows: Promise<{ id: string } | null>) => (await rows)?.id ?? "missing";
    return {
      callId: await first(db.call.findFirst({ select: { id: true } })),
      proposalId: await first(db.proposal.findFirst({ select: { id: true } })),
      organizationId: await first(db.organization.findFirst({ select: { id: true } })),
      agreementId: await first(db.agreement.findFirst({ select: { id: true } })),
      milestoneId: await first(db.grantMilestone.findFirst({ select: { id: true } })),
      statementId: await first(db.bankStatement.findFirst({ select: { id: true } })),
      awardId: await first(db.award.findFirst({ select: { id: true } })),
      section: "summary",
      token: "token",
      code: "code",
    } as Record<string, string>;
  }

  /** Row counts of every table, and the fields an action could change without adding a row. */
  async function stateOfDatabase() {
    const tables = [
      "User",
      "Session",
      "AuditEvent",
      "Notification",
      "Proposal",
      "ProposalVersion",
      "Call",
      "Organization",
      "OrganizationMember",
      "Award",
      "Agreement",
      "PaymentOrder",
      "Appeal",
      "BankStatement",
    ];
    const counts = await Promise.all(
      tables.map(
        async (t) => [t, Number((await db.$queryRawUnsafe<{ n: number | bigint }[]>(`SELECT COUNT(*) AS n FROM "${t}"`))[0]!.n)] as const,
      ),
    );
    const users = await db.user.findMany({
      select: { id: true, locale: true, status: true, fullName: true, phone: true, passwordHash: true },
      orderBy: { id: "asc" },
    });
    const proposals = await db.proposal.findMany({ select: { id: true, status: true, updatedAt: true }, orderBy: { id: "asc" } });
    const calls = await db.call.findMany({ select: { id: true, status: true, updatedAt: true }, orderBy: { id: "asc" } });
    return JSON.stringify({ counts: Object.fromEntries(counts), users, proposals, calls });
  }

  it("refuses every action of the manifest with 403, from a foreign Origin, Origin null or a foreign Referer, and changes nothing", async () => {
    expect(routes.length).toBeGreaterThan(30);
    for (const expected of ["/login", "/logout", "/language", "/register", "/admin/users", "/proposals/:proposalId", "/finance/payments"]) {
      expect(routes.map((r) => r.path)).toContain(expected);
    }
    const values = await paramValues();
    const cookies = [(await signIn("admin@karakol.kg")).cookie, (await signIn("nco@balakai.kg")).cookie];
    const before = await stateOfDatabase();
    const disguises: Record<string, string>[] = [
      { Origin: EVIL },
      { Origin: "null" },
      { Referer: `${EVIL}/prize.html` },
      { Origin: EVIL, "Sec-Fetch-Site": "cross-site" },
    ];
    // Whatever the action would do with it: an intent, a confirmation, a language, a target.
    const body = {
      intent: "submit",
      confirm: "yes",
      locale: "en",
      status: "DISABLED",
      redirectTo: EVIL,
      email: "admin@karakol.kg",
      password: PASSWORD,
    };
    let refused = 0;
    for (const route of routes) {
      const page = actionUrl(route, values);
      const data = page.replace(/(\?index)?$/, (q) => `.data${q}`).replace(/^\/\.data/, "/_root.data");
      for (const url of [page, data]) {
        for (const headers of disguises) {
          for (const cookie of cookies) {
            const response = await post(url, body, { cookie, headers });
            // The treasury's callback is a machine client, exempt from the origin check: its own bearer token refuses it (401).
            // (its .data twin is not the treasury's address and is refused like any other).
            const machineClient = url === "/finance/treasury-callback";
            expect(response.status, `${url} ${JSON.stringify(headers)}`).toBe(machineClient ? 401 : 403);
            expect(response.headers.get("Set-Cookie"), url).toBeNull();
            expect(await response.text()).toContain(machineClient ? "unauthorized" : "Cross-site request refused.");
            refused++;
          }
        }
      }
    }
    expect(await stateOfDatabase()).toBe(before);
    // The same sessions still work: nothing signed them out.
    for (const cookie of cookies) expect(await profileWith(cookie)).toBe("signed in");
    console.log(`[sessions-requests] ${routes.length} action routes, ${refused} cross-site POSTs, all refused, database unchanged`);
  });

  it("lets the portal's own POST through, so the refusal above is the origin check and not the request", async () => {
    const { cookie } = await signIn("officer@karakol.kg");
    const sessions = await sessionsOf("officer@karakol.kg");
    const refused = await post("/logout", {}, { cookie, headers: { Origin: EVIL } });
    expect(refused.status).toBe(403);
    expect(await sessionsOf("officer@karakol.kg")).toBe(sessions);
    const own = await post("/logout", {}, { cookie });
    expect(own.status).toBe(302);
    expect(await sessionsOf("officer@karakol.kg")).toBe(sessions - 1);
  });
});

describe("the session cookie", () => {
  it("is HttpOnly, SameSite=Lax, Path=/ and Secure when PUBLIC_URL is https, and holds no account data", async () => {
    const { response, cookie } = await signIn("finance@karakol.kg");
    const header = response.headers.get("Set-Cookie")!;
    expect(header).toMatch(/^__session=/);
    const attributes = header
      .split(";")
      .slice(1)
      .map((a) => a.trim().toLowerCase());
    expect(attributes).toContain("httponly");
    expect(attributes).toContain("samesite=lax");
    expect(attributes).toContain("path=/");
    expect(attributes).toContain("secure");
    expect(attributes.some((a) => a.startsWith("max-age=") || a.startsWith("expires="))).toBe(true);
    expect(decodeURIComponent(cookie)).not.toContain("finance@karakol.kg");
  });
});

describe("sessions", () => {
  it("gets a new id at login: the cookie the browser had before is dead", async () => {
    const first = (await signIn("member1@karakol.kg")).cookie;
    const second = (await signIn("member1@karakol.kg", { cookie: first })).cookie;
    expect(second).not.toBe(first);
    expect(await profileWith(first)).toBe("signed out");
    expect(await profileWith(second)).toBe("signed in");
    expect(await sessionsOf("member1@karakol.kg")).toBe(1);
  });

  it("is dead after logout, on the server and not only in the browser: replaying the old cookie is signed out", async () => {
    const { cookie } = await signIn("member2@karakol.kg");
    expect(await profileWith(cookie)).toBe("signed in");
    const logout = await post("/logout", {}, { cookie });
    expect(logout.status).toBe(302);
    expect(logout.headers.get("Set-Cookie")).toMatch(/^__session=;.*Max-Age=0/i);
    expect(await profileWith(cookie)).toBe("signed out");
    expect(await sessionsOf("member2@karakol.kg")).toBe(0);
  });

  it("ends on every device when an administrator disables the account, and the account cannot sign in again", async () => {
    const user = await createAccount("disabled.by.admin@example.kg");
    // An administrator disables accounts of their own municipality's staff (decision 0050).
    const karakol = await db.roleAssignment.findFirstOrThrow({
      where: { user: { email: "admin@karakol.kg" } },
      select: { municipalityId: true },
    });
    await db.roleAssignment.create({ data: { userId: user.id, municipalityId: karakol.municipalityId, role: "PROGRAMME_OFFICER" } });
    const phone = (await signIn(user.email)).cookie;
    const laptop = (await signIn(user.email)).cookie;
    expect([await profileWith(phone), await profileWith(laptop)]).toEqual(["signed in", "signed in"]);
    const admin = (await signIn("admin@karakol.kg")).cookie;
    const disabled = await post("/admin/users", { userId: user.id, status: "DISABLED" }, { cookie: admin });
    expect(disabled.status).toBeLessThan(400);
    expect([await profileWith(phone), await profileWith(laptop)]).toEqual(["signed out", "signed out"]);
    expect(await sessionsOf(user.email)).toBe(0);
    const again = await post("/login", { email: user.email, password: PASSWORD, redirectTo: "" });
    expect(again.status).toBe(400);
    expect(again.headers.get("Set-Cookie")).toBeNull();
  });

  it("ends when the account is disabled in the database directly, session rows left behind or not", async () => {
    const user = await createAccount("disabled.in.database@example.kg");
    const { cookie } = await signIn(user.email);
    await db.user.update({ where: { id: user.id }, data: { status: "DISABLED" } });
    expect(await sessionsOf(user.email)).toBe(1);
    expect(await profileWith(cookie)).toBe("signed out");
  });
});

describe("redirect targets", () => {
  const outside = [
    "//evil.com",
    "/\\evil.com",
    "\\\\evil.com",
    "javascript:alert(1)",
    "https://evil.com",
    "%2F%2Fevil.com",
    " //evil.com",
    "/\t/evil.com",
    "http:evil.com",
    "//evil.com@portal",
  ];
  const staysOnSite = (location: string | null) => {
    expect(location).toBeTruthy();
    // Resolved as a browser resolves a Location header.
    expect(new URL(location!, portal.url).origin, location!).toBe(portal.url);
  };

  it("keeps /login's redirectTo on the site, and follows a local one", async () => {
    expect((await signIn("chair@karakol.kg", { redirectTo: "/calls?page=2" })).response.headers.get("Location")).toBe("/calls?page=2");
    for (const target of outside) {
      const { response } = await signIn("chair@karakol.kg", { redirectTo: target });
      staysOnSite(response.headers.get("Location"));
      expect(response.headers.get("Location"), target).toBe("/dashboard");
    }
  });

  it("keeps /language's redirectTo on the site", async () => {
    const local = await post("/language", { locale: "ru", redirectTo: "/calls" });
    expect(local.headers.get("Location")).toBe("/calls");
    for (const target of outside) {
      const response = await post("/language", { locale: "ru", redirectTo: target });
      expect(response.status).toBe(302);
      staysOnSite(response.headers.get("Location"));
      expect(response.headers.get("Location"), target).toBe("/");
    }
  });

  it("sends a visitor to /login and back to a local path only; a path that looks like another host is just not found", async () => {
    const hostLike = await httpRequest(`${portal.url}//evil.com/profile`);
    expect(hostLike.status).toBe(404);
    expect(hostLike.headers.get("Location")).toBeNull();

    const visitor = await httpRequest(`${portal.url}/profile?next=https://evil.com`);
    expect(visitor.status).toBe(302);
    const toLogin = visitor.headers.get("Location")!;
    staysOnSite(toLogin);
    const redirectTo = new URL(toLogin, portal.url).searchParams.get("redirectTo")!;
    expect(redirectTo).toMatch(/^\/profile\?next=https(:|%3A)/);
    const back = (await signIn("member3@karakol.kg", { redirectTo })).response.headers.get("Location");
    staysOnSite(back);
    expect(back).toBe(redirectTo);
  });
});
