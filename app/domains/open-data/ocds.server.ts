import { publicCallWhere } from "~/domains/calls/call-visibility";
import { evaluateCall } from "~/domains/reviews/ranking.server";
import { memberTotals } from "~/domains/reviews/evaluation";
import { affiliationsOf } from "~/domains/reviews/review-rules";
import { isRecord } from "~/utils/guards";
import { prisma } from "~/utils/db.server";
import { portalPublisher } from "~/domains/municipalities/publisher.server";
import type { OpenDataOptions } from "./open-data-config.server";
import {
  awardStatus,
  bidStatus,
  commissionRoleCode,
  contractStatus,
  milestoneStatus,
  municipalityQueryOf,
  ocdsExtensions,
  ocidPrefixOf,
  organizationIdentifier,
  ORG_SCHEME,
  tenderStatus,
  toMajorUnits,
} from "./open-data-rules";

const KGS = (tyiyn: bigint) => ({ amount: toMajorUnits(tyiyn), currency: "KGS" });

/** Payments that left the treasury (or were recorded by hand) are OCDS transactions. */
const PAID = ["EXECUTED", "RECORDED_MANUALLY"] as const;

/** Which calls a package holds: every public one, one municipality's, or one programme's. */
export type ProcessScope = { municipalityId?: string; programmeId?: string };

const DECIDED = ["DECIDED", "COMPLETED"];

async function loadContractingProcesses(now: Date, { municipalityId, programmeId }: ProcessScope) {
  return prisma.call.findMany({
    where: {
      AND: [publicCallWhere(now), municipalityId ? { municipalityId } : {}, programmeId ? { appropriation: { programmeId } } : {}],
    },
    orderBy: { publishedAt: "asc" },
    include: {
      municipality: true,
      appropriation: { include: { programme: true } },
      criteria: { orderBy: { position: "asc" } },
      amendments: { orderBy: { createdAt: "asc" }, select: { id: true, reason: true, changes: true, createdAt: true } },
      proposals: {
        where: { submittedAt: { not: null }, status: { notIn: ["DRAFT", "WITHDRAWN"] } },
        orderBy: { submittedAt: "asc" },
        select: {
          reference: true,
          status: true,
          submittedAt: true,
          organization: { select: { id: true, nameRu: true, tin: true, registrationNumber: true, address: true, region: true } },
        },
      },
      awards: {
        orderBy: { rank: "asc" },
        include: {
          organization: true,
          proposal: { select: { title: true, summary: true, reference: true } },
          agreement: {
            include: {
              milestones: { orderBy: { position: "asc" } },
            },
          },
          paymentOrders: { where: { status: { in: [...PAID] } }, orderBy: { executedAt: "asc" } },
        },
      },
    },
  });
}

type Process = Awaited<ReturnType<typeof loadContractingProcesses>>[number];

/**
 * The commission as the protocol lists it and each counted member's total per proposal: published
 * only once the decision is (decision 0020), as the protocol is; the extension of decision 0070.
 */
async function loadCommission(call: Process) {
  if (!call.decisionPublishedAt || !DECIDED.includes(call.status)) return null;
  const [{ input, evaluations }, seats] = await Promise.all([
    evaluateCall(call.id),
    prisma.commissionMembership.findMany({
      where: { callId: call.id },
      orderBy: [{ role: "asc" }, { appointedAt: "asc" }],
      select: {
        id: true,
        role: true,
        affiliations: true,
        user: { select: { fullName: true } },
        declarations: { where: { hasConflict: true }, select: { organization: { select: { tin: true } } } },
      },
    }),
  ]);
  const seatIds = new Map(seats.map((seat, index) => [seat.id, `M${index + 1}`]));
  const members = seats.map((seat) => ({
    id: seatIds.get(seat.id)!,
    name: seat.user.fullName,
    role: commissionRoleCode(seat.role),
    affiliations: affiliationsOf(seat.affiliations),
    declaredConflicts: seat.declarations.map((d) => organizationIdentifier(d.organization.tin)),
  }));
  const scoresByReference = new Map(
    evaluations.map((evaluation) => [
      evaluation.reference,
      memberTotals(input.criteria, input.scores, evaluation).map((m) => ({
        memberId: seatIds.get(m.membershipId)!,
        total: m.hundredths / 100,
      })),
    ]),
  );
  return { members, scoresByReference };
}

type Commission = Awaited<ReturnType<typeof loadCommission>>;

