import { enqueueNotification } from "~/domains/notifications/notifications.server";
import { prisma, type Tx } from "~/utils/db.server";
import { DomainError } from "~/utils/domain-error";
import { assertCan, can, type Actor, type Permission } from "~/utils/permissions";

// Who may reach a call's review, decided in one place. Anything the actor may
// not see answers as "not found" (404): no hint that it exists.

export const notFound = () => new DomainError("notFound", {}, 404);

export const REVIEW_CALL_SELECT = {
  id: true,
  reference: true,
  status: true,
  titleKy: true,
  titleRu: true,
  titleEn: true,
  envelope: true,
  committed: true,
  minGrant: true,
  maxGrant: true,
  minScore: true,
  appealDays: true,
  standstillDays: true,
  submissionDeadline: true,
  decisionPublishedAt: true,
  standstillEndsAt: true,
  municipalityId: true,
  appropriationId: true,
} as const;

/** Proposal statuses of the call's applicants: submitted, whatever happened after. */
export const APPLIED = ["SUBMITTED", "ELIGIBLE", "INELIGIBLE", "AWARDED", "NOT_AWARDED"] as const;
/** Proposals the commission scores. */
export const SCORED = ["ELIGIBLE", "AWARDED", "NOT_AWARDED"] as const;

/** A call of the officer's municipality, if the officer holds the permission; otherwise 403/404. */
export async function requireOfficerCall(actor: Actor, callId: string, permission: Permission) {
  assertCan(actor, permission);
  const call = await prisma.call.findFirst({
    where: { id: callId, municipalityId: actor.municipalityId ?? "" },
    select: REVIEW_CALL_SELECT,
  });
  if (!call) throw notFound();
  return call;
}

export async function getSeat(actor: Actor, callId: string) {
  return prisma.commissionMembership.findUnique({
    where: { callId_userId: { callId, userId: actor.id } },
    select: { id: true, role: true, affiliations: true, call: { select: REVIEW_CALL_SELECT } },
  });
}

/** The actor's seat on this call's commission; without one the call does not exist for them. */
export async function requireSeat(actor: Actor, callId: string) {
  if (!can(actor, "read:proposal:assigned")) throw notFound();
  const seat = await getSeat(actor, callId);
  if (!seat) throw notFound();
  return seat;
}

export async function requireChair(actor: Actor, callId: string) {
  const seat = await requireSeat(actor, callId);
  if (seat.role !== "CHAIR" || !can(actor, "chair:commission:assigned")) throw new DomainError("reviews:errors.chairOnly", {}, 403);
  return seat;
}

/**
 * The commission works once submissions are closed: a published call from its
 * deadline on (by the clock), then in review and after.
 */
export function reviewOpen(call: { status: string; submissionDeadline: Date | null }, now = new Date()) {
  if (call.status === "PUBLISHED") return call.submissionDeadline !== null && call.submissionDeadline <= now;
  return ["IN_REVIEW", "DECIDED", "COMPLETED"].includes(call.status);
}

/** The organizations that applied to the call, with the identifiers conflicts are checked against. */
export async function applicantsOf(db: Tx | typeof prisma, callId: string) {
  return db.organization.findMany({
    where: { proposals: { some: { callId, status: { in: [...APPLIED] } } } },
    orderBy: { nameRu: "asc" },
    select: { id: true, nameKy: true, nameRu: true, nameEn: true, registrationNumber: true, tin: true },
  });
}

/**
 * A notice to the organization's administrators (all members when it has no
 * administrator), in the organization's preferred language: decisions about
 * an NCO are written to it in the language it chose.
 */
export async function notifyOrganization(
  tx: Tx,
  input: { organizationId: string; template: string; payload: Record<string, string | number>; dedupeKey?: string },
) {
  const organization = await tx.organization.findUniqueOrThrow({
    where: { id: input.organizationId },
    select: { preferredLocale: true, email: true, members: { select: { role: true, user: { select: { id: true, email: true } } } } },
  });
  const admins = organization.members.filter((m) => m.role === "ADMIN");
  const recipients = (admins.length ? admins : organization.members).map((m) => m.user);
  for (const user of recipients) {
    await enqueueNotification(tx, {
      channel: "EMAIL",
      recipient: user.email,
      template: input.template,
      locale: organization.preferredLocale,
      payload: input.payload,
      dedupeKey: input.dedupeKey ? `${input.dedupeKey}:${user.id}` : undefined,
    });
  }
}

/** A notice to a person (a commission member, the chair) in their own language. */
export async function notifyUser(
  tx: Tx,
  input: { userId: string; template: string; payload: Record<string, string | number>; dedupeKey?: string },
) {
  const user = await tx.user.findUniqueOrThrow({ where: { id: input.userId }, select: { email: true, locale: true } });
  await enqueueNotification(tx, {
    channel: "EMAIL",
    recipient: user.email,
    template: input.template,
    locale: user.locale,
    payload: input.payload,
    dedupeKey: input.dedupeKey,
  });
}

/** The chair of the call, if appointed (appeals are sent to them). */
export async function chairOf(db: Tx | typeof prisma, callId: string) {
  return db.commissionMembership.findFirst({ where: { callId, role: "CHAIR" }, select: { id: true, userId: true } });
}
