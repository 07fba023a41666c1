import { discardUpload, receiveUpload, UploadError, type ReceivedUpload } from "~/domains/files/files.server";
import { findLetterByFileHash } from "./letters.server";

export type UploadCheck =
  | { ok: true; sha256: string; letter: Awaited<ReturnType<typeof findLetterByFileHash>> }
  | { ok: false; code: string; status: 400 | 413 | 415; params: Record<string, string> };

/**
 * The SHA-256 of an uploaded PDF and the issued letter with exactly those
 * bytes, if any. The file is hashed while it streams in and never kept.
 */
export async function identifyUploadedLetter(request: Request): Promise<UploadCheck> {
  let upload: ReceivedUpload | null = null;
  try {
    upload = await receiveUpload(request, { fileFields: ["file"], maxFiles: 1 });
    const file = upload.files[0];
    if (!file) return { ok: false, code: "awards:validation.fileRequired", status: 400, params: {} };
    if (file.format !== "pdf") return { ok: false, code: "awards:validation.pdfOnly", status: 415, params: {} };
    return { ok: true, sha256: file.sha256, letter: await findLetterByFileHash(file.sha256) };
  } catch (error) {
    if (!(error instanceof UploadError)) throw error;
    return { ok: false, code: `files:${error.code}`, status: error.status, params: Object.fromEntries(Object.entries(error.params).map(([k, v]) => [k, String(v)])) };
  } finally {
    await discardUpload(upload);
  }
}
