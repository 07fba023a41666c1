// What the portal accepts as an uploaded file, and how a name supplied by a
// browser is made safe to keep and to show. Pure: shared by the server and the
// upload forms (for the `accept` attribute and the size hint).

export const MiB = 1024 * 1024;
/** At most 10 MB a file (MiB, as the browser's File.size counts). */
export const MAX_FILE_BYTES = 10 * MiB;
/** Longest original name kept, in UTF-8 bytes (what most file systems allow). */
export const MAX_NAME_BYTES = 255;
/** Bytes needed from the start of a file to recognise every accepted format. */
export const SIGNATURE_BYTES = 8;

type Signature = "pdf" | "ole" | "zip" | "jpeg" | "png" | "text";

const SIGNATURES: Record<Signature, readonly number[]> = {
  pdf: [0x25, 0x50, 0x44, 0x46, 0x2d], // %PDF-
  // Word 97-2003 and Excel 97-2003 are OLE2 compound files.
  ole: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1],
  // DOCX and XLSX are ZIP containers; an OOXML file starts with a local file header.
  zip: [0x50, 0x4b, 0x03, 0x04],
  jpeg: [0xff, 0xd8, 0xff],
  png: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
  // Plain text has no signature; its reader checks the content.
  text: [],
};

export type FileFormat = {
  id: "pdf" | "doc" | "docx" | "xls" | "xlsx" | "jpg" | "png" | "csv";
  extensions: readonly string[];
  /** The type the portal stores and serves: never the one the browser claimed. */
  mediaType: string;
  /** Types a browser may declare for such a file, besides the generic ones. */
  declared: readonly string[];
  signature: Signature;
};

const ZIP_DECLARED = ["application/zip", "application/x-zip-compressed"];

