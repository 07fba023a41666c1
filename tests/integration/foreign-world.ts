// Objects that belong to an organization nobody in the test signs in as. Every
// private text carries MARKER, so a response that leaks any of it is caught by
// a plain substring search.
import { randomBytes } from "node:crypto";
import { prisma } from "~/utils/db.server";

export const MARKER = "ZQXFOREIGNMARKER";
const unique = () => randomBytes(4).toString("hex");

export async function createForeignWorld() {
  const municipality = await prisma.municipality.findFirstOrThrow();
  const appropriation = await prisma.appropriation.findFirstOrThrow();
  const now = Date.now();
  const call = await prisma.call.create({
    data: {
      municipalityId: municipality.id,
      appropriationId: appropriation.id,
      reference: `FW-${unique()}`,
      status: "PUBLISHED",
      titleKy: "Ачык сынак",
      titleRu: "Открытый конкурс",
      titleEn: "Open call",
      summaryKy: "Кыскача",
      summaryRu: "Кратко",
      envelope: 1_000_000n,
      minGrant: 100_000n,
      maxGrant: 500_000n,
      publishAt: new Date(now - 86_400_000),
      publishedAt: new Date(now - 86_400_000),
      clarificationDeadline: new Date(now + 5 * 86_400_000),
      submissionDeadline: new Date(now + 10 * 86_400_000),
      criteria: { create: [{ position: 1, nameKy: "Сапат", nameRu: "Качество", maxScore: 10, weight: 100 }] },
    },
  });
  const user = await prisma.user.create({
    data: { email: `foreign-${unique()}@example.kg`, fullName: `${MARKER} Person`, passwordHash: "x", locale: "ru" },
  });
  const organization = await prisma.organization.create({
    data: {
      nameKy: `${MARKER} уюму`,
      nameRu: `${MARKER} организация`,
      legalForm: "PUBLIC_FOUNDATION",
      registrationNumber: `FW-${unique()}`,
      tin: `2${String(now).slice(-8)}${String(Math.floor(Math.random() * 1e5)).padStart(5, "0")}`,
      registeredOn: new Date("2017-05-05T00:00:00Z"),
      region: "Чуйская область",
      address: `${MARKER} street 1`,
      bankAccount: "1290010000999999",
      bankName: `${MARKER} bank`,
      members: { create: { userId: user.id, role: "ADMIN" } },
    },
  });
  const attachment = await prisma.attachment.create({
    data: { storageKey: randomBytes(16).toString("hex"), originalName: `${MARKER}.pdf`, mediaType: "application/pdf", size: 10, sha256: "0".repeat(64), organizationId: organization.id, uploadedById: user.id },
  });
  const document = await prisma.storedDocument.create({
    data: { organizationId: organization.id, kind: "CHARTER", title: `${MARKER} charter`, attachmentId: attachment.id, uploadedById: user.id },
  });
  const proposalData = (status: "DRAFT" | "SUBMITTED") => ({
    callId: call.id,
    organizationId: organization.id,
    reference: `FWP-${unique()}`,
    status,
    title: `${MARKER} proposal ${status}`,
    summary: `${MARKER} summary`,
    problem: `${MARKER} problem`,
    createdById: user.id,
    submittedAt: status === "SUBMITTED" ? new Date(now - 3_600_000) : null,
    budgetLines: { create: [{ position: 1, category: "staff", description: `${MARKER} line`, unit: "month", quantity: 100, unitCost: 10_000n, requested: 10_000n }] },
    milestones: { create: [{ position: 1, title: `${MARKER} milestone`, startsOn: new Date(now), dueOn: new Date(now + 30 * 86_400_000) }] },
    attachments: { create: [{ kind: "CHARTER" as const, storedDocumentId: document.id }] },
  });
  const draft = await prisma.proposal.create({ data: proposalData("DRAFT") });
  const submitted = await prisma.proposal.create({ data: proposalData("SUBMITTED") });
  await prisma.proposalVersion.create({
    data: {
      proposalId: submitted.id,
      number: 1,
      content: { title: `${MARKER} proposal` },
      contentSha256: "1".repeat(64),
      receiptNumber: `FWR-${unique()}`,
      idempotencyKey: `fw-${unique()}`,
      submittedById: user.id,
      submittedAt: new Date(now - 3_600_000),
    },
  });
  const question = await prisma.clarificationQuestion.create({
    data: { callId: call.id, askedById: user.id, organizationId: organization.id, question: `${MARKER} question?`, language: "ru" },
  });
  return { call, user, organization, attachment, document, draft, submitted, question };
}

export type ForeignWorld = Awaited<ReturnType<typeof createForeignWorld>>;

/** A fingerprint of every foreign row; any change to any of them changes it. */
export async function foreignFingerprint(world: ForeignWorld) {
  const rows = await Promise.all([
    prisma.organization.findUnique({ where: { id: world.organization.id }, include: { members: true, documents: true, invitations: true } }),
    prisma.proposal.findMany({ where: { organizationId: world.organization.id }, include: { budgetLines: true, milestones: true, attachments: true, versions: true } }),
    prisma.attachment.findUnique({ where: { id: world.attachment.id } }),
    prisma.clarificationQuestion.findUnique({ where: { id: world.question.id } }),
    prisma.user.findUnique({ where: { id: world.user.id }, select: { email: true, fullName: true, status: true, locale: true, passwordHash: true } }),
  ]);
  return JSON.stringify(rows, (_k, v) => (typeof v === "bigint" ? v.toString() : v));
}

/** The foreign ids a route parameter could name, by the parameter's name. */
export function candidatesFor(param: string, world: ForeignWorld): string[] {
  const p = param.toLowerCase();
  if (p.includes("proposal")) return [world.draft.id, world.submitted.id];
  if (p.includes("organization") || p === "orgid") return [world.organization.id];
  if (p.includes("attachment") || p.includes("file")) return [world.attachment.id];
  if (p.includes("document")) return [world.document.id, world.attachment.id];
  if (p.includes("question")) return [world.question.id];
  if (p.includes("call")) return [world.call.id];
  if (p.includes("user") || p.includes("member")) return [world.user.id];
  if (p.includes("section")) return ["summary", "budget", "documents", "workplan", "team"];
  return [world.draft.id, world.organization.id, world.attachment.id];
}
