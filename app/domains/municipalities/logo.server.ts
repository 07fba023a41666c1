import { recordAudit } from "~/domains/audit/audit.server";
import { receiveUpload, saveAttachment, type ReceivedFile } from "~/domains/files/files.server";
import { readStoredBytes } from "~/domains/files/storage.server";
import { imageReadable } from "~/domains/pdf/document.server";
import { prisma, type Db, type Tx } from "~/utils/db.server";
import { DomainError } from "~/utils/domain-error";
import { can, type Actor } from "~/utils/permissions";
import { LOGO_FIELD, LOGO_FORMATS, MAX_LOGO_BYTES } from "./logo-rules";

function ownMunicipalityId(actor: Actor): string {
  if (!can(actor, "manage:municipality:own") || !actor.municipalityId) throw new DomainError("notFound", {}, 404);
  return actor.municipalityId;
}

/** Reads the logo form: one PNG or JPEG of at most 1 MB, checked by its first bytes. Throws UploadError. */
export function receiveLogo(request: Request) {
  return receiveUpload(request, { fileFields: [LOGO_FIELD], maxFileBytes: MAX_LOGO_BYTES, formats: LOGO_FORMATS, maxFields: 5 });
}

/** The current logo's file facts, for the settings page (null: none). */
export async function getOwnLogo({ actor }: { actor: Actor }) {
  const municipality = await prisma.municipality.findUniqueOrThrow({
    where: { id: ownMunicipalityId(actor) },
    select: { logo: { select: { id: true, originalName: true, mediaType: true, size: true, createdAt: true } } },
  });
  return municipality.logo;
}

/**
 * Sets (or replaces) the logo of the actor's municipality. The image is opened
 * by pdfkit before anything commits: a file with the right first bytes that
 * pdfkit cannot draw is refused here, never found broken in a letter.
 */
export async function setOwnLogo({ actor, file, ipAddress = "" }: { actor: Actor; file: ReceivedFile; ipAddress?: string }) {
  const municipalityId = ownMunicipalityId(actor);
  return prisma.$transaction(async (tx) => {
    const before = await tx.municipality.findUniqueOrThrow({ where: { id: municipalityId }, select: { logoId: true } });
    const attachment = await saveAttachment(tx, { actor, file, organizationId: null });
    const bytes = await readStoredBytes(file.storageKey!, MAX_LOGO_BYTES, tx);
    if (!bytes || !(await imageReadable(bytes))) throw new DomainError("municipalities:logo.unreadable", {}, 422);
    await tx.municipality.update({ where: { id: municipalityId }, data: { logoId: attachment.id } });
    await recordAudit(tx, {
      actor,
      action: "municipality.logoSet",
      entityType: "Municipality",
      entityId: municipalityId,
      before: { logoId: before.logoId },
      after: { logoId: attachment.id, mediaType: attachment.mediaType, size: attachment.size, sha256: attachment.sha256 },
      ipAddress,
    });
    return attachment;
  });
}

/** Removes the logo; documents issued afterwards have none. The file stays, as the audit trail names it. */
export async function removeOwnLogo({ actor, ipAddress = "" }: { actor: Actor; ipAddress?: string }) {
  const municipalityId = ownMunicipalityId(actor);
  await prisma.$transaction(async (tx) => {
    const before = await tx.municipality.findUniqueOrThrow({ where: { id: municipalityId }, select: { logoId: true } });
    if (!before.logoId) return;
    await tx.municipality.update({ where: { id: municipalityId }, data: { logoId: null } });
    await recordAudit(tx, {
      actor,
      action: "municipality.logoRemoved",
      entityType: "Municipality",
      entityId: municipalityId,
      before: { logoId: before.logoId },
      after: { logoId: null },
      ipAddress,
    });
  });
}

/** The logo's bytes for a document, or null (none, or missing from storage). Pass the transaction a caller is in. */
export async function logoBytes(logo: { storageKey: string } | null | undefined, db: Db | Tx = prisma): Promise<Buffer | null> {
  if (!logo) return null;
  return readStoredBytes(logo.storageKey, MAX_LOGO_BYTES, db);
}
