// The audit trail as a municipality's staff read it (issue 17 item 2): the
// events of their own municipality only. An event belongs to a municipality
// when one of its staff did it, or when its object is the municipality's
// (a call of it, a proposal to such a call, an award, agreement or payment
// that follows from one, an organization applying to it). The chain itself
// stays one, and is verified whole.
import { Prisma } from "~/generated/sqlite/client";
import { prisma } from "~/utils/db.server";
import { DomainError } from "~/utils/domain-error";
import { localized, type AppLocale } from "~/utils/i18n";
import { assertCan, type Actor } from "~/utils/permissions";

type Sql = Prisma.Sql;

/** For each entity type, the ids of that type belonging to the municipality (a SQL subquery). */
function ownedIds(municipalityId: string): Record<string, Sql> {
  const calls = Prisma.sql`SELECT "id" FROM "Call" WHERE "municipalityId" = ${municipalityId}`;
  const proposals = Prisma.sql`SELECT "id" FROM "Proposal" WHERE "callId" IN (${calls})`;
  const awards = Prisma.sql`SELECT "id" FROM "Award" WHERE "callId" IN (${calls})`;
  const agreements = Prisma.sql`SELECT "id" FROM "Agreement" WHERE "awardId" IN (${awards})`;
  const milestones = Prisma.sql`SELECT "id" FROM "GrantMilestone" WHERE "agreementId" IN (${agreements})`;
  const programmes = Prisma.sql`SELECT "id" FROM "BudgetProgramme" WHERE "municipalityId" = ${municipalityId}`;
  // Organizations applying to the municipality's calls (decision 0048).
  const organizations = Prisma.sql`SELECT "organizationId" FROM "Proposal" WHERE "callId" IN (${calls})`;
  const staff = Prisma.sql`SELECT "userId" FROM "RoleAssignment" WHERE "municipalityId" = ${municipalityId}`;
  return {
    Call: calls,
    Proposal: proposals,
    ClarificationQuestion: Prisma.sql`SELECT "id" FROM "ClarificationQuestion" WHERE "callId" IN (${calls})`,
    CommissionMembership: Prisma.sql`SELECT "id" FROM "CommissionMembership" WHERE "callId" IN (${calls})`,
    ScoreSheet: Prisma.sql`SELECT "id" FROM "ScoreSheet" WHERE "proposalId" IN (${proposals})`,
    ConsensusRecord: Prisma.sql`SELECT "id" FROM "ConsensusRecord" WHERE "proposalId" IN (${proposals})`,
    Appeal: Prisma.sql`SELECT "id" FROM "Appeal" WHERE "proposalId" IN (${proposals})`,
    Award: awards,
    AwardLetter: Prisma.sql`SELECT "id" FROM "AwardLetter" WHERE "awardId" IN (${awards})`,
    PaymentOrder: Prisma.sql`SELECT "id" FROM "PaymentOrder" WHERE "awardId" IN (${awards})`,
    Agreement: agreements,
    ChangeRequest: Prisma.sql`SELECT "id" FROM "ChangeRequest" WHERE "agreementId" IN (${agreements})`,
    MonitoringVisit: Prisma.sql`SELECT "id" FROM "MonitoringVisit" WHERE "agreementId" IN (${agreements})`,
    Tranche: Prisma.sql`SELECT "id" FROM "Tranche" WHERE "agreementId" IN (${agreements})`,
    GrantMilestone: milestones,
    MilestoneReport: Prisma.sql`SELECT "id" FROM "MilestoneReport" WHERE "milestoneId" IN (${milestones})`,
    BudgetProgramme: programmes,
    Appropriation: Prisma.sql`SELECT "id" FROM "Appropriation" WHERE "programmeId" IN (${programmes})`,
    Organization: organizations,
    StoredDocument: Prisma.sql`SELECT "id" FROM "StoredDocument" WHERE "organizationId" IN (${organizations})`,
    User: staff,
  };
}

