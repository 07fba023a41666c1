import { publicCallWhere } from "~/domains/calls/call-visibility";
import { prisma } from "~/utils/db.server";
import { portalPublisher } from "~/domains/municipalities/publisher.server";
import type { OpenDataOptions } from "./open-data-config.server";
import {
  awardStatus,
  contractStatus,
  milestoneStatus,
  municipalityQueryOf,
  ocidPrefixOf,
  organizationIdentifier,
  ORG_SCHEME,
  tenderStatus,
  toMajorUnits,
} from "./open-data-rules";

const KGS = (tyiyn: bigint) => ({ amount: toMajorUnits(tyiyn), currency: "KGS" });

/** Payments that left the treasury (or were recorded by hand) are OCDS transactions. */
const PAID = ["EXECUTED", "RECORDED_MANUALLY"] as const;

async function loadContractingProcesses(now: Date, municipalityId: string | undefined) {
  return prisma.call.findMany({
    where: { AND: [publicCallWhere(now), municipalityId ? { municipalityId } : {}] },
    orderBy: { publishedAt: "asc" },
    include: {
      municipality: true,
      appropriation: { include: { programme: true } },
      criteria: { orderBy: { position: "asc" } },
      proposals: {
        where: { submittedAt: { not: null }, status: { notIn: ["DRAFT", "WITHDRAWN"] } },
        select: { organization: { select: { id: true, nameRu: true, nameKy: true, tin: true } } },
      },
      awards: {
        orderBy: { rank: "asc" },
        include: {
          organization: true,
          proposal: { select: { title: true, summary: true } },
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

function buyerOf(call: Process) {
  return { id: `municipality-${call.municipality.slug}`, name: call.municipality.nameRu };
}

function release(call: Process, ocidPrefix: string, now: Date) {
  const buyer = buyerOf(call);
  const ocid = `${ocidPrefix}-${call.reference}`;
  // Who applied stays confidential until the deadline (as bids are until their opening),
  // so that applicants to an open call cannot be identified or approached.
  const opened = call.submissionDeadline !== null && call.submissionDeadline <= now;
  const tenderers = new Map<string, { id: string; name: string; tin: string }>();
  for (const p of opened ? call.proposals : []) {
    tenderers.set(p.organization.id, {
      id: organizationIdentifier(p.organization.tin),
      name: p.organization.nameRu,
      tin: p.organization.tin,
    });
  }
  const suppliers = new Map(call.awards.map((a) => [a.organization.id, a.organization]));
  const parties = [
    {
      id: buyer.id,
      name: buyer.name,
      roles: ["buyer", "procuringEntity", "payer"],
      address: { locality: call.municipality.nameRu, region: call.municipality.region, countryName: "Kyrgyzstan" },
    },
    ...[...new Set([...tenderers.keys(), ...suppliers.keys()])].map((organizationId) => {
      const org = suppliers.get(organizationId);
      const tenderer = tenderers.get(organizationId);
      const tin = org?.tin ?? tenderer!.tin;
      const roles = [...(tenderer ? ["tenderer"] : []), ...(org ? ["supplier", "payee"] : [])];
      return {
        id: organizationIdentifier(tin),
        name: org?.nameRu ?? tenderer!.name,
        identifier: { scheme: ORG_SCHEME, id: tin, legalName: org?.nameRu ?? tenderer!.name },
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
      ...(call.publishAt || call.submissionDeadline
        ? {
            tenderPeriod: {
              ...(call.publishAt ? { startDate: call.publishAt.toISOString() } : {}),
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
      ...(opened ? { numberOfTenderers: tenderers.size, tenderers: [...tenderers.values()].map((t) => ({ id: t.id, name: t.name })) } : {}),
    },
    awards: call.awards.map((a) => ({
      id: a.reference,
      title: a.proposal.title,
      description: a.proposal.summary,
      status: awardStatus(a.status),
      date: a.decidedAt.toISOString(),
      value: KGS(a.amount),
      suppliers: [{ id: organizationIdentifier(a.organization.tin), name: a.organization.nameRu }],
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
  const calls = await loadContractingProcesses(now, municipality?.id);
  // One municipality publishes its own releases; a deployment serving several is published by the portal.
  const publisherName = municipality?.nameRu ?? (await portalPublisher("ru")) ?? "Портал социального заказа";
  return {
    uri: `${publicUrl}/open-data/ocds.json${municipalityQueryOf(municipality)}`,
    version: "1.1",
    publishedDate: now.toISOString(),
    publisher: { name: publisherName },
    license: "https://creativecommons.org/licenses/by/4.0/",
    publicationPolicy: `${publicUrl}/open-data`,
    releases: calls.map((call) => release(call, ocidPrefixOf(call.municipality, ocidPrefix), now)),
  };
}
