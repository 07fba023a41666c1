import { recordAudit } from "~/domains/audit/audit.server";
import { saveAttachment, type ReceivedFile } from "~/domains/files/files.server";
import { prisma } from "~/utils/db.server";
import { DomainError } from "~/utils/domain-error";
import { assertCan, type Actor } from "~/utils/permissions";
import { callPhase } from "./calls-rules";
import { notifySubscribers } from "./calls.server";

// Call documents (terms of reference, forms to fill in) are public files with
// no owning organization; they are served by this module to anyone who may
// see the call, through the files module's streaming response.

const documentSelect = {
  id: true,
  titleKy: true,
  titleRu: true,
  titleEn: true,
  createdAt: true,
  attachment: { select: { id: true, originalName: true, mediaType: true, size: true } },
} as const;

async function managedCall(actor: Actor, callId: string) {
  assertCan(actor, "manage:call:any");
  const call = await prisma.call.findFirst({
    where: { id: callId, municipalityId: actor.municipalityId ?? "" },
    select: {
      id: true,
      reference: true,
      status: true,
      publishAt: true,
      submissionDeadline: true,
      titleKy: true,
      titleRu: true,
      titleEn: true,
    },
  });
  if (!call) throw new DomainError("notFound", {}, 404);
  return call;
}

/** Checks, before the body is read, that the actor may add a document to this call now. */
export async function assertCanAddDocument(actor: Actor, callId: string, now = new Date()) {
  const call = await managedCall(actor, callId);
  const phase = callPhase(call, now);
  if (phase !== "draft" && phase !== "scheduled" && phase !== "open") throw new DomainError("calls:errors.documentsClosed", {}, 409);
  return call;
}

/**
 * Adds a received file to the call. On a published call the followers are
 * told: a new document can change what a proposal needs.
 */
export async function addCallDocument(input: {
  actor: Actor;
  callId: string;
  file: ReceivedFile;
  titleKy: string;
  titleRu: string;
  titleEn: string;
  now?: Date;
}) {
  const { actor, callId, file, now = new Date() } = input;
  const call = await assertCanAddDocument(actor, callId, now);
  return prisma.$transaction(async (tx) => {
    const attachment = await saveAttachment(tx, { actor, file, organizationId: null });
    const document = await tx.callDocument.create({
      data: { callId, attachmentId: attachment.id, titleKy: input.titleKy, titleRu: input.titleRu, titleEn: input.titleEn, createdAt: now },
      select: { id: true },
    });
    await recordAudit(tx, {
      actor,
      action: "call.document_added",
      entityType: "Call",
      entityId: callId,
      after: {
        documentId: document.id,
        attachmentId: attachment.id,
        name: attachment.originalName,
        sha256: attachment.sha256,
        titleRu: input.titleRu,
      },
      now,
    });
    if (call.status === "PUBLISHED") {
      await notifySubscribers(tx, {
        callId,
        template: "call.document-added",
        dedupe: `document:${document.id}`,
        call,
        extra: { document: input.titleRu },
      });
    }
    return document;
  });
}

/** A draft's document can be taken back; once published, a document stays (people may have read it). */
export async function removeCallDocument({ actor, callId, documentId }: { actor: Actor; callId: string; documentId: string }) {
  const call = await managedCall(actor, callId);
  if (call.status !== "DRAFT") throw new DomainError("calls:errors.documentsPublished", {}, 409);
  await prisma.$transaction(async (tx) => {
    const removed = await tx.callDocument.deleteMany({ where: { id: documentId, callId } });
    if (removed.count !== 1) throw new DomainError("notFound", {}, 404);
    await recordAudit(tx, { actor, action: "call.document_removed", entityType: "Call", entityId: callId, before: { documentId } });
  });
}

export async function listCallDocuments(callId: string) {
  return prisma.callDocument.findMany({ where: { callId }, orderBy: { createdAt: "asc" }, select: documentSelect });
}
