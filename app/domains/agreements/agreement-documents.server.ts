import { createHash } from "node:crypto";
import { newVerificationCode, verifyUrl } from "~/domains/awards/letters.server";
import { normalizeVerificationCode } from "~/domains/awards/award-rules";
import { withStoredFiles, type StoreFile } from "~/domains/files/storage.server";
import { prisma, type Tx } from "~/utils/db.server";
import { DomainError } from "~/utils/domain-error";
import { DEFAULT_LOCALE, isLocale } from "~/utils/i18n";
import type { Actor } from "~/utils/permissions";
import type { AgreementSnapshot } from "./agreement-rules";
import { byTextRole, documentTexts } from "~/domains/pdf/text-roles";
import { agreementParties, renderAgreementPdf, type AgreementParties, type AgreementTextDraw } from "./agreement-pdf.server";
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

/** Draws and stores one text of a version; returns what its row records. */
async function drawText(
  tx: Tx,
  store: StoreFile,
  parties: AgreementParties,
  version: VersionToDraw,
  text: AgreementTextDraw,
  verificationCode: string,
) {
  const pdf = await renderAgreementPdf(parties, { ...version, verificationCode, verifyUrl: verifyUrl(verificationCode) }, text);
  const pdfSha256 = createHash("sha256").update(pdf).digest("hex");
  const pdfStorageKey = await store(pdf, tx);
  return { verificationCode, pdfStorageKey, pdfSha256 };
}

/**
 * Draws a version's texts (decision 0080): the Kyrgyz binding text, recorded on the version's row,
 * and the Russian parallel (and, for an organization that works in English, a courtesy) text.
 */
async function drawVersionTexts(tx: Tx, store: StoreFile, agreementId: string, version: VersionToDraw) {
  const parties = await agreementParties(tx, agreementId);
  const texts = documentTexts(parties.language === "en").map((text) => ({ ...text, verificationCode: newVerificationCode() }));
  const drawn = [];
  for (const text of texts) {
    const companions = texts.filter((other) => other !== text);
    drawn.push({ ...text, ...(await drawText(tx, store, parties, version, { ...text, companions }, text.verificationCode)) });
  }
  const [binding, ...others] = drawn;
  return { binding: binding!, others };
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
  const { binding, others } = await drawVersionTexts(tx, store, input.agreementId, {
    number: input.number,
    snapshot: input.snapshot,
    createdAt,
  });
  const file = { verificationCode: binding.verificationCode, pdfStorageKey: binding.pdfStorageKey, pdfSha256: binding.pdfSha256 };
  await tx.agreementVersion.create({
    data: {
      agreementId: input.agreementId,
      number: input.number,
      snapshot: input.snapshot,
      reason: input.reason,
      createdById: input.createdById,
      createdAt,
      textRole: "BINDING",
      ...file,
      texts: {
        create: others.map((text) => ({
          language: text.language,
          textRole: text.role,
          verificationCode: text.verificationCode,
          pdfStorageKey: text.pdfStorageKey,
          pdfSha256: text.pdfSha256,
        })),
      },
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
        // Drawn as it would have been then: one text in the agreement's language.
        const parties = await agreementParties(tx, agreementId);
        const draw = { number, snapshot: storedSnapshot(version.snapshot), createdAt: version.createdAt };
        const language = isLocale(parties.language) ? parties.language : DEFAULT_LOCALE;
        const file = await drawText(tx, store, parties, draw, { language, role: "SOLE", companions: [] }, newVerificationCode());
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

/**
 * A stored text of the version in force, for staff of the municipality and the NCO's members (anyone else gets a 404):
 * the one in `language` when the version has one, otherwise the binding (or only) text.
 */
export async function getAgreementPdfForDownload({
  actor,
  agreementId,
  language,
}: {
  actor: Actor;
  agreementId: string;
  language?: string | null;
}) {
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
      select: {
        number: true,
        pdfStorageKey: true,
        pdfSha256: true,
        texts: {
          where: { language: isLocale(language) ? language : "ky" },
          select: { language: true, pdfStorageKey: true, pdfSha256: true },
        },
      },
    });
  let version = await find();
  if (!version.pdfStorageKey) {
    await storeMissingPdf(agreement.id, version.number);
    version = await find();
  }
  const text = version.texts[0];
  return {
    number: agreement.number,
    version: version.number,
    language: text?.language ?? null,
    storageKey: text?.pdfStorageKey ?? version.pdfStorageKey!,
    sha256: text?.pdfSha256 ?? version.pdfSha256!,
  };
}

/** The public facts of an agreement version by its verification code (the verify page), or null. */
export async function getAgreementByCode(input: string) {
  const code = normalizeVerificationCode(input);
  if (!code) return null;
  // The code is a version's binding (or only) text's, or one of its other texts'.
  const text = await prisma.agreementText.findUnique({
    where: { verificationCode: code },
    select: { versionId: true, language: true, textRole: true, pdfSha256: true },
  });
  const version = await prisma.agreementVersion.findFirst({
    where: text ? { id: text.versionId } : { verificationCode: code },
    select: {
      agreementId: true,
      number: true,
      createdAt: true,
      snapshot: true,
      pdfSha256: true,
      verificationCode: true,
      textRole: true,
      texts: { select: { language: true, textRole: true, verificationCode: true } },
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
  const language = isLocale(agreement.language) ? agreement.language : "ky";
  const set = [
    {
      language: version.textRole === "BINDING" ? ("ky" as const) : language,
      textRole: version.textRole,
      verificationCode: version.verificationCode,
    },
    ...version.texts,
  ];
  const self = set.find((member) => member.verificationCode === code) ?? set[0]!;
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
    language,
    textLanguage: self.language,
    textRole: self.textRole,
    companions: byTextRole(set.filter((member) => member !== self)),
    organization: agreement.award.organization,
    municipality: agreement.award.call.municipality,
    projectTitle: agreement.award.proposal.title,
    callReference: agreement.award.call.reference,
    awardReference: agreement.award.reference,
    fileSha256: (text ? text.pdfSha256 : version.pdfSha256) ?? "",
    supersededBy: current,
  };
}

/** The agreement text (a version's binding or only text, or one of its other texts) whose stored PDF has exactly this SHA-256, if any. */
export async function findAgreementByFileHash(sha256: string) {
  const select = { verificationCode: true, number: true, agreement: { select: { version: true } } } as const;
  const text = await prisma.agreementText.findUnique({
    where: { pdfSha256: sha256 },
    select: { verificationCode: true, version: { select } },
  });
  const version = text?.version ?? (await prisma.agreementVersion.findUnique({ where: { pdfSha256: sha256 }, select }));
  const verificationCode = text?.verificationCode ?? version?.verificationCode;
  return version && verificationCode
    ? {
        verificationCode,
        superseded: version.number !== version.agreement.version,
      }
    : null;
}
