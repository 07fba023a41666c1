// An organization's eligibility for a call, read from the database (decision
// 0074): what the call page shows a signed-in NCO member, and the check that
// starting a draft and submitting make on a call that refuses the ineligible.
import { prisma, type Tx } from "~/utils/db.server";
import { DomainError } from "~/utils/domain-error";
import { can, type Actor } from "~/utils/permissions";
import {
  failedCheckList,
  organizationEligibility,
  refusingChecks,
  type CallEligibilityTerms,
  type Eligibility,
  type EligibilityEnforcementValue,
} from "./eligibility-rules";

export const eligibilityTermsSelect = {
  eligibleLegalForms: true,
  eligibleRegions: true,
  minOrganizationAgeMonths: true,
  requiredDocuments: true,
  eligibilityEnforcement: true,
} as const;

const organizationSelect = {
  id: true,
  nameKy: true,
  nameRu: true,
  nameEn: true,
  legalForm: true,
  region: true,
  registeredOn: true,
  verification: true,
  documents: { where: { archivedAt: null }, select: { kind: true, validUntil: true, archivedAt: true } },
} as const;

/**
 * The actor's organizations, each with its checks against the call; null for
 * anyone who does not apply for an organization (visitors, staff) or has none.
 * Only the actor's own organizations are read (tenancy: NCO queries are scoped
 * to the actor's organizations).
 */
export async function eligibilityForActor({ actor, call, now }: { actor: Actor | null; call: CallEligibilityTerms; now: Date }) {
  if (!actor || !can(actor, "edit:proposal:own") || actor.organizations.length === 0) return null;
  const organizations = await prisma.organization.findMany({
    where: { id: { in: actor.organizations.map((o) => o.id) } },
    orderBy: { nameRu: "asc" },
    select: organizationSelect,
  });
  return organizations.map(({ documents, legalForm, region, registeredOn, verification, ...names }) => ({
    organization: names,
    ...organizationEligibility(call, { legalForm, region, registeredOn, verification }, documents, now),
  }));
}

/** One organization's checks, inside the transaction that starts or submits its proposal (or for its draft's page). */
export async function eligibilityInTx(
  tx: Tx | typeof prisma,
  call: CallEligibilityTerms,
  organizationId: string,
  now: Date,
): Promise<Eligibility> {
  const organization = await tx.organization.findUniqueOrThrow({ where: { id: organizationId }, select: organizationSelect });
  return organizationEligibility(call, organization, organization.documents, now);
}

/**
 * A call that refuses the ineligible (REFUSE) refuses the organization's draft
 * or submission with a 422 naming the failed checks; a WARN call lets it through.
 */
export async function assertMayApply(
  tx: Tx,
  call: CallEligibilityTerms & { eligibilityEnforcement: EligibilityEnforcementValue },
  organizationId: string,
  now: Date,
) {
  if (call.eligibilityEnforcement !== "REFUSE") return;
  const failed = refusingChecks(await eligibilityInTx(tx, call, organizationId, now));
  if (failed.length) throw new DomainError("calls:errors.ineligible", { checks: failedCheckList(failed) }, 422);
}