/** An amendment in OCDS: its reason, and the conditions it changed by name. */
function amendmentOf(amendment: Process["amendments"][number], index: number) {
  return {
    id: `A${index + 1}`,
    date: amendment.createdAt.toISOString(),
    rationale: amendment.reason,
    description: isRecord(amendment.changes) ? Object.keys(amendment.changes).join(", ") : "",
  };
}

function buyerOf(call: Process) {
  return { id: `municipality-${call.municipality.slug}`, name: call.municipality.nameRu };
}

function release(call: Process, commission: Commission, ocidPrefix: string, now: Date) {
  const buyer = buyerOf(call);
  // A call published at once has no scheduled publishAt: its period starts when it was published.
  const opensAt = call.publishAt ?? call.publishedAt;
  const ocid = `${ocidPrefix}-${call.reference}`;
  // Who applied stays confidential until the deadline (as bids are until their opening),
  // so that applicants to an open call cannot be identified or approached.
  const opened = call.submissionDeadline !== null && call.submissionDeadline <= now;
  const tenderers = new Map<string, Process["proposals"][number]["organization"]>();
  for (const p of opened ? call.proposals : []) tenderers.set(p.organization.id, p.organization);
  const suppliers = new Map(call.awards.map((a) => [a.organization.id, a.organization]));
  const parties = [
    {
      id: buyer.id,
      name: buyer.name,
      roles: ["buyer", "procuringEntity", "payer"],
      address: { locality: call.municipality.nameRu, region: call.municipality.region, countryName: "Kyrgyzstan" },
    },
    ...[...new Set([...tenderers.keys(), ...suppliers.keys()])].map((organizationId) => {
      const org = suppliers.get(organizationId) ?? tenderers.get(organizationId)!;
      const roles = [
        ...(tenderers.has(organizationId) ? ["tenderer"] : []),
        ...(suppliers.has(organizationId) ? ["supplier", "payee"] : []),
      ];
      // The registration number beside the TIN: members declare affiliations by either (decision 0070).
      return {
        id: organizationIdentifier(org.tin),
        name: org.nameRu,
        identifier: { scheme: ORG_SCHEME, id: org.tin, legalName: org.nameRu },
        additionalIdentifiers: [{ scheme: "KG-REG", id: org.registrationNumber }],
        address: { streetAddress: org.address, region: org.region, countryName: "Kyrgyzstan" },
        roles,
      };
    }),
  ];
  const dates = [call.updatedAt, call.publishedAt, ...call.awards.map((a) => a.decidedAt)].filter((d): d is Date => Boolean(d));
  const latest = new Date(Math.max(...dates.map((d) => d.getTime())));
  return {
    ocid,
    id: `${ocid}-${latest.getTime()}`,
    date: latest.toISOString(),
    tag: ["compiled"],
    initiationType: "tender",
    language: "ru",
    parties,
    buyer,
    planning: {
      budget: {
        id: call.appropriation.id,
        description: `${call.appropriation.programme.nameRu}, ${call.appropriation.fiscalYear}`,
        amount: KGS(call.envelope),
        project: call.appropriation.programme.nameRu,
        projectID: call.appropriation.programme.code,
      },
    },
    tender: {
      id: call.reference,
      title: call.titleRu,
      description: [call.summaryRu, call.problemRu].filter(Boolean).join("\n\n"),
      status: tenderStatus(call.status),
      procuringEntity: buyer,
      value: KGS(call.envelope),
      procurementMethod: "open",
      procurementMethodDetails: "Конкурс государственного социального заказа",
      mainProcurementCategory: "services",
      awardCriteria: "ratedCriteria",
      awardCriteriaDetails: call.criteria.map((c) => `${c.nameRu}: вес ${c.weight}%, макс. ${c.maxScore}`).join("; "),
      eligibilityCriteria: call.eligibilityRu,
      ...(opensAt || call.submissionDeadline
        ? {
            tenderPeriod: {
              ...(opensAt ? { startDate: opensAt.toISOString() } : {}),
              ...(call.submissionDeadline ? { endDate: call.submissionDeadline.toISOString() } : {}),
            },
          }
        : {}),
      ...(call.clarificationDeadline
        ? {
            enquiryPeriod: {
              ...(call.publishAt ? { startDate: call.publishAt.toISOString() } : {}),
              endDate: call.clarificationDeadline.toISOString(),
            },
          }
        : {}),
      ...(call.reviewStartsAt || call.reviewEndsAt
        ? {
            awardPeriod: {
              ...(call.reviewStartsAt ? { startDate: call.reviewStartsAt.toISOString() } : {}),
              ...(call.reviewEndsAt ? { endDate: call.reviewEndsAt.toISOString() } : {}),
            },
          }
        : {}),
      ...(opened
        ? {
            numberOfTenderers: tenderers.size,
            tenderers: [...tenderers.values()].map((t) => ({ id: organizationIdentifier(t.tin), name: t.nameRu })),
          }
        : {}),
      ...(call.amendments.length ? { amendments: call.amendments.map(amendmentOf) } : {}),
      ...(call.maxGrant > 0n ? { maxAwardValue: KGS(call.maxGrant) } : {}),
      ...(commission ? { evaluationCommission: { members: commission.members } } : {}),
    },
    // Bids name their proposals' references, which the blind review shows members: after the decision only.
    ...(commission
      ? {
          bids: {
            details: call.proposals.map((p) => ({
              id: p.reference,
              date: p.submittedAt!.toISOString(),
              status: bidStatus(p.status),
              tenderers: [{ id: organizationIdentifier(p.organization.tin), name: p.organization.nameRu }],
              ...(commission.scoresByReference.get(p.reference)?.length
                ? { memberScores: commission.scoresByReference.get(p.reference) }
                : {}),
            })),
          },
        }
      : {}),
    awards: call.awards.map((a) => ({
      id: a.reference,
      title: a.proposal.title,
      description: a.proposal.summary,
      status: awardStatus(a.status),
      date: a.decidedAt.toISOString(),
      value: KGS(a.amount),
      suppliers: [{ id: organizationIdentifier(a.organization.tin), name: a.organization.nameRu }],
      relatedBids: [a.proposal.reference],
    })),
    contracts: call.awards
      .filter((a) => a.agreement)
      .map((a) => {
        const agreement = a.agreement!;
        const dueDates = agreement.milestones.map((m) => m.dueOn.getTime());
        return {
          id: agreement.number,
          awardID: a.reference,
          title: a.proposal.title,
          status: contractStatus(agreement.status),
          value: KGS(a.amount),
          ...(agreement.signedOn ? { dateSigned: agreement.signedOn.toISOString() } : {}),
          ...(agreement.signedOn && dueDates.length
            ? { period: { startDate: agreement.signedOn.toISOString(), endDate: new Date(Math.max(...dueDates)).toISOString() } }
            : {}),
          milestones: agreement.milestones.map((m) => ({
            id: `${agreement.number}-M${m.position}`,
            title: m.title,
            description: m.deliverables,
            type: "delivery",
            dueDate: m.dueOn.toISOString(),
            status: milestoneStatus(m.status),
            ...(m.acceptedAt ? { dateMet: m.acceptedAt.toISOString() } : {}),
          })),
          implementation: {
            transactions: a.paymentOrders.map((p) => ({
              id: p.reference,
              date: (p.executedAt ?? p.createdAt).toISOString(),
              value: KGS(p.amount),
              payer: buyer,
              payee: { id: organizationIdentifier(a.organization.tin), name: a.organization.nameRu },
            })),
          },
        };
      }),
  };
}

