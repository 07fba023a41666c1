import { readFile } from "node:fs/promises";
import { discardUpload, receiveUpload, UploadError, type ReceivedUpload } from "~/domains/files/files.server";
import { CSV_FORMAT } from "~/domains/files/file-rules";
import { DomainError } from "~/utils/domain-error";
import type { Actor } from "~/utils/permissions";
import { importStatement, MAX_STATEMENT_BYTES } from "./reconciliation.server";

/**
 * A statement upload read by the portal's own streaming multipart reader
 * (bounded memory, names with "=" or ";" read as names), then imported. The
 * file itself is not kept: its lines are. Throws UploadError for a refused
 * upload and DomainError for a refused statement, each saying what it is.
 */
export async function importStatementUpload({ actor, request }: { actor: Actor; request: Request }) {
  let upload: ReceivedUpload | null = null;
  try {
    upload = await receiveUpload(request, {
      fileFields: ["statement"],
      maxFiles: 1,
      maxFileBytes: MAX_STATEMENT_BYTES,
      maxFields: 5,
      formats: [CSV_FORMAT],
    });
    const file = upload.files[0];
    if (!file) throw new DomainError("finance:error.uploadRequired", {}, 400);
    return await importStatement({ actor, fileName: file.originalName, bytes: new Uint8Array(await readFile(file.incomingPath)) });
  } catch (error) {
    // The files module's own message lists the document formats; a statement is a CSV.
    if (error instanceof UploadError && error.code === "typeNotAllowed")
      throw new DomainError("finance:error.statement.notCsv", { name: String(error.params.name ?? "") }, 422);
    throw error;
  } finally {
    await discardUpload(upload);
  }
}
