import { findAgreementByFileHash } from "~/domains/agreements/agreement-documents.server";
import { discardUpload, receiveUpload, type ReceivedUpload } from "~/domains/files/files.server";
import { DomainError } from "~/utils/domain-error";
import { findLetterByFileHash } from "./letters.server";

/** A document the portal issued, found by its file's SHA-256; `inForce` is false for a revoked letter or a superseded agreement version. */
export type IssuedDocument = { kind: "letter" | "agreement"; code: string; inForce: boolean };

/** An uploaded file's hash and the issued document with exactly those bytes, if any. */
export type UploadCheck = { sha256: string; document: IssuedDocument | null };

async function findIssuedDocument(sha256: string): Promise<IssuedDocument | null> {
  const letter = await findLetterByFileHash(sha256);
  if (letter) return { kind: "letter", code: letter.verificationCode, inForce: !letter.revokedAt };
  const agreement = await findAgreementByFileHash(sha256);
  if (agreement) return { kind: "agreement", code: agreement.verificationCode, inForce: !agreement.superseded };
  return null;
}

/**
 * The SHA-256 of an uploaded PDF and the issued letter or agreement version
 * with exactly those bytes, if any. The file is hashed while it streams in
 * and never kept. A missing file or one that is not a PDF is refused with a
 * DomainError (400, 415), a refused upload with its UploadError: the route
 * answers either with `refusedForm`.
 */
export async function identifyUploadedDocument(request: Request): Promise<UploadCheck> {
  let upload: ReceivedUpload | null = null;
  try {
    upload = await receiveUpload(request, { fileFields: ["file"], maxFiles: 1 });
    const file = upload.files[0];
    if (!file) throw new DomainError("awards:validation.fileRequired", {}, 400);
    if (file.format !== "pdf") throw new DomainError("awards:validation.pdfOnly", {}, 415);
    return { sha256: file.sha256, document: await findIssuedDocument(file.sha256) };
  } finally {
    await discardUpload(upload);
  }
}
