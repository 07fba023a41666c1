import { createHash } from "node:crypto";
import type { Readable } from "node:stream";
import busboy from "busboy";
import {
  checkDeclaration,
  contentMatches,
  displayName,
  FILE_FORMATS,
  MAX_FILE_BYTES,
  MiB,
  SIGNATURE_BYTES,
  type FileFormat,
} from "./file-rules";
import { createIncomingFile, removeFile } from "./storage.server";
import { errorCode } from "~/utils/guards";
import { logger } from "~/utils/logger.server";

export type UploadErrorCode =
  | "notMultipart"
  | "malformed"
  | "tooLarge"
  | "totalTooLarge"
  | "tooManyParts"
  | "fieldTooLong"
  | "unexpectedFile"
  | "typeNotAllowed"
  | "contentMismatch"
  | "empty";

const STATUS: Record<UploadErrorCode, 400 | 413 | 415> = {
  notMultipart: 415,
  malformed: 400,
  tooLarge: 413,
  totalTooLarge: 413,
  tooManyParts: 413,
  fieldTooLong: 413,
  unexpectedFile: 400,
  typeNotAllowed: 415,
  contentMismatch: 415,
  empty: 400,
};

/**
 * An upload refused before anything was kept. `code` is a key of the "files"
 * namespace (the message says what to do); `status` is the HTTP answer.
 * `connectionSpoiled` means the rest of the body was not read: the answer
 * must close the connection.
 */
export class UploadError extends Error {
  readonly status: 400 | 413 | 415;
  /** Text fields received before the refusal, to give them back to the form. */
  fields: Record<string, string> = {};
  constructor(
    readonly code: UploadErrorCode,
    readonly params: Record<string, string | number> = {},
    public connectionSpoiled = false,
  ) {
    super(`files:${code}`);
    this.name = "UploadError";
    this.status = STATUS[code];
  }
}

export type UploadLimits = {
  /** Names of the form fields that may carry a file; a file in any other part is refused. */
  fileFields: readonly string[];
  /** Files in one request (default 1). */
  maxFiles?: number;
  /** Bytes a file (default and ceiling MAX_FILE_BYTES, 10 MB). */
  maxFileBytes?: number;
  /** Bytes of all files together, e.g. what is left of a proposal's 50 MB (default maxFiles x maxFileBytes). */
  maxTotalBytes?: number;
  /** Text fields (default 20), each at most maxFieldBytes (default 64 KiB). */
  maxFields?: number;
  maxFieldBytes?: number;
  /** The formats accepted (default FILE_FORMATS, the documents a person may keep). */
  formats?: readonly FileFormat[];
};

/** A file received in full, checked, hashed and fsynced in STORAGE_DIR/.incoming; not yet an Attachment. */
export type ReceivedFile = {
  field: string;
  /** For display only (see displayName). */
  originalName: string;
  /** The stored type, from the checked format; never the browser's claim. */
  mediaType: string;
  format: FileFormat["id"];
  size: number;
  sha256: string;
  incomingPath: string;
  /** Set once saveAttachment has moved it into place. */
  storageKey?: string;
};

export type ReceivedUpload = { fields: Record<string, string>; files: ReceivedFile[] };

// Room for part headers and the text fields around the files.
const FORM_OVERHEAD_BYTES = 1 * MiB;
// A person who picked a too-large file should get a page saying so, and a
// browser shows that page only when the server read its whole request. Up to
// this much more is read and thrown away; past it the connection is dropped.
export const DRAIN_ALLOWANCE_BYTES = 32 * MiB;

/**
 * Streams a multipart/form-data request: each file goes to a temporary file
 * while it is hashed (SHA-256) and counted, and is checked against its
 * extension by its first bytes. Memory stays bounded whatever the body: the
 * request is pulled chunk by chunk with back-pressure, and reading stops at
 * the first broken limit (bytes per file, bytes in total, parts, field
 * sizes, raw body size).
 *
 * Throws UploadError (nothing kept), a plain Error when the server cannot keep
 * the file (a full disk: logged, answered as a server error, never blamed on
 * the sender), or returns the files; the caller then
 * saves them with saveAttachment inside its transaction and must call
 * discardUpload in a `finally`.
 */
