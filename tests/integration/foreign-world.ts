// Objects that belong to an organization nobody in the test signs in as. Every
// private text carries MARKER, so a response that leaks any of it is caught by
// a plain substring search.
import { randomBytes } from "node:crypto";
import { recordAudit } from "~/domains/audit/audit.server";
import { prisma } from "~/utils/db.server";
import { startOfDay } from "~/utils/time";
import { consentedNow } from "~/domains/accounts/privacy-notice";

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
    data: { ...consentedNow(), email: `foreign-${unique()}@example.kg`, fullName: `${MARKER} Person`, passwordHash: "x", locale: "ru" },
  });
  const organization = await prisma.organization.create({
    data: {
      nameKy: `${MARKER} уюму`,
      nameRu: `${MARKER} организация`,
      legalForm: "PUBLIC_FOUNDATION",
      registrationNumber: `FW-${unique()}`,
      tin: `2${String(now).slice(-8)}${String(Math.floor(Math.random() * 1e5)).padStart(5, "0")}`,
      registeredOn: startOfDay("2017-05-05"),
      region: "Чуйская область",
      address: `${MARKER} street 1`,
      bankAccount: "1290010000999999",
      bankName: `${MARKER} bank`,
      members: { create: { userId: user.id, role: "ADMIN" } },
    },
  });
  const attachment = await prisma.attachment.create({
    data: {
      storageKey: randomBytes(16).toString("hex"),
      originalName: `${MARKER}.pdf`,
      mediaType: "application/pdf",
      size: 10,
      sha256: "0".repeat(64),
      organizationId: organization.id,
      uploadedById: user.id,
    },
  });
  const document = await prisma.storedDocument.create({
    data: {
      organizationId: organization.id,
      kind: "CHARTER",
      title: `${MARKER} charter`,
      attachmentId: attachment.id,
      uploadedById: user.id,
    },
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
    budgetLines: {
      create: [
        {
          position: 1,
          category: "staff",
          description: `${MARKER} line`,
          unit: "month",
          quantity: 100,
          unitCost: 10_000n,
          requested: 10_000n,
        },
      ],
    },
    milestones: {
      create: [{ position: 1, title: `${MARKER} milestone`, startsOn: new Date(now), dueOn: new Date(now + 30 * 86_400_000) }],
    },
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
    prisma.organization.findUnique({
      where: { id: world.organization.id },
      include: { members: true, documents: true, invitations: true },
    }),
    prisma.proposal.findMany({
      where: { organizationId: world.organization.id },
      include: { budgetLines: true, milestones: true, attachments: true, versions: true },
    }),
    prisma.attachment.findUnique({ where: { id: world.attachment.id } }),
    prisma.clarificationQuestion.findUnique({ where: { id: world.question.id } }),
    prisma.user.findUnique({
      where: { id: world.user.id },
      select: { email: true, fullName: true, status: true, locale: true, passwordHash: true },
    }),
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

// ───────────── two municipalities (issue 17 item 2) ─────────────
// A is the demo's municipality (Karakol), B a second one whose staff are
// inserted directly. Each side's private rows carry its own marker, so a
// response shown to the other side's staff that contains it is a leak.

/** A's private municipal data (bank statement lines, audit events): no concern of NCOs, but never B's. */
export const MUNI_A_MARKER = "ZQXMUNIAMARKER";
/** Everything of B that is not public. */
export const MUNI_B_MARKER = "ZQXMUNIBMARKER";

export type Side = {
  municipalityId: string;
  call: { id: string };
  proposals: string[];
  organization: { id: string };
  user: { id: string };
  attachment: { id: string };
  document: { id: string };
  question: { id: string };
  statement: { id: string };
  line: { id: string };
  staff: { officer: string; finance: string; admin: string };
  award?: { id: string };
  agreement?: { id: string };
  milestone?: { id: string };
  appropriation?: { id: string };
  programme?: { id: string };
  paymentOrder?: { id: string };
};

async function privateStatement(municipalityId: string, uploadedById: string, marker: string) {
  const statement = await prisma.bankStatement.create({
    data: { municipalityId, fileName: `${marker}.csv`, sha256: randomBytes(32).toString("hex"), uploadedById },
  });
  const line = await prisma.bankStatementLine.create({
    data: {
      statementId: statement.id,
      lineNo: 1,
      reference: `${marker}-REF`,
      amount: 123_400n,
      valueDate: new Date(),
      counterparty: `${marker} payer`,
      raw: `${marker};1234`,
    },
  });
  return { statement, line };
}

async function privateAuditEvent(actor: { id: string; label: string }, entityType: string, entityId: string) {
  await prisma.$transaction((tx) => recordAudit(tx, { actor, action: "call.updated", entityType, entityId, after: { note: actor.label } }));
}

/** A's side: the foreign world in Karakol's call, a bank statement and an audit event of Karakol, and the demo's grant rows. */
export async function municipalitySideA(world: ForeignWorld): Promise<Side> {
  const municipalityId = world.call.municipalityId;
  const staffOf = async (role: "PROGRAMME_OFFICER" | "FINANCE_OFFICER" | "ADMIN") =>
    (await prisma.roleAssignment.findFirstOrThrow({ where: { municipalityId, role }, select: { userId: true } })).userId;
  const staff = { officer: await staffOf("PROGRAMME_OFFICER"), finance: await staffOf("FINANCE_OFFICER"), admin: await staffOf("ADMIN") };
  const { statement, line } = await privateStatement(municipalityId, staff.finance, MUNI_A_MARKER);
  await privateAuditEvent({ id: staff.officer, label: `${MUNI_A_MARKER} officer` }, "Call", world.call.id);
  const inA = { call: { municipalityId } };
  const [award, agreement, milestone, appropriation, paymentOrder] = await Promise.all([
    prisma.award.findFirst({ where: inA, select: { id: true } }),
    prisma.agreement.findFirst({ where: { award: inA }, select: { id: true } }),
    prisma.grantMilestone.findFirst({ where: { agreement: { award: inA } }, select: { id: true } }),
    prisma.appropriation.findFirst({ where: { programme: { municipalityId } }, select: { id: true, programmeId: true } }),
    prisma.paymentOrder.findFirst({ where: { award: inA }, select: { id: true } }),
  ]);
  return {
    municipalityId,
    call: world.call,
    proposals: [world.draft.id, world.submitted.id],
    organization: world.organization,
    user: world.user,
    attachment: world.attachment,
    document: world.document,
    question: world.question,
    statement,
    line,
    staff,
    ...(award ? { award } : {}),
    ...(agreement ? { agreement } : {}),
    ...(milestone ? { milestone } : {}),
    ...(appropriation ? { appropriation, programme: { id: appropriation.programmeId } } : {}),
    ...(paymentOrder ? { paymentOrder } : {}),
  };
}

/** B: a second municipality with its own staff (officer, finance officer, administrator), call, applicant, proposals, statement and audit event. */
export async function createSecondMunicipality(): Promise<Side> {
  const municipality = await prisma.municipality.create({
    data: {
      slug: `second-${unique()}`,
      nameKy: "Балыкчы шаарынын мэриясы",
      nameRu: "Мэрия города Балыкчы",
      nameEn: "Balykchy City Mayor's Office",
      region: "Issyk-Kul",
    },
  });
  const staffUser = async (key: string, role: "PROGRAMME_OFFICER" | "FINANCE_OFFICER" | "ADMIN") => {
    const user = await prisma.user.create({
      data: {
        ...consentedNow(),
        email: `second-${key}-${unique()}@example.kg`,
        fullName: `${MUNI_B_MARKER} ${key}`,
        passwordHash: "x",
        locale: "ru",
        emailConfirmedAt: new Date(),
      },
    });
    await prisma.roleAssignment.create({ data: { userId: user.id, municipalityId: municipality.id, role } });
    return user.id;
  };
  const staff = {
    officer: await staffUser("officer", "PROGRAMME_OFFICER"),
    finance: await staffUser("finance", "FINANCE_OFFICER"),
    admin: await staffUser("admin", "ADMIN"),
  };
  const programme = await prisma.budgetProgramme.create({
    data: { municipalityId: municipality.id, code: `B-${unique()}`, nameKy: "Программа", nameRu: "Программа", nameEn: "Programme" },
  });
  const appropriation = await prisma.appropriation.create({
    data: { programmeId: programme.id, fiscalYear: 2026, amount: 9_000_000n, allocated: 1_000_000n },
  });
  const now = Date.now();
  const call = await prisma.call.create({
    data: {
      municipalityId: municipality.id,
      appropriationId: appropriation.id,
      reference: `SB-${unique()}`,
      status: "PUBLISHED",
      titleKy: "Экинчи мэриянын сынагы",
      titleRu: "Конкурс второй мэрии",
      titleEn: "Second municipality's call",
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
    data: {
      ...consentedNow(),
      email: `second-nco-${unique()}@example.kg`,
      fullName: `${MUNI_B_MARKER} NCO`,
      passwordHash: "x",
      locale: "ru",
      emailConfirmedAt: new Date(),
    },
  });
  const organization = await prisma.organization.create({
    data: {
      nameKy: `${MUNI_B_MARKER} уюму`,
      nameRu: `${MUNI_B_MARKER} организация`,
      legalForm: "PUBLIC_FOUNDATION",
      registrationNumber: `SB-${unique()}`,
      tin: `3${String(now).slice(-8)}${String(Math.floor(Math.random() * 1e5)).padStart(5, "0")}`,
      registeredOn: startOfDay("2018-03-03"),
      region: "Иссык-Кульская область",
      address: `${MUNI_B_MARKER} street 2`,
      bankAccount: "1290010000888888",
      bankName: `${MUNI_B_MARKER} bank`,
      members: { create: { userId: user.id, role: "ADMIN" } },
    },
  });
  const attachment = await prisma.attachment.create({
    data: {
      storageKey: randomBytes(16).toString("hex"),
      originalName: `${MUNI_B_MARKER}.pdf`,
      mediaType: "application/pdf",
      size: 10,
      sha256: "0".repeat(64),
      organizationId: organization.id,
      uploadedById: user.id,
    },
  });
  const document = await prisma.storedDocument.create({
    data: {
      organizationId: organization.id,
      kind: "CHARTER",
      title: `${MUNI_B_MARKER} charter`,
      attachmentId: attachment.id,
      uploadedById: user.id,
    },
  });
  const proposal = (status: "DRAFT" | "SUBMITTED") =>
    prisma.proposal.create({
      data: {
        callId: call.id,
        organizationId: organization.id,
        reference: `SBP-${unique()}`,
        status,
        title: `${MUNI_B_MARKER} proposal ${status}`,
        summary: `${MUNI_B_MARKER} summary`,
        createdById: user.id,
        submittedAt: status === "SUBMITTED" ? new Date(now - 3_600_000) : null,
        budgetLines: {
          create: [
            {
              position: 1,
              category: "staff",
              description: `${MUNI_B_MARKER} line`,
              unit: "month",
              quantity: 100,
              unitCost: 10_000n,
              requested: 10_000n,
            },
          ],
        },
        attachments: { create: [{ kind: "CHARTER" as const, storedDocumentId: document.id }] },
      },
    });
  const draft = await proposal("DRAFT");
  const submitted = await proposal("SUBMITTED");
  await prisma.proposalVersion.create({
    data: {
      proposalId: submitted.id,
      number: 1,
      content: { title: `${MUNI_B_MARKER} proposal` },
      contentSha256: "2".repeat(64),
      receiptNumber: `SBR-${unique()}`,
      idempotencyKey: `sb-${unique()}`,
      submittedById: user.id,
      submittedAt: new Date(now - 3_600_000),
    },
  });
  const question = await prisma.clarificationQuestion.create({
    data: { callId: call.id, askedById: user.id, organizationId: organization.id, question: `${MUNI_B_MARKER} question?`, language: "ru" },
  });
  const { statement, line } = await privateStatement(municipality.id, staff.finance, MUNI_B_MARKER);
  await privateAuditEvent({ id: staff.officer, label: `${MUNI_B_MARKER} officer` }, "Call", call.id);
  return {
    municipalityId: municipality.id,
    call,
    proposals: [draft.id, submitted.id],
    organization,
    user,
    attachment,
    document,
    question,
    statement,
    line,
    staff,
    appropriation,
    programme,
  };
}

/** The ids of one side that a route parameter could name, by the parameter's name. */
export function candidatesForSide(param: string, side: Side): string[] {
  const p = param.toLowerCase();
  const some = (...ids: (string | undefined)[]) => ids.filter((id): id is string => Boolean(id));
  if (p.includes("proposal")) return side.proposals;
  if (p.includes("organization")) return [side.organization.id];
  if (p.includes("attachment") || p.includes("file")) return [side.attachment.id];
  if (p.includes("document")) return [side.document.id, side.attachment.id];
  if (p.includes("question")) return [side.question.id];
  if (p.includes("call")) return [side.call.id];
  if (p.includes("statement")) return [side.statement.id];
  if (p.includes("appropriation")) return some(side.appropriation?.id);
  if (p.includes("programme")) return some(side.programme?.id);
  if (p.includes("award")) return some(side.award?.id);
  if (p.includes("agreement")) return some(side.agreement?.id);
  if (p.includes("milestone")) return some(side.milestone?.id);
  if (p.includes("project")) return some(side.agreement?.id, side.award?.id);
  if (p.includes("user") || p.includes("member")) return [side.user.id];
  if (p === "number") return ["1"];
  if (p === "table") return ["appropriations", "months", "calls", "grants", "payments", "statement"];
  if (p.includes("section")) return ["summary", "budget"];
  return [side.proposals[1]!, side.organization.id];
}

/** Form fields naming this side's objects, for actions whose target comes in the body. */
export function bodyIdsOf(side: Side): Record<string, string> {
  return {
    userId: side.staff.admin,
    organizationId: side.organization.id,
    callId: side.call.id,
    proposalId: side.proposals[1]!,
    statementId: side.statement.id,
    lineId: side.line.id,
    ...(side.paymentOrder ? { paymentOrderId: side.paymentOrder.id, orderId: side.paymentOrder.id } : {}),
    ...(side.award ? { awardId: side.award.id } : {}),
    ...(side.appropriation ? { appropriationId: side.appropriation.id } : {}),
  };
}

/** Every row of a side the other side's staff must not change. */
export async function sideFingerprint(side: Side) {
  const rows = await Promise.all([
    prisma.organization.findUnique({ where: { id: side.organization.id }, include: { members: true, documents: true, invitations: true } }),
    prisma.proposal.findMany({
      where: { callId: side.call.id },
      orderBy: { id: "asc" },
      include: { budgetLines: true, versions: true, attachments: true },
    }),
    prisma.call.findUnique({ where: { id: side.call.id } }),
    prisma.bankStatementLine.findUnique({ where: { id: side.line.id }, include: { match: true } }),
    prisma.user.findMany({
      where: { id: { in: [...Object.values(side.staff), side.user.id] } },
      orderBy: { id: "asc" },
      select: { id: true, status: true, email: true, fullName: true, passwordHash: true },
    }),
    prisma.roleAssignment.findMany({ where: { municipalityId: side.municipalityId }, orderBy: { id: "asc" } }),
    side.paymentOrder ? prisma.paymentOrder.findUnique({ where: { id: side.paymentOrder.id } }) : null,
    side.agreement ? prisma.agreement.findUnique({ where: { id: side.agreement.id } }) : null,
    side.programme
      ? prisma.budgetProgramme.findUnique({
          where: { id: side.programme.id },
          include: { appropriations: { orderBy: { id: "asc" }, include: { changes: true } } },
        })
      : null,
  ]);
  return JSON.stringify(rows, (_k, v) => (typeof v === "bigint" ? v.toString() : v));
}