export const FILE_FORMATS: readonly FileFormat[] = [
  { id: "pdf", extensions: ["pdf"], mediaType: "application/pdf", declared: ["application/pdf", "application/x-pdf"], signature: "pdf" },
  { id: "doc", extensions: ["doc"], mediaType: "application/msword", declared: ["application/msword"], signature: "ole" },
  {
    id: "docx",
    extensions: ["docx"],
    mediaType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    declared: ["application/vnd.openxmlformats-officedocument.wordprocessingml.document", ...ZIP_DECLARED],
    signature: "zip",
  },
  { id: "xls", extensions: ["xls"], mediaType: "application/vnd.ms-excel", declared: ["application/vnd.ms-excel"], signature: "ole" },
  {
    id: "xlsx",
    extensions: ["xlsx"],
    mediaType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    declared: ["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ...ZIP_DECLARED],
    signature: "zip",
  },
  { id: "jpg", extensions: ["jpg", "jpeg"], mediaType: "image/jpeg", declared: ["image/jpeg", "image/pjpeg"], signature: "jpeg" },
  { id: "png", extensions: ["png"], mediaType: "image/png", declared: ["image/png"], signature: "png" },
];

/**
 * A bank statement (CSV): read once and parsed, never kept as a document, so it
 * is accepted only where an upload names it in UploadLimits.formats.
 * Windows browsers declare .csv as Excel's type.
 */
export const CSV_FORMAT: FileFormat = {
  id: "csv",
  extensions: ["csv", "txt"],
  mediaType: "text/csv",
  declared: ["text/csv", "text/plain", "text/x-csv", "application/csv", "application/vnd.ms-excel"],
  signature: "text",
};

/** Browsers send these when they do not know a type; they say nothing either way. */
const GENERIC_DECLARED = ["", "application/octet-stream", "binary/octet-stream", "application/unknown"];

/** For `<input type="file" accept>`: a hint to the picker, not a check. */
export const ACCEPT_ATTRIBUTE = FILE_FORMATS.flatMap((f) => [...f.extensions.map((e) => `.${e}`), f.mediaType]).join(",");
export const ACCEPTED_EXTENSIONS_LABEL = "PDF, DOC, DOCX, XLS, XLSX, JPG, PNG";

export function extensionOf(name: string): string {
  const dot = name.lastIndexOf(".");
  return dot > 0 && dot < name.length - 1 ? name.slice(dot + 1).toLowerCase() : "";
}

export function formatForName(name: string, formats: readonly FileFormat[] = FILE_FORMATS): FileFormat | null {
  const extension = extensionOf(name);
  return formats.find((f) => f.extensions.includes(extension)) ?? null;
}

/** A declared type that contradicts the extension (an .exe's type on a .pdf name) is refused. */
export function declaredTypeFits(format: FileFormat, declared: string | undefined): boolean {
  const type = (declared ?? "").split(";")[0]!.trim().toLowerCase();
  return GENERIC_DECLARED.includes(type) || format.declared.includes(type);
}

/** Whether the first bytes of the content are what the extension promises. */
export function contentMatches(format: FileFormat, head: Uint8Array): boolean {
  const signature = SIGNATURES[format.signature];
  return head.length >= signature.length && signature.every((byte, i) => head[i] === byte);
}

export type FileCheck = { ok: true; format: FileFormat } | { ok: false; code: "typeNotAllowed" | "contentMismatch" };

/** Everything known before the content arrives: the name's extension and the declared type. */
export function checkDeclaration(name: string, declaredType: string | undefined, formats: readonly FileFormat[] = FILE_FORMATS): FileCheck {
  const format = formatForName(name, formats);
  if (!format) return { ok: false, code: "typeNotAllowed" };
  if (!declaredTypeFits(format, declaredType)) return { ok: false, code: "contentMismatch" };
  return { ok: true, format };
}

// Control characters, and the bidirectional overrides that make
// "invoice‮fdp.exe" display as "invoiceexe.pdf".
// eslint-disable-next-line no-control-regex
const UNSAFE_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

/**
 * The name a browser sent, made safe to keep for display: no directories
 * ("../../etc/passwd" keeps "passwd"), no control or direction characters,
 * at most MAX_NAME_BYTES of UTF-8 cut on a character boundary with the
 * extension kept. It is only ever shown or put in a Content-Disposition;
 * files are stored under generated keys.
 */
export function displayName(raw: string | undefined | null, fallback = "file"): string {
  const base = (raw ?? "").normalize("NFC").split(/[/\\]/).pop() ?? "";
  const cleaned = base
    .replace(UNSAFE_CHARACTERS, "")
    .trim()
    .replace(/^[.\s]+/, "")
    .replace(/[.\s]+$/, "");
  const name = cleaned || fallback;
  if (utf8Length(name) <= MAX_NAME_BYTES) return name;
  const extension = extensionOf(name);
  const suffix = extension && extension.length <= 10 ? `.${extension}` : "";
  const stem = Array.from(suffix ? name.slice(0, -suffix.length) : name);
  const budget = MAX_NAME_BYTES - utf8Length(suffix);
  let kept = "";
  for (const character of stem) {
    if (utf8Length(kept + character) > budget) break;
    kept += character;
  }
  return kept.trimEnd() + suffix;
}

export function utf8Length(text: string): number {
  return new TextEncoder().encode(text).length;
}

/**
 * RFC 6266 with an RFC 5987 `filename*` carrying the real name in UTF-8, and
 * an ASCII-only `filename` for old clients. Nothing from the name can end the
 * header or add a parameter: quotes, backslashes and controls never pass.
 */
export function contentDisposition(name: string, type: "attachment" | "inline" = "attachment"): string {
  const safe = displayName(name);
  const ascii = safe.replace(/[^\x20-\x7e]|["\\%;]/g, "_");
  const encoded = encodeURIComponent(safe).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${type}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** 10 485 760 -> "10 MB"; for messages, in the units a person uses. */
export function formatBytes(bytes: number): string {
  if (bytes >= MiB) return `${Math.round((bytes / MiB) * 10) / 10} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} B`;
}
