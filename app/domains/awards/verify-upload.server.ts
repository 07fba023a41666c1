import { data } from "@remix-run/node";
import { findAgreementByFileHash } from "~/domains/agreements/agreement-documents.server";
import { discardUpload, receiveUpload, UploadError, type ReceivedUpload } from "~/domains/files/files.server";
import type { FormFailure } from "~/utils/forms.server";
import { findLetterByFileHash } from "./letters.server";

/** A document the portal issued, found by its file's SHA-256; `inForce` is false for a revoked letter or a superseded agreement version. */
export type IssuedDocument = { kind: "letter" | "agreement"; code: string; inForce: boolean };

export type UploadCheck =
  | { ok: true; sha256: string; document: IssuedDocument | null }
  | { ok: false; code: string; status: 400 | 413 | 415; params: Record<string, string> };

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
 * and never kept.
 */
export async function identifyUploadedDocument(request: Request): Promise<UploadCheck> {
  let upload: ReceivedUpload | null = null;
  try {
    upload = await receiveUpload(request, { fileFields: ["file"], maxFiles: 1 });
    const file = upload.files[0];
    if (!file) return { ok: false, code: "awards:validation.fileRequired", status: 400, params: {} };
    if (file.format !== "pdf") return { ok: false, code: "awards:validation.pdfOnly", status: 415, params: {} };
    return { ok: true, sha256: file.sha256, document: await findIssuedDocument(file.sha256) };
  } catch (error) {
    if (!(error instanceof UploadError)) throw error;
    return {
      ok: false,
      code: `files:${error.code}`,
      status: error.status,
      params: Object.fromEntries(Object.entries(error.params).map(([k, v]) => [k, String(v)])),
    };
  } finally {
    await discardUpload(upload);
  }
}

/**
 * A refused upload as the form's answer (the one FormFailure shape). Not `refusedForm`: a PDF-only
 * refusal is a 415 with the letter's own message, which no DomainError status carries.
 */
export function uploadRefused(check: Extract<UploadCheck, { ok: false }>, intent: string) {
  return data<FormFailure>({ errors: {}, intent, formError: check.code, formParams: check.params }, { status: check.status });
}
