import { publicCallWhere } from "~/domains/calls/call-visibility";
import { prisma } from "~/utils/db.server";
import { writeCsv } from "~/utils/csv";
import { calendarDateOf } from "~/utils/time";
import type { OpenDataOptions } from "./open-data-config.server";
import { ocidPrefixOf, organizationIdentifier, threeSixtyGivingPrefix, toMajorUnits } from "./open-data-rules";

/** Awards that are decided for good (final, or closed after the grant) are published as grants. */
const PUBLISHED_AWARDS = ["FINAL", "CLOSED"] as const;

async function loadGrants(now: Date, municipalityId: string | undefined) {
  return prisma.award.findMany({
    where: { status: { in: [...PUBLISHED_AWARDS] }, call: { AND: [publicCallWhere(now), municipalityId ? { municipalityId } : {}] } },
    orderBy: [{ decidedAt: "asc" }, { reference: "asc" }],
    include: {
      organization: true,
      proposal: { select: { title: true, summary: true, requestedTotal: true, beneficiaries: true } },
      call: { include: { municipality: true, appropriation: { include: { programme: true } } } },
      agreement: { include: { milestones: { select: { dueOn: true } } } },
      paymentOrders: { where: { status: { in: ["EXECUTED", "RECORDED_MANUALLY"] } }, select: { amount: true } },
    },
  });
}

type GrantRow = Awaited<ReturnType<typeof loadGrants>>[number];

function fundingOrganization(grant: GrantRow) {
  const m = grant.call.municipality;
  return { id: `KG-MUN-${m.slug}`, name: m.nameRu };
}

function grant(row: GrantRow, prefix: string, publicUrl: string) {
  const disbursed = row.paymentOrders.reduce((sum, p) => sum + p.amount, 0n);
  const due = row.agreement?.milestones.map((m) => m.dueOn.getTime()) ?? [];
  const start = row.agreement?.signedOn ?? row.finalizedAt ?? row.decidedAt;
  return {
    id: `${prefix}-${row.reference}`,
    title: row.proposal.title,
    description: row.proposal.summary || row.proposal.title,
    currency: "KGS",
    amountAppliedFor: toMajorUnits(row.proposal.requestedTotal),
    amountAwarded: toMajorUnits(row.amount),
    amountDisbursed: toMajorUnits(disbursed),
    awardDate: calendarDateOf(row.finalizedAt ?? row.decidedAt),
    url: `${publicUrl}/projects/${row.id}`,
    ...(due.length ? { plannedDates: [{ startDate: calendarDateOf(start), endDate: calendarDateOf(Math.max(...due)) }] } : {}),
    recipientOrganization: [
      {
        id: organizationIdentifier(row.organization.tin),
        name: row.organization.nameRu,
        addressLocality: row.organization.address,
        addressCountry: "Kyrgyzstan",
      },
    ],
    fundingOrganization: [fundingOrganization(row)],
    grantProgramme: [{ code: row.call.reference, title: row.call.titleRu }],
    fromOpenCall: "Yes",
    dateModified: row.decidedAt.toISOString(),
  };
}

/** The grants as a 360Giving package, each under its own municipality's prefix; one municipality's when the options name one. */
export async function buildThreeSixtyGivingPackage({ publicUrl, ocidPrefix, municipality, now = new Date() }: OpenDataOptions) {
  const rows = await loadGrants(now, municipality?.id);
  const title = "Мамлекеттик социалдык заказ / Государственный социальный заказ — гранты";
  return {
    version: "1.4",
    title: municipality ? `${title}: ${municipality.nameRu}` : title,
    issued: now.toISOString().slice(0, 10),
    license: "https://creativecommons.org/licenses/by/4.0/",
    grants: rows.map((row) => grant(row, threeSixtyGivingPrefix(ocidPrefixOf(row.call.municipality, ocidPrefix)), publicUrl)),
  };
}

const CSV_COLUMNS = [
  "Identifier",
  "Title",
  "Description",
  "Currency",
  "Amount Applied For",
  "Amount Awarded",
  "Amount Disbursed",
  "Award Date",
  "URL",
  "Planned Dates:Start Date",
  "Planned Dates:End Date",
  "Recipient Org:Identifier",
  "Recipient Org:Name",
  "Funding Org:Identifier",
  "Funding Org:Name",
  "Grant Programme:Code",
  "Grant Programme:Title",
  "Last modified",
];

/** The same grants in 360Giving's flat spreadsheet layout (its column titles), with a BOM so spreadsheets read the Cyrillic as UTF-8. */
export async function buildThreeSixtyGivingCsv(options: OpenDataOptions) {
  const { grants } = await buildThreeSixtyGivingPackage(options);
  return writeCsv(
    CSV_COLUMNS,
    grants.map((g) => [
      g.id,
      g.title,
      g.description,
      g.currency,
      g.amountAppliedFor.toFixed(2),
      g.amountAwarded.toFixed(2),
      g.amountDisbursed.toFixed(2),
      g.awardDate,
      g.url,
      g.plannedDates?.[0]?.startDate ?? "",
      g.plannedDates?.[0]?.endDate ?? "",
      g.recipientOrganization[0]!.id,
      g.recipientOrganization[0]!.name,
      g.fundingOrganization[0]!.id,
      g.fundingOrganization[0]!.name,
      g.grantProgramme[0]!.code,
      g.grantProgramme[0]!.title,
      g.dateModified,
    ]),
    { bom: true },
  );
}
