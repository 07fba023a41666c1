// The commission's copies of the dossiers (proposals/dossier.server.ts renders them): one proposal's
// for a member who may open it, or every such proposal of the call as one ZIP, streamed.
import archiver, { type Archiver } from "archiver";
import { PassThrough, type Readable } from "node:stream";
import { openStoredFile } from "~/domains/files/storage.server";
import { renderDossierPdf, reviewedDossier, dossierFileName, type Dossier } from "~/domains/proposals/dossier.server";
import { snapshotAnswersOf } from "~/domains/proposals/proposal-answers";
import { prisma } from "~/utils/db.server";
import type { AppLocale } from "~/utils/i18n";
import { logger } from "~/utils/logger.server";
import type { Actor } from "~/utils/permissions";
import { notFound } from "./access.server";
import { openableProposalIds, requireOpenableProposal } from "./scoring.server";

/** The dossier of a proposal a member may open (declared, not conflicted); anything else is 404 (or 409 to declare first). */
export async function getMemberDossier({
  actor,
  callId,
  proposalId,
  now = new Date(),
}: {
  actor: Actor;
  callId: string;
  proposalId: string;
  now?: Date;
}): Promise<Dossier> {
  await requireOpenableProposal(actor, callId, proposalId, now);
  const dossier = await reviewedDossier(proposalId);
  if (!dossier) throw notFound();
  return dossier;
}

/** Appends one entry and waits until archiver has written it: one stored file open at a time. */
function appendEntry(zip: Archiver, source: Buffer | Readable, name: string) {
  return new Promise<void>((resolve, reject) => {
    const done = () => {
      zip.off("error", failed);
      resolve();
    };
    const failed = (error: Error) => {
      zip.off("entry", done);
      reject(error);
    };
    zip.once("entry", done);
    zip.once("error", failed);
    zip.append(source, { name });
  });
}

/** A name safe inside a ZIP on every system: no path, no control or reserved characters. */
export function zipEntryName(name: string) {
  const cleaned = [...name]
    .map((c) => (c.charCodeAt(0) < 32 ? "_" : c))
    .join("")
    .replace(/[\\/:*?"<>|]/g, "_")
    .replace(/^\.+/, "_")
    .trim();
  return cleaned.slice(0, 120) || "file";
}

/**
 * Every proposal of the call the member may open, as one ZIP: each one's dossier and its files, in a
 * folder named by its reference. Streamed entry by entry (one stored file open at a time), so memory
 * stays bounded whatever the call holds. Checks run before the first byte: a refusal is a status.
 */
export async function streamCallDossiers({
  actor,
  callId,
  locale,
  now = new Date(),
}: {
  actor: Actor;
  callId: string;
  locale: AppLocale;
  now?: Date;
}) {
  const proposalIds = await openableProposalIds(actor, callId, now);
  const { reference } = await prisma.call.findUniqueOrThrow({ where: { id: callId }, select: { reference: true } });
  // Stored, not deflated: the files are PDFs, images and office documents, compressed already.
  const zip = archiver("zip", { store: true });
  const out = new PassThrough();
  zip.on("warning", (error) => logger.warn({ err: error, callId }, "dossier zip warning"));
  zip.on("error", (error) => {
    logger.error({ err: error, callId }, "dossier zip failed");
    out.destroy(error);
  });
  zip.pipe(out);
  void (async () => {
    for (const proposalId of proposalIds) {
      const dossier = await reviewedDossier(proposalId);
      if (!dossier) continue;
      const folder = zipEntryName(dossier.version.proposal.reference);
      await appendEntry(zip, await renderDossierPdf(dossier, locale), `${folder}/${dossierFileName(dossier)}`);
      const files = await prisma.attachment.findMany({
        where: {
          id: {
            in: [
              ...dossier.content.documents.flatMap((d) => (d.attachmentId ? [d.attachmentId] : [])),
              // Files answering the call's questions (decision 0077).
              ...snapshotAnswersOf(dossier.version.content).flatMap((a) => (a.file ? [a.file.attachmentId] : [])),
            ],
          },
        },
        select: { id: true, storageKey: true, originalName: true },
      });
      for (const [index, file] of files.entries()) {
        await appendEntry(zip, await openStoredFile(file.storageKey), `${folder}/${index + 1}-${zipEntryName(file.originalName)}`);
      }
    }
    await zip.finalize();
  })().catch((error: unknown) => {
    logger.error({ err: error, callId }, "dossier zip failed");
    zip.abort();
    out.destroy(error instanceof Error ? error : new Error(String(error)));
  });
  return { stream: out, count: proposalIds.length, reference };
}