/**
 * The OCDS 1.1.5 release package: one compiled release per call (contracting process), each under
 * its own municipality's prefix; one municipality's calls when the options name one.
 */
export async function buildOcdsReleasePackage({ publicUrl, ocidPrefix, municipality, now = new Date() }: OpenDataOptions) {
  const releases = await ocdsReleases({ municipalityId: municipality?.id }, ocidPrefix, now);
  // One municipality publishes its own releases; a deployment serving several is published by the portal.
  const publisherName = municipality?.nameRu ?? (await portalPublisher("ru")) ?? "Портал социального заказа";
  return {
    uri: `${publicUrl}/open-data/ocds.json${municipalityQueryOf(municipality)}`,
    version: "1.1",
    publishedDate: now.toISOString(),
    publisher: { name: publisherName },
    license: "https://creativecommons.org/licenses/by/4.0/",
    publicationPolicy: `${publicUrl}/open-data`,
    extensions: ocdsExtensions(publicUrl),
    releases,
  };
}

/** The compiled releases of the calls in scope, as the package publishes them. */
export async function ocdsReleases(scope: ProcessScope, ocidPrefix: string, now: Date = new Date()) {
  const calls = await loadContractingProcesses(now, scope);
  const commissions = await Promise.all(calls.map(loadCommission));
  return calls.map((call, index) => release(call, commissions[index]!, ocidPrefixOf(call.municipality, ocidPrefix), now));
}
