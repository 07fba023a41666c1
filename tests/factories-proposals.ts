// Builders for the proposals tests: open calls, complete drafts (one or in
// bulk), vault documents and signed-in requests.
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { prisma } from "~/utils/db.server";
import { createMunicipality } from "./factories";

const unique = () => randomBytes(4).toString("hex").toUpperCase();
const HOUR = 3_600_000;

export type CallOptions = {
  deadline?: Date;
  status?: "DRAFT" | "PUBLISHED" | "CANCELLED";
  minGrant?: bigint;
  maxGrant?: bigint;
  maxProposalsPerOrganization?: number;
  requiredDocuments?: string[];
  municipalityId?: string;
};

/** A published call taking proposals until `deadline` (a week from now by default). */
export async function createOpenCall(options: CallOptions = {}) {
  const municipalityId = options.municipalityId ?? (await createMunicipality()).id;
  const programme = await prisma.budgetProgramme.create({
    data: { municipalityId, code: `P-${unique()}`, nameKy: "Программа", nameRu: "Программа", nameEn: "Programme" },
  });
  const appropriation = await prisma.appropriation.create({
    data: { programmeId: programme.id, fiscalYear: 2026, amount: 100_000_000n, allocated: 50_000_000n },
  });
  return prisma.call.create({
    data: {
      municipalityId,
      appropriationId: appropriation.id,
      reference: `SZ-${unique()}`,
      status: options.status ?? "PUBLISHED",
      titleKy: "Балдар үчүн социалдык кызматтар",
      titleRu: "Социальные услуги для детей",
      titleEn: "Social services for children",
      summaryKy: "Кыскача",
      summaryRu: "Кратко",
      envelope: 50_000_000n,
      minGrant: options.minGrant ?? 100_000n,
      maxGrant: options.maxGrant ?? 20_000_000n,
      maxProposalsPerOrganization: options.maxProposalsPerOrganization ?? 3,
      requiredDocuments: options.requiredDocuments ?? [],
      publishedAt: new Date(Date.now() - 7 * 24 * HOUR),
      submissionDeadline: options.deadline ?? new Date(Date.now() + 7 * 24 * HOUR),
    },
  });
}

/** Section contents that make a proposal ready to submit (requested 5 000 som). */
export const COMPLETE_FIELDS = {
  title: "Инклюзивдик бала бакча",
  summary: "Майып балдар үчүн күндүзгү борбор.",
  problem: "Каракол шаарында майып балдар үчүн күндүзгү борбор жок.",
  targetGroup: "Мүмкүнчүлүгү чектелген балдар жана алардын ата-энелери",
  beneficiaries: 120,
  objectives: "Күнүнө 30 балага кам көрүү.",
  activities: "Борборду ачуу, адистерди окутуу.",
  team: "Долбоордун жетекчиси, эки педагог, бухгалтер.",
} as const;

export async function createVaultDocument(organizationId: string, kind: string, uploadedById: string) {
  const content = `vault ${kind} ${unique()}`;
  const attachment = await prisma.attachment.create({
    data: {
      storageKey: `test/${randomUUID()}`,
      originalName: `${kind.toLowerCase()}.pdf`,
      mediaType: "application/pdf",
      size: content.length,
      sha256: createHash("sha256").update(content).digest("hex"),
      organizationId,
      uploadedById,
    },
  });
  return prisma.storedDocument.create({
    data: { organizationId, kind: kind as never, title: `${kind} ${unique()}`, attachmentId: attachment.id, uploadedById },
  });
}

/** A draft with every section filled, and vault documents linked for each required kind. */
export async function createCompleteProposal({
  callId,
  organizationId,
  createdById,
}: {
  callId: string;
  organizationId: string;
  createdById: string;
}) {
  const call = await prisma.call.findUniqueOrThrow({ where: { id: callId }, select: { reference: true, requiredDocuments: true } });
  const proposal = await prisma.proposal.create({
    data: {
      callId,
      organizationId,
      createdById,
      reference: `${call.reference}-${unique()}`,
      ...COMPLETE_FIELDS,
      requestedTotal: 500_000n,
      cofinancingTotal: 100_000n,
      milestones: {
        create: {
          position: 0,
          title: "Борбор ачылды",
          deliverables: "Акт",
          startsOn: new Date("2026-06-01T00:00:00+06:00"),
          dueOn: new Date("2026-08-31T00:00:00+06:00"),
        },
      },
      budgetLines: {
        create: {
          position: 0,
          category: "STAFF",
          description: "Педагог",
          unit: "ай",
          quantity: 600,
          unitCost: 100_000n,
          requested: 500_000n,
          cofinancing: 100_000n,
        },
      },
    },
  });
  for (const kind of (call.requiredDocuments as string[]) ?? []) {
    const document = await createVaultDocument(organizationId, kind, createdById);
    await prisma.proposalAttachment.create({ data: { proposalId: proposal.id, kind: kind as never, storedDocumentId: document.id } });
  }
  return proposal;
}

/**
 * Many complete drafts at once (createMany), for the deadline and load
 * proofs: `count` proposals spread over the given organizations.
 */
export async function createCompleteProposalsInBulk({
  callId,
  organizationIds,
  createdById,
  count,
}: {
  callId: string;
  organizationIds: string[];
  createdById: string;
  count: number;
}) {
  const call = await prisma.call.findUniqueOrThrow({ where: { id: callId }, select: { reference: true } });
  const rows = Array.from({ length: count }, (_, i) => ({
    id: `bulk${unique()}${i.toString(36)}`.toLowerCase(),
    callId,
    organizationId: organizationIds[i % organizationIds.length]!,
    createdById,
    reference: `${call.reference}-B${i.toString().padStart(5, "0")}`,
    ...COMPLETE_FIELDS,
    requestedTotal: 500_000n,
    cofinancingTotal: 100_000n,
  }));
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500);
    await prisma.proposal.createMany({ data: chunk });
    await prisma.proposalMilestone.createMany({
      data: chunk.map((p) => ({
        proposalId: p.id,
        position: 0,
        title: "Этап",
        startsOn: new Date("2026-06-01T00:00:00+06:00"),
        dueOn: new Date("2026-08-31T00:00:00+06:00"),
      })),
    });
    await prisma.budgetLine.createMany({
      data: chunk.map((p) => ({
        proposalId: p.id,
        position: 0,
        category: "STAFF",
        description: "Педагог",
        unit: "ай",
        quantity: 600,
        unitCost: 100_000n,
        requested: 500_000n,
        cofinancing: 100_000n,
      })),
    });
  }
  return rows.map((r) => r.id);
}

/** A Cookie header of a fresh session for the user, as the browser would send it. */

/** A POST as the portal's own form would send it. */
export function formRequest(url: string, cookie: string, fields: Record<string, string>) {
  return new Request(`http://localhost${url}`, {
    method: "POST",
    headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded", Origin: "http://localhost" },
    body: new URLSearchParams(fields).toString(),
  });
}

export function getRequest(url: string, cookie: string) {
  return new Request(`http://localhost${url}`, { headers: { Cookie: cookie } });
}

export const newKey = () => randomUUID();
