import { applyingTo } from "~/domains/organizations/organizations.server";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { prisma, type Tx } from "~/utils/db.server";
import { logger } from "~/utils/logger.server";
import { can, type Actor } from "~/utils/permissions";
import { contentDisposition } from "./file-rules";
import { newStorageKey, openStoredFile, placeFile, removeStoredFile, storedFileSize } from "./storage.server";
import { discardIncoming, type ReceivedFile, type ReceivedUpload } from "./upload.server";

export { receiveUpload, UploadError, type ReceivedFile, type ReceivedUpload, type UploadLimits } from "./upload.server";

const attachmentSelect = { id: true, originalName: true, mediaType: true, size: true, sha256: true, createdAt: true } as const;

/**
 * Moves a received file into place under a new key and records it, inside the
 * caller's transaction (so the row commits with whatever refers to it).
 * `organizationId` is the owner: its members may download the file.
 */
export async function saveAttachment(
  tx: Tx,
  { actor, file, organizationId }: { actor: Actor; file: ReceivedFile; organizationId: string | null },
) {
  if (file.storageKey) throw new Error("this file was already saved");
  const storageKey = newStorageKey();
  // Database backend: the content is written in `tx`, with the row.
  await placeFile(file.incomingPath, storageKey, tx);
  file.storageKey = storageKey;
  return tx.attachment.create({
    data: {
      storageKey,
      originalName: file.originalName,
      mediaType: file.mediaType,
      size: file.size,
      sha256: file.sha256,
      uploadedById: actor.id,
      organizationId,
    },
    select: attachmentSelect,
  });
}

/**
 * Call in a `finally` after receiveUpload: removes every received file that
 * did not end up as an Attachment row (not saved, or its transaction rolled
 * back). Saved files are left alone.
 */
export async function discardUpload(upload: ReceivedUpload | null | undefined) {
  if (!upload) return;
  await discardIncoming(upload);
  const placed = upload.files.filter((f) => f.storageKey).map((f) => f.storageKey!);
  if (placed.length === 0) return;
  const kept = new Set(
    (await prisma.attachment.findMany({ where: { storageKey: { in: placed } }, select: { storageKey: true } })).map((a) => a.storageKey),
  );
  await Promise.all(placed.filter((key) => !kept.has(key)).map(removeStoredFile));
}

/**
 * An attachment the actor may download, or null (answer 404). Members of the
 * owning organization; staff who read organizations or proposals for any
 * owner-organization file; the uploader for a file with no owner. Other
 * readers (a commission member's assigned proposals, public call documents)
 * are decided by their own domain, which then calls attachmentResponse.
 */
export async function getAttachmentForDownload({ actor, attachmentId }: { actor: Actor; attachmentId: string }) {
  const staff = can(actor, "read:organization:any") || can(actor, "read:proposal:any");
  const own = actor.organizations.map((o) => o.id);
  const attachment = await prisma.attachment.findFirst({
    where: {
      id: attachmentId,
      OR: [
        { organizationId: { in: own } },
        ...(staff ? [{ organizationId: { not: null } }] : []),
        { organizationId: null, uploadedById: actor.id },
      ],
    },
    select: { ...attachmentSelect, storageKey: true, organizationId: true },
  });
  // Staff: files of organizations applying to their own municipality only (issue 17 item 2, decision 0048).
  const owner = attachment?.organizationId;
  if (owner && !own.includes(owner) && !(await prisma.organization.count({ where: { id: owner, ...applyingTo(actor.municipalityId) } })))
    return null;
  return attachment;
}

/**
 * The file as a download, streamed from storage in chunks. The original name
 * appears only in an encoded Content-Disposition; the type is the one checked
 * at upload, and the browser is told not to guess another. A file missing
 * from storage (a lost disk, a bad restore) answers 404, never a 500
 * mid-stream; the size sent is the stored one.
 */
export async function attachmentResponse(attachment: { storageKey: string; originalName: string; mediaType: string; sha256: string }) {
  const size = await storedFileSize(attachment.storageKey);
  if (size === null) {
    logger.error({ storageKey: attachment.storageKey }, "attachment file missing from storage");
    throw new Response("Not found: the file is missing from the portal's storage.", {
      status: 404,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  }
  const stream = await openStoredFile(attachment.storageKey);
  return new Response(createReadableStreamFromReadable(stream), {
    status: 200,
    headers: {
      "Content-Type": attachment.mediaType,
      "Content-Length": String(size),
      "Content-Disposition": contentDisposition(attachment.originalName),
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "default-src 'none'; sandbox",
      "Cache-Control": "private, no-store",
      ETag: `"${attachment.sha256}"`,
    },
  });
}