/** The WHERE clause of the municipality's events. Entity types not listed are seen only when its staff did them. */
export function municipalityEventScope(municipalityId: string): Sql {
  const staff = Prisma.sql`SELECT "userId" FROM "RoleAssignment" WHERE "municipalityId" = ${municipalityId}`;
  const byObject = Object.entries(ownedIds(municipalityId)).map(
    ([type, ids]) => Prisma.sql`("entityType" = ${type} AND "entityId" IN (${ids}))`,
  );
  return Prisma.join([Prisma.sql`"actorId" IN (${staff})`, ...byObject], " OR ");
}

function municipalityOf(actor: Actor): string {
  assertCan(actor, "read:audit:any");
  if (!actor.municipalityId) throw new DomainError("forbidden", {}, 403);
  return actor.municipalityId;
}

/** The newest events of the actor's municipality, newest first. */
export async function listAuditEventsForActor({ actor, take = 200 }: { actor: Actor; take?: number }) {
  const municipalityId = municipalityOf(actor);
  const rows = await prisma.$queryRaw<{ seq: number | bigint }[]>(
    Prisma.sql`SELECT "seq" FROM "AuditEvent" WHERE ${municipalityEventScope(municipalityId)} ORDER BY "seq" DESC LIMIT ${take}`,
  );
  const seqs = rows.map((r) => Number(r.seq));
  const events = await prisma.auditEvent.findMany({
    where: { seq: { in: seqs } },
    orderBy: { seq: "desc" },
    select: {
      seq: true,
      position: true,
      occurredAt: true,
      actorId: true,
      actorLabel: true,
      action: true,
      entityType: true,
      entityId: true,
      hash: true,
    },
  });
  // Another municipality's staff may act on this one's public objects (follow a call); who they are is theirs to show.
  const actorIds = [...new Set(events.map((e) => e.actorId).filter((id): id is string => Boolean(id)))];
  const roles = await prisma.roleAssignment.findMany({
    where: { userId: { in: actorIds } },
    select: { userId: true, municipalityId: true },
  });
  const own = new Set(roles.filter((r) => r.municipalityId === municipalityId).map((r) => r.userId));
  const foreign = new Set(roles.filter((r) => r.municipalityId !== municipalityId && !own.has(r.userId)).map((r) => r.userId));
  return events.map(({ actorId, ...event }) => (actorId && foreign.has(actorId) ? { ...event, actorLabel: FOREIGN_STAFF_LABEL } : event));
}

/** Shown instead of the name of another municipality's staff member (decision 0050). */
const FOREIGN_STAFF_LABEL = "—";

type Labelled = { entityType: string; entityId: string };

/**
 * A readable name for each event's object (a call's reference, an
 * organization's name in the reader's language, a person's name), keyed
 * "Type:id". Objects deleted since, or of types without a name, get none.
 */
export async function objectLabels(events: Labelled[], locale: AppLocale): Promise<Record<string, string>> {
  const idsOf = (type: string) => [...new Set(events.filter((e) => e.entityType === type).map((e) => e.entityId))];
  const [calls, proposals, organizations, users, awards, agreements] = await Promise.all([
    prisma.call.findMany({ where: { id: { in: idsOf("Call") } }, select: { id: true, reference: true } }),
    prisma.proposal.findMany({ where: { id: { in: idsOf("Proposal") } }, select: { id: true, reference: true } }),
    prisma.organization.findMany({
      where: { id: { in: idsOf("Organization") } },
      select: { id: true, nameKy: true, nameRu: true, nameEn: true },
    }),
    prisma.user.findMany({ where: { id: { in: idsOf("User") } }, select: { id: true, fullName: true } }),
    prisma.award.findMany({ where: { id: { in: idsOf("Award") } }, select: { id: true, reference: true } }),
    prisma.agreement.findMany({ where: { id: { in: idsOf("Agreement") } }, select: { id: true, number: true } }),
  ]);
  return Object.fromEntries([
    ...calls.map((c) => [`Call:${c.id}`, c.reference]),
    ...proposals.map((p) => [`Proposal:${p.id}`, p.reference]),
    ...organizations.map((o) => [`Organization:${o.id}`, localized(o, "name", locale)]),
    ...users.map((u) => [`User:${u.id}`, u.fullName]),
    ...awards.map((a) => [`Award:${a.id}`, a.reference]),
    ...agreements.map((a) => [`Agreement:${a.id}`, a.number]),
  ]);
}