export async function receiveUpload(request: Request, limits: UploadLimits): Promise<ReceivedUpload> {
  const maxFiles = limits.maxFiles ?? 1;
  const maxFileBytes = Math.min(limits.maxFileBytes ?? MAX_FILE_BYTES, MAX_FILE_BYTES);
  const maxTotalBytes = Math.max(0, limits.maxTotalBytes ?? maxFiles * maxFileBytes);
  const maxFields = limits.maxFields ?? 20;
  const maxFieldBytes = limits.maxFieldBytes ?? 64 * 1024;
  const rawCap = Math.min(maxTotalBytes, maxFiles * maxFileBytes) + FORM_OVERHEAD_BYTES + maxFields * maxFieldBytes;

  // A body larger than any allowed form: say which limit a person would have broken.
  const overCap = () =>
    maxTotalBytes < maxFiles * maxFileBytes
      ? new UploadError("totalTooLarge", { limit: maxTotalBytes })
      : new UploadError("tooLarge", { limit: maxFileBytes });

  const contentType = request.headers.get("Content-Type") ?? "";
  if (!/^multipart\/form-data\s*;/i.test(contentType)) throw new UploadError("notMultipart");
  if (!request.body) throw new UploadError("malformed");
  const declaredLength = Number(request.headers.get("Content-Length") ?? NaN);
  if (declaredLength > rawCap) {
    // Said up front: no need to parse anything.
    throw await refuse(request.body.getReader(), overCap(), declaredLength > rawCap + DRAIN_ALLOWANCE_BYTES ? 0 : DRAIN_ALLOWANCE_BYTES);
  }

  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: { "content-type": contentType },
      defParamCharset: "utf8",
      limits: {
        files: maxFiles,
        fields: maxFields,
        parts: maxFiles + maxFields,
        fieldSize: maxFieldBytes,
        fieldNameSize: 100,
        headerPairs: 20,
        // One byte more than allowed, so that the reader below sees the overflow and refuses it.
        fileSize: maxFileBytes + 1,
      },
    });
  } catch {
    throw new UploadError("notMultipart");
  }

  const fields: Record<string, string> = Object.create(null);
  const files: ReceivedFile[] = [];
  const incoming: string[] = [];
  const writers: Promise<void>[] = [];
  const openStreams = new Set<Readable>();
  let totalBytes = 0;
  let failure: UploadError | null = null;
  // The server could not keep the file (a full disk, an unwritable STORAGE_DIR): not the sender's fault.
  let storageFailure: Error | null = null;
  let signalFailure: () => void = () => {};
  // Settles at the first failure, so that no wait (for a drain, for the end) outlives it.
  const failed = new Promise<void>((resolve) => (signalFailure = resolve));
  const fail = (error: unknown, writing = false) => {
    if (!failure && writing && isFileSystemError(error)) storageFailure = error;
    failure ??= error instanceof UploadError ? error : new UploadError("malformed");
    signalFailure();
  };

  async function receiveFile(field: string, stream: Readable, info: busboy.FileInfo) {
    const originalName = displayName(info.filename);
    const declared = checkDeclaration(originalName, info.mimeType, limits.formats ?? FILE_FORMATS);
    if (!declared.ok) throw new UploadError(declared.code, { name: originalName });
    const format = declared.format;
    const { path: incomingPath, handle } = await createIncomingFile();
    incoming.push(incomingPath);
    const hash = createHash("sha256");
    let size = 0;
    let head = Buffer.alloc(0);
    try {
      for await (const data of stream) {
        if (failure) return;
        // busboy's file streams carry bytes; Node types a stream's chunks as `any`.
        const chunk = Buffer.isBuffer(data) ? data : Buffer.from(data);
        size += chunk.length;
        totalBytes += chunk.length;
        if (size > maxFileBytes) throw new UploadError("tooLarge", { name: originalName, limit: maxFileBytes });
        if (totalBytes > maxTotalBytes) throw new UploadError("totalTooLarge", { limit: maxTotalBytes });
        if (head.length < SIGNATURE_BYTES) {
          head = Buffer.concat([head, chunk.subarray(0, SIGNATURE_BYTES - head.length)]);
          if (head.length === SIGNATURE_BYTES && !contentMatches(format, head))
            throw new UploadError("contentMismatch", { name: originalName });
        }
        hash.update(chunk);
        await handle.write(chunk);
      }
      if (failure) return;
      if (size === 0) throw new UploadError("empty", { name: originalName });
      if (!contentMatches(format, head)) throw new UploadError("contentMismatch", { name: originalName });
      await handle.sync();
    } finally {
      await handle.close();
    }
    files.push({ field, originalName, mediaType: format.mediaType, format: format.id, size, sha256: hash.digest("hex"), incomingPath });
  }

  parser.on("file", (field, stream, info) => {
    // Destroying the parser on a refusal errors its open file stream; that is expected.
    stream.on("error", () => {});
    if (failure) return void stream.resume();
    // An empty file input: the browser sends a part with no name and no bytes.
    if (!info.filename) return void stream.resume();
    if (!limits.fileFields.includes(field)) {
      stream.resume();
      return fail(new UploadError("unexpectedFile"));
    }
    openStreams.add(stream);
    writers.push(
      receiveFile(field, stream, info)
        .catch((error: unknown) => fail(error, true))
        .finally(() => {
          openStreams.delete(stream);
          stream.resume();
        }),
    );
  });
  parser.on("field", (name, value, info) => {
    if (info.valueTruncated || info.nameTruncated) return fail(new UploadError("fieldTooLong", { limit: maxFieldBytes }));
    fields[name] = value;
  });
  parser.on("partsLimit", () => fail(new UploadError("tooManyParts")));
  parser.on("filesLimit", () => fail(new UploadError("tooManyParts")));
  parser.on("fieldsLimit", () => fail(new UploadError("tooManyParts")));
  parser.on("error", fail);
  const parsed = new Promise<void>((resolve) => parser.once("close", resolve));

  const drained = () =>
    Promise.race([
      failed,
      new Promise<void>((resolve) => {
        const done = () => {
          parser.off("drain", done);
          parser.off("close", done);
          resolve();
        };
        parser.on("drain", done);
        parser.on("close", done);
      }),
    ]);

  const reader = request.body.getReader();
  let rawBytes = 0;
  try {
    for (;;) {
      if (failure) break;
      const { done, value } = await reader.read();
      if (done) break;
      rawBytes += value.byteLength;
      if (rawBytes > rawCap) {
        fail(overCap());
        break;
      }
      // Back-pressure: wait until the file writer has caught up (or anything failed).
      if (!parser.write(value)) await drained();
    }
    if (!failure) {
      parser.end();
      // A writer that failed leaves its part unfinished, and then the parser never closes.
      await Promise.race([parsed, failed]);
    }
  } catch (error) {
    fail(error);
  }

  if (!failure) await Promise.all(writers);
  if (failure) {
    const error: UploadError = failure;
    error.fields = { ...fields };
    parser.destroy();
    for (const stream of openStreams) stream.destroy();
    await Promise.allSettled(writers);
    await Promise.all(incoming.map(removeFile));
    const refusal = await refuse(reader, error, Math.max(0, rawCap + DRAIN_ALLOWANCE_BYTES - rawBytes));
    if (storageFailure) {
      const cause: NodeJS.ErrnoException = storageFailure;
      logger.error(
        { err: cause },
        `upload: could not keep a received file in STORAGE_DIR (${cause.code ?? "error"} on ${cause.syscall ?? "?"})`,
      );
      throw new Error(`The server could not store an upload: ${cause.message}`, { cause });
    }
    throw refusal;
  }
  return { fields, files };
}

/** An error of the file system (ENOSPC, EACCES, EIO...) rather than of the request. */
function isFileSystemError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && "syscall" in error && typeof error.syscall === "string" && errorCode(error) !== undefined;
}

/**
 * Reads and discards up to `allowance` more bytes so that the browser can show
 * the refusal; past that stops reading and marks the connection spoiled.
 */
async function refuse(reader: ReadableStreamDefaultReader<Uint8Array>, error: UploadError, allowance: number): Promise<UploadError> {
  let discarded = 0;
  try {
    while (discarded < allowance) {
      const { done, value } = await reader.read();
      if (done) return error;
      discarded += value.byteLength;
    }
  } catch {
    // The client went away; nothing to answer.
  }
  error.connectionSpoiled = true;
  await reader.cancel().catch(() => {});
  return error;
}

/**
 * Removes the upload's temporary files. A file saved on disk was renamed away
 * already; one saved in the database was copied, and its temporary file goes too.
 */
export async function discardIncoming(upload: ReceivedUpload | null | undefined) {
  if (!upload) return;
  await Promise.all(upload.files.map((f) => removeFile(f.incomingPath)));
}
