import { createHash } from "node:crypto";
import { newVerificationCode, verifyUrl } from "~/domains/awards/letters.server";
import { normalizeVerificationCode } from "~/domains/awards/award-rules";
import { withStoredFiles, type StoreFile } from "~/domains/files/storage.server";
import { prisma, type Tx } from "~/utils/db.server";
import { DomainError } from "~/utils/domain-error";
import { isLocale } from "~/utils/i18n";
import type { Actor } from "~/utils/permissions";
import type { AgreementSnapshot } from "./agreement-rules";
import { agreementParties, renderAgreementPdf } from "./agreement-pdf.server";
import { agreementScope } from "./agreement-scope.server";
import { storedSnapshot } from "./agreement-schemas";

// Agreement PDFs, like award letters: each AgreementVersion is drawn once with
// its own verification code, stored durably before its row is written, and its
// SHA-256 recorded on the row (and, for the version in force, on the Agreement).
// Downloads serve the stored bytes, so anyone holding the file can check it.

type VersionToDraw = {
  number: number;
  snapshot: AgreementSnapshot;
  createdAt: Date;
};

async function drawVersionPdf(tx: Tx, store: StoreFile, agreementId: string, version: VersionToDraw) {
  const verificationCode = newVerificationCode();
  const pdf = await renderAgreementPdf(await agreementParties(tx, agreementId), {
    ...version,
    verificationCode,
    verifyUrl: verifyUrl(verificationCode),
  });
  const pdfSha256 = createHash("sha256").update(pdf).digest("hex");
  const pdfStorageKey = await store(pdf, tx);
  return { verificationCode, pdfStorageKey, pdfSha256 };
}

/**
 * Writes version `number` of the agreement with its PDF (stored first) and
 * makes it the version in force. Call inside the transaction that causes the
 * version, with the `store` of withStoredFiles around that transaction.
 */
export async function writeAgreementVersion(
  tx: Tx,
  store: StoreFile,
  input: {
    agreementId: string;
    number: number;
    snapshot: AgreementSnapshot;
    reason: string;
    createdById: string;
  },
) {
  // Whole seconds: the PDF's dates have no milliseconds, the row must say the same instant.
  const createdAt = new Date(Math.floor(Date.now() / 1000) * 1000);
  const file = await drawVersionPdf(tx, store, input.agreementId, {
    number: input.number,
    snapshot: input.snapshot,
    createdAt,
  });
  await tx.agreementVersion.create({
    data: {
      agreementId: input.agreementId,
      number: input.number,
      snapshot: input.snapshot,
      reason: input.reason,
      createdById: input.createdById,
      createdAt,
      ...file,
    },
  });
  await tx.agreement.update({
    where: { id: input.agreementId },
    data: {
      version: input.number,
      pdfStorageKey: file.pdfStorageKey,
      pdfSha256: file.pdfSha256,
    },
  });
  return { verificationCode: file.verificationCode, pdfSha256: file.pdfSha256 };
}

class AlreadyStored extends Error {}

/** Versions written before PDFs were stored get theirs on first download; of two racing downloads one stores, the other's file is removed. */
async function storeMissingPdf(agreementId: string, number: number) {
  try {
    await withStoredFiles((store) =>
      prisma.$transaction(async (tx) => {
        const version = await tx.agreementVersion.findUniqueOrThrow({
          where: { agreementId_number: { agreementId, number } },
          select: { snapshot: true, createdAt: true, pdfStorageKey: true },
        });
        if (version.pdfStorageKey) throw new AlreadyStored();
        const file = await drawVersionPdf(tx, store, agreementId, {
          number,
          snapshot: storedSnapshot(version.snapshot),
          createdAt: version.createdAt,
        });
        const claimed = await tx.agreementVersion.updateMany({
          where: { agreementId, number, pdfStorageKey: null },
          data: file,
        });
        if (claimed.count !== 1) throw new AlreadyStored();
        await tx.agreement.updateMany({
          where: { id: agreementId, version: number },
          data: {
            pdfStorageKey: file.pdfStorageKey,
            pdfSha256: file.pdfSha256,
          },
        });
      }),
    );
  } catch (error) {
    if (!(error instanceof AlreadyStored)) throw error;
  }
}

