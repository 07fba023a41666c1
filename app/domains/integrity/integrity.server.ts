// The integrity flags the portal shows: `integrityFlags` over the very releases the open data
// publishes, with the municipality's thresholds, so that the page and `npm run integrity` over the
// downloaded file agree by construction (decision 0070).
import { recordAudit } from "~/domains/audit/audit.server";
import { ocdsReleases } from "~/domains/open-data/ocds.server";
import { ocidPrefixOf } from "~/domains/open-data/open-data-rules";
import { prisma } from "~/utils/db.server";
import { DomainError } from "~/utils/domain-error";
import { getEnv } from "~/utils/env.server";
import { logger } from "~/utils/logger.server";
import { can, type Actor } from "~/utils/permissions";
import { integrityFlags, type IntegrityFlag } from "./integrity-rules";
import type { IntegrityThresholds } from "./integrity-schemas";

const THRESHOLD_COLUMNS = {
  integrityMinOpenDays: true,
  integrityLateAmendmentDays: true,
  integrityRepeatWins: true,
  integrityExtremeSpreadPoints: true,
  integrityUniformScoresMinProposals: true,
} as const;

type ThresholdColumns = { [K in keyof typeof THRESHOLD_COLUMNS]: number };

export function thresholdsOf(municipality: ThresholdColumns): IntegrityThresholds {
  return {
    minOpenDays: municipality.integrityMinOpenDays,
    lateAmendmentDays: municipality.integrityLateAmendmentDays,
    repeatWins: municipality.integrityRepeatWins,
    extremeSpreadPoints: municipality.integrityExtremeSpreadPoints,
    uniformScoresMinProposals: municipality.integrityUniformScoresMinProposals,
  };
}

function columnsOf(thresholds: IntegrityThresholds): ThresholdColumns {
  return {
    integrityMinOpenDays: thresholds.minOpenDays,
    integrityLateAmendmentDays: thresholds.lateAmendmentDays,
    integrityRepeatWins: thresholds.repeatWins,
    integrityExtremeSpreadPoints: thresholds.extremeSpreadPoints,
    integrityUniformScoresMinProposals: thresholds.uniformScoresMinProposals,
  };
}

/**
 * A public call's flags: computed over the published releases of its programme (a repeat winner is
 * counted across the programme's calls), kept to this call and its awards. Null for a call the open
 * data does not publish (a draft): there is nothing public to flag.
 */
export async function callIntegrityFlags(callId: string, now: Date = new Date()): Promise<IntegrityFlag[] | null> {
  const call = await prisma.call.findUnique({
    where: { id: callId },
    select: {
      reference: true,
      municipalityId: true,
      appropriation: { select: { programmeId: true } },
      municipality: { select: { ocidPrefix: true, ...THRESHOLD_COLUMNS } },
    },
  });
  if (!call) return null;
  const deploymentPrefix = getEnv().OCID_PREFIX;
  const releases = await ocdsReleases(
    { municipalityId: call.municipalityId, programmeId: call.appropriation.programmeId },
    deploymentPrefix,
    now,
  );
  const ocid = `${ocidPrefixOf(call.municipality, deploymentPrefix)}-${call.reference}`;
  if (!releases.some((release) => release.ocid === ocid)) return null;
  const result = integrityFlags({ releases }, thresholdsOf(call.municipality));
  if (!result.ok) {
    // The portal's own export always reads; if it ever does not, the page still renders.
    logger.error({ callId, problems: result.problems.slice(0, 5) }, "integrity flags: the export did not read");
    return [];
  }
  return result.flags.filter((flag) => flag.subject.ocid === ocid);
}

function assertManages(actor: Actor): string {
  if (!can(actor, "manage:municipality:own") || !actor.municipalityId) throw new DomainError("notFound", {}, 404);
  return actor.municipalityId;
}

export async function getIntegrityThresholds({ actor }: { actor: Actor }): Promise<IntegrityThresholds> {
  const municipality = await prisma.municipality.findUniqueOrThrow({ where: { id: assertManages(actor) }, select: THRESHOLD_COLUMNS });
  return thresholdsOf(municipality);
}

export async function setIntegrityThresholds({
  actor,
  thresholds,
  ipAddress = "",
}: {
  actor: Actor;
  thresholds: IntegrityThresholds;
  ipAddress?: string;
}) {
  const municipalityId = assertManages(actor);
  return prisma.$transaction(async (tx) => {
    const before = await tx.municipality.findUniqueOrThrow({ where: { id: municipalityId }, select: THRESHOLD_COLUMNS });
    await tx.municipality.update({ where: { id: municipalityId }, data: columnsOf(thresholds), select: { id: true } });
    await recordAudit(tx, {
      actor,
      action: "municipality.integrity-thresholds.set",
      entityType: "Municipality",
      entityId: municipalityId,
      before: thresholdsOf(before),
      after: thresholds,
      ipAddress,
    });
    return thresholds;
  });
}
