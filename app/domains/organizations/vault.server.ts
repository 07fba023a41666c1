import { recordAudit } from "~/domains/audit/audit.server";
import { saveAttachment, type ReceivedFile } from "~/domains/files/files.server";
import { prisma } from "~/utils/db.server";
import { DomainError } from "~/utils/domain-error";
import { assertCan, type Actor } from "~/utils/permissions";
import { startOfDay } from "~/utils/time";
import type { VaultDocumentSchema } from "./organization-schemas";
import { organizationScope, requireMembership } from "./organizations.server";
import type { z } from "zod";

// The organization's vault: reusable documents (charter, registration
// certificate ...) kept once and referenced by proposals (StoredDocument ids).

const documentSelect = {
  id: true,
  kind: true,
  title: true,
  validUntil: true,
  createdAt: true,
  archivedAt: true,
  attachment: { select: { id: true, originalName: true, mediaType: true, size: true, sha256: true } },
} as const;

/** The vault as the actor may see it (members, and staff who read organizations); null means 404. */
export async function listDocuments({
  actor,
  organizationId,
  archived = false,
}: {
  actor: Actor;
  organizationId: string;
  archived?: boolean;
}) {
  const organization = await prisma.organization.findFirst({
    where: { id: organizationId, ...organizationScope(actor) },
    select: { id: true },
  });
  if (!organization) return null;
  return prisma.storedDocument.findMany({
    where: { organizationId, archivedAt: archived ? { not: null } : null },
    orderBy: [{ kind: "asc" }, { createdAt: "desc" }],
    select: documentSelect,
  });
}

/**
 * One active document of the organization, for a proposal to reference; null
 * when it is another organization's, archived or unknown. Proposals call this
 * before linking a StoredDocument id.
 */
export async function findUsableDocument({ organizationId, documentId }: { organizationId: string; documentId: string }) {
  return prisma.storedDocument.findFirst({ where: { id: documentId, organizationId, archivedAt: null }, select: documentSelect });
}

/** Keeps an uploaded file in the vault: the file, its Attachment row, the document and the audit event commit together. */
export async function storeDocument({
  actor,
  organizationId,
  input,
  file,
  ipAddress,
}: {
  actor: Actor;
  organizationId: string;
  input: z.output<typeof VaultDocumentSchema>;
  file: ReceivedFile;
  ipAddress?: string;
}) {
  assertCan(actor, "manage:document:own");
  return prisma.$transaction(async (tx) => {
    await requireMembership(tx, actor, organizationId);
    const attachment = await saveAttachment(tx, { actor, file, organizationId });
    const document = await tx.storedDocument.create({
      data: {
        organizationId,
        kind: input.kind,
        title: input.title,
        validUntil: input.validUntil ? startOfDay(input.validUntil) : null,
        attachmentId: attachment.id,
        uploadedById: actor.id,
      },
      select: { id: true },
    });
    await recordAudit(tx, {
      actor,
      action: "document.stored",
      entityType: "StoredDocument",
      entityId: document.id,
      after: {
        organizationId,
        kind: input.kind,
        title: input.title,
        validUntil: input.validUntil || null,
        attachmentId: attachment.id,
        sha256: attachment.sha256,
        size: attachment.size,
      },
      ipAddress,
    });
    return { id: document.id, attachmentId: attachment.id };
  });
}

/** Takes a document out of use; proposals that already reference it keep it. */
export async function archiveDocument({
  actor,
  organizationId,
  documentId,
  ipAddress,
  now = new Date(),
}: {
  actor: Actor;
  organizationId: string;
  documentId: string;
  ipAddress?: string;
  now?: Date;
}) {
  assertCan(actor, "manage:document:own");
  await prisma.$transaction(async (tx) => {
    await requireMembership(tx, actor, organizationId);
    const archived = await tx.storedDocument.updateMany({
      where: { id: documentId, organizationId, archivedAt: null },
      data: { archivedAt: now },
    });
    if (archived.count !== 1) throw new DomainError("notFound", {}, 404);
    await recordAudit(tx, {
      actor,
      action: "document.archived",
      entityType: "StoredDocument",
      entityId: documentId,
      after: { organizationId, archivedAt: now },
      ipAddress,
      now,
    });
  });
}
