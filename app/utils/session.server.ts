import { createHash, randomBytes } from "node:crypto";
import { createCookie, redirect } from "@remix-run/node";
import { prisma } from "./db.server";
import { getEnv } from "./env.server";
import { noteSignedInUser } from "./logger.server";
import { needsPrivacyConsent, PRIVACY_CONSENT_PATH } from "~/domains/accounts/privacy-notice";
import { can, type Actor, type EffectiveRole, type Permission } from "./permissions";

const SESSION_DAYS = 14;

export const sessionCookie = createCookie("__session", {
  path: "/",
  httpOnly: true,
  sameSite: "lax",
  secure: getEnv().NODE_ENV === "production" && getEnv().PUBLIC_URL.startsWith("https:"),
  secrets: [getEnv().SESSION_SECRET],
  maxAge: 60 * 60 * 24 * SESSION_DAYS,
});

/** The cookie carries a random token; the row is keyed by its hash. */
export function sessionIdFor(token: string) {
  return createHash("sha256").update(token).digest("hex");
}

async function readToken(request: Request): Promise<string | null> {
  const value = await sessionCookie.parse(request.headers.get("Cookie"));
  return typeof value === "string" && value.length >= 32 ? value : null;
}

/** Starts a new session (a new id at every login) and returns its Set-Cookie header. */
export async function createUserSession(request: Request, userId: string, ipAddress = "") {
  const previous = await readToken(request);
  if (previous) await prisma.session.deleteMany({ where: { id: sessionIdFor(previous) } });
  const token = randomBytes(32).toString("base64url");
  await prisma.session.create({
    data: {
      id: sessionIdFor(token),
      userId,
      expiresAt: new Date(Date.now() + SESSION_DAYS * 86_400_000),
      ipAddress,
      userAgent: (request.headers.get("User-Agent") ?? "").slice(0, 300),
    },
  });
  return sessionCookie.serialize(token);
}

export async function destroyUserSession(request: Request) {
  const token = await readToken(request);
  if (token) await prisma.session.deleteMany({ where: { id: sessionIdFor(token) } });
  return sessionCookie.serialize("", { maxAge: 0 });
}

const actorSelect = {
  id: true,
  email: true,
  fullName: true,
  locale: true,
  roles: { select: { role: true, municipalityId: true } },
  memberships: { select: { organizationId: true, role: true } },
  commissionSeats: { select: { id: true }, take: 1 },
} as const;

/** The signed-in person, or null. A disabled account or an expired session is no session. */
export async function getActor(request: Request): Promise<Actor | null> {
  return (await signedIn(request))?.actor ?? null;
}

/** The session's person and the privacy notice version they agreed to (null: none yet). */
async function signedIn(request: Request): Promise<{ actor: Actor; privacyNoticeVersion: string | null } | null> {
  const token = await readToken(request);
  if (!token) return null;
  const session = await prisma.session.findUnique({
    where: { id: sessionIdFor(token) },
    select: { expiresAt: true, user: { select: { ...actorSelect, status: true, privacyNoticeVersion: true } } },
  });
  if (!session || session.expiresAt <= new Date() || session.user.status !== "ACTIVE") return null;
  const user = session.user;
  noteSignedInUser(user.id);
  const roles: EffectiveRole[] = user.roles.map((r) => r.role);
  if (user.commissionSeats.length) roles.push("COMMISSION_MEMBER");
  if (user.memberships.some((m) => m.role === "ADMIN")) roles.push("NCO_ADMIN");
  else if (user.memberships.length) roles.push("NCO_MEMBER");
  const actor: Actor = {
    id: user.id,
    label: `${user.fullName} <${user.email}>`,
    email: user.email,
    locale: user.locale,
    municipalityId: user.roles[0]?.municipalityId ?? null,
    roles,
    organizations: user.memberships.map((m) => ({ id: m.organizationId, role: m.role })),
  };
  return { actor, privacyNoticeVersion: user.privacyNoticeVersion };
}

/**
 * The signed-in person, or a redirect to sign in. Every page that needs a signed-in person
 * comes through here, so this is where a person who has not agreed to the current privacy
 * notice is sent to agree first (decision 0071); public pages, the notice and sign-out use
 * `getActor` and stay reachable.
 */
export async function requireActor(request: Request): Promise<Actor> {
  const found = await signedIn(request);
  const url = new URL(request.url);
  const here = { redirectTo: url.pathname + url.search };
  if (!found) throw redirect(`/login?${new URLSearchParams(here)}`);
  if (needsPrivacyConsent(found.privacyNoticeVersion)) throw redirect(`${PRIVACY_CONSENT_PATH}?${new URLSearchParams(here)}`);
  return found.actor;
}

/** Signed in and holding the permission; otherwise a 403 (the error boundary explains it). */
export async function requirePermission(request: Request, permission: Permission): Promise<Actor> {
  const actor = await requireActor(request);
  if (!can(actor, permission)) throw new Response("Forbidden", { status: 403 });
  return actor;
}