/** The stored PDF of the version in force, for staff of the municipality and the NCO's members; anyone else gets a 404. */
export async function getAgreementPdfForDownload({ actor, agreementId }: { actor: Actor; agreementId: string }) {
  const scope = agreementScope(actor);
  const agreement = scope
    ? await prisma.agreement.findFirst({
        where: { id: agreementId, ...scope },
        select: { id: true, number: true, version: true },
      })
    : null;
  if (!agreement) throw new DomainError("grants:error.notFound", {}, 404);
  const find = () =>
    prisma.agreementVersion.findUniqueOrThrow({
      where: {
        agreementId_number: {
          agreementId: agreement.id,
          number: agreement.version,
        },
      },
      select: { number: true, pdfStorageKey: true, pdfSha256: true },
    });
  let version = await find();
  if (!version.pdfStorageKey) {
    await storeMissingPdf(agreement.id, version.number);
    version = await find();
  }
  return {
    number: agreement.number,
    version: version.number,
    storageKey: version.pdfStorageKey!,
    sha256: version.pdfSha256!,
  };
}

/** The public facts of an agreement version by its verification code (the verify page), or null. */
export async function getAgreementByCode(input: string) {
  const code = normalizeVerificationCode(input);
  if (!code) return null;
  const version = await prisma.agreementVersion.findUnique({
    where: { verificationCode: code },
    select: {
      agreementId: true,
      number: true,
      createdAt: true,
      snapshot: true,
      pdfSha256: true,
      agreement: {
        select: {
          number: true,
          status: true,
          version: true,
          language: true,
          signedOn: true,
          award: {
            select: {
              reference: true,
              organization: {
                select: {
                  nameKy: true,
                  nameRu: true,
                  nameEn: true,
                  registrationNumber: true,
                  tin: true,
                },
              },
              proposal: { select: { title: true } },
              call: {
                select: {
                  reference: true,
                  municipality: {
                    select: { nameKy: true, nameRu: true, nameEn: true },
                  },
                },
              },
            },
          },
        },
      },
    },
  });
  if (!version) return null;
  const { agreement } = version;
  const snapshot = storedSnapshot(version.snapshot);
  const current =
    agreement.version === version.number
      ? null
      : await prisma.agreementVersion.findUnique({
          where: {
            agreementId_number: {
              agreementId: version.agreementId,
              number: agreement.version,
            },
          },
          select: { number: true, createdAt: true, verificationCode: true },
        });
  const dueDates = snapshot.milestones.map((m) => m.dueOn).sort();
  return {
    kind: "agreement" as const,
    code,
    number: agreement.number,
    version: version.number,
    issuedAt: version.createdAt,
    status: agreement.status,
    signedOn: agreement.signedOn,
    endsOn: dueDates.at(-1) ?? null,
    amountTyiyn: snapshot.amount,
    language: isLocale(agreement.language) ? agreement.language : "ky",
    organization: agreement.award.organization,
    municipality: agreement.award.call.municipality,
    projectTitle: agreement.award.proposal.title,
    callReference: agreement.award.call.reference,
    awardReference: agreement.award.reference,
    fileSha256: version.pdfSha256 ?? "",
    supersededBy: current,
  };
}

/** The agreement version whose stored PDF has exactly this SHA-256, if any. */
export async function findAgreementByFileHash(sha256: string) {
  const version = await prisma.agreementVersion.findUnique({
    where: { pdfSha256: sha256 },
    select: {
      verificationCode: true,
      number: true,
      agreement: { select: { version: true } },
    },
  });
  return version?.verificationCode
    ? {
        verificationCode: version.verificationCode,
        superseded: version.number !== version.agreement.version,
      }
    : null;
}
