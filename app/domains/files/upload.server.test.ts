import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { multipartRequest, peakRssGrowth, SIGNATURES, samplePdf, type Part } from "../../../tests/factories-organizations";
import { MAX_FILE_BYTES, MAX_NAME_BYTES, MiB, utf8Length } from "./file-rules";
import { storageRoot } from "./storage.server";
import { DRAIN_ALLOWANCE_BYTES, discardIncoming, receiveUpload, UploadError, type ReceivedUpload } from "./upload.server";

vi.hoisted(() => {
  process.env.STORAGE_DIR = `test-data/files-upload-${process.pid}-${Date.now()}`;
});

const URL = "http://localhost/upload";
const FILE_ONLY = { fileFields: ["file"] } as const;
const received: ReceivedUpload[] = [];

afterEach(async () => {
  for (const upload of received.splice(0)) await discardIncoming(upload);
});
afterAll(() => rmSync(storageRoot(), { recursive: true, force: true }));

async function receive(
  parts: Iterable<Part>,
  limits: Parameters<typeof receiveUpload>[1] = FILE_ONLY,
  options: Parameters<typeof multipartRequest>[2] = {},
) {
  const { request, pulled } = multipartRequest(URL, parts, options);
  const upload = await receiveUpload(request, limits);
  received.push(upload);
  return { upload, pulled };
}

async function refusal(
  parts: Iterable<Part>,
  limits: Parameters<typeof receiveUpload>[1] = FILE_ONLY,
  options: Parameters<typeof multipartRequest>[2] = {},
) {
  const { request, pulled } = multipartRequest(URL, parts, options);
  const error = await receiveUpload(request, limits).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UploadError);
  return { error: error as UploadError, pulled: pulled() };
}

function incomingLeft() {
  const dir = path.join(storageRoot(), ".incoming");
  return existsSync(dir) ? readdirSync(dir) : [];
}

const pdfPart = (
  overrides: Partial<{
    name: string;
    filename: string;
    contentType: string;
    content: Part extends never ? never : Uint8Array | { head: Uint8Array; size: number };
  }> = {},
): Part => ({
  name: "file",
  filename: "charter.pdf",
  contentType: "application/pdf",
  content: samplePdf(),
  ...overrides,
});

describe("a well-formed upload", () => {
  it("streams the file to STORAGE_DIR, hashes it and returns the text fields", async () => {
    const content = samplePdf("Устав");
    const { upload } = await receive([{ name: "title", value: "Устав 2024" }, pdfPart({ content }), { name: "kind", value: "CHARTER" }]);
    expect(upload.fields).toEqual({ title: "Устав 2024", kind: "CHARTER" });
    expect(upload.files).toHaveLength(1);
    const [file] = upload.files;
    expect(file).toMatchObject({
      field: "file",
      originalName: "charter.pdf",
      mediaType: "application/pdf",
      format: "pdf",
      size: content.length,
    });
    expect(file!.sha256).toBe(createHash("sha256").update(content).digest("hex"));
    expect(file!.incomingPath.startsWith(path.join(storageRoot(), ".incoming") + path.sep)).toBe(true);
    expect(readFileSync(file!.incomingPath)).toEqual(Buffer.from(content));
  });

  it("accepts exactly 10 MB", async () => {
    const { upload } = await receive([pdfPart({ content: { head: SIGNATURES.pdf, size: MAX_FILE_BYTES } })]);
    expect(upload.files[0]!.size).toBe(MAX_FILE_BYTES);
  });

  it.each([
    ["letter.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", SIGNATURES.zip],
    ["budget.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", SIGNATURES.zip],
    ["letter.doc", "application/msword", SIGNATURES.ole],
    ["budget.xls", "application/vnd.ms-excel", SIGNATURES.ole],
    ["photo.jpeg", "image/jpeg", SIGNATURES.jpeg],
    ["scan.PNG", "image/png", SIGNATURES.png],
  ])("accepts %s", async (filename, contentType, head) => {
    const { upload } = await receive([{ name: "file", filename, contentType, content: { head, size: 2048 } }]);
    expect(upload.files[0]!.mediaType).toBe(contentType);
  });

  it("treats an empty file input as no file", async () => {
    const { upload } = await receive([
      { name: "file", filename: "", content: new Uint8Array() },
      { name: "title", value: "x" },
    ]);
    expect(upload.files).toEqual([]);
  });

  it("stores the type it checked, not the one the browser claimed", async () => {
    const { upload } = await receive([pdfPart({ contentType: "application/octet-stream" })]);
    expect(upload.files[0]!.mediaType).toBe("application/pdf");
  });
});

describe("hostile uploads", () => {
  it("refuses 10 MB + 1 byte and keeps nothing", async () => {
    const { error } = await refusal([pdfPart({ content: { head: SIGNATURES.pdf, size: MAX_FILE_BYTES + 1 } })]);
    expect(error.code).toBe("tooLarge");
    expect(error.status).toBe(413);
    expect(incomingLeft()).toEqual([]);
  });

  it("stops reading a 1 GB chunked body early, with memory bounded", async () => {
    const GB = 1024 * MiB;
    let pulled = 0;
    const { result, growth } = await peakRssGrowth(async () => {
      const request = multipartRequest(URL, [pdfPart({ content: { head: SIGNATURES.pdf, size: GB } })]);
      try {
        return await receiveUpload(request.request, FILE_ONLY);
      } finally {
        pulled = request.pulled();
      }
    });
    expect(result).toBeInstanceOf(UploadError);
    expect((result as UploadError).code).toBe("tooLarge");
    expect((result as UploadError).connectionSpoiled).toBe(true);
    // Read: the allowed file, the form's overhead and the drain allowance; never the gigabyte.
    expect(pulled).toBeLessThan(MAX_FILE_BYTES + 2 * MiB + DRAIN_ALLOWANCE_BYTES + 20 * 64 * 1024 + 2 * MiB);
    expect(growth).toBeLessThan(64 * MiB);
    console.info(`1 GB chunked body: read ${(pulled / MiB).toFixed(1)} MiB, peak RSS growth ${(growth / MiB).toFixed(1)} MiB`);
    expect(incomingLeft()).toEqual([]);
  });

  it("refuses a body whose declared length is over the limit without reading it", async () => {
    const { error, pulled } = await refusal([pdfPart({ content: { head: SIGNATURES.pdf, size: 1024 * MiB } })], FILE_ONLY, {
      contentLength: 1024 * MiB,
    });
    expect(error.code).toBe("tooLarge");
    expect(error.connectionSpoiled).toBe(true);
    expect(pulled).toBe(0);
  });

  it("refuses 10,000 tiny parts after the allowed number, with memory bounded", async () => {
    let pulled = 0;
    function* tiny(): Generator<Part> {
      for (let i = 0; i < 10_000; i++) yield { name: `f${i}`, value: "x" };
    }
    const { result, growth } = await peakRssGrowth(async () => {
      const request = multipartRequest(URL, tiny());
      try {
        return await receiveUpload(request.request, FILE_ONLY);
      } finally {
        pulled = request.pulled();
      }
    });
    expect(result).toBeInstanceOf(UploadError);
    expect((result as UploadError).code).toBe("tooManyParts");
    expect(growth).toBeLessThan(64 * MiB);
    console.info(`10,000 parts: read ${(pulled / 1024).toFixed(0)} KiB, peak RSS growth ${(growth / MiB).toFixed(1)} MiB`);
  });

  it("refuses 10,000 tiny files as too many parts", async () => {
    function* tinyFiles(): Generator<Part> {
      for (let i = 0; i < 10_000; i++) yield pdfPart({ filename: `${i}.pdf`, content: SIGNATURES.pdf });
    }
    const { error } = await refusal(tinyFiles(), { fileFields: ["file"], maxFiles: 5 });
    expect(error.code).toBe("tooManyParts");
    expect(incomingLeft()).toEqual([]);
  });

  it("refuses an .exe renamed .pdf", async () => {
    const exe = { head: SIGNATURES.exe, size: 4096 };
    expect((await refusal([pdfPart({ filename: "setup.pdf", content: exe })])).error).toMatchObject({
      code: "contentMismatch",
      status: 415,
    });
    expect((await refusal([pdfPart({ filename: "setup.pdf", contentType: "application/x-msdownload", content: exe })])).error.code).toBe(
      "contentMismatch",
    );
    expect((await refusal([pdfPart({ filename: "setup.exe", contentType: "application/pdf", content: samplePdf() })])).error.code).toBe(
      "typeNotAllowed",
    );
    expect(incomingLeft()).toEqual([]);
  });

  it("gives back the text fields received before a refusal", async () => {
    const { error } = await refusal([
      { name: "title", value: "Устав" },
      pdfPart({ filename: "setup.pdf", content: { head: SIGNATURES.exe, size: 10 } }),
    ]);
    expect(error.fields).toEqual({ title: "Устав" });
  });

  it("refuses a ZIP that is not named .docx/.xlsx and a PDF named .docx", async () => {
    expect((await refusal([pdfPart({ filename: "charter.pdf", content: { head: SIGNATURES.zip, size: 4096 } })])).error.code).toBe(
      "contentMismatch",
    );
    expect((await refusal([pdfPart({ filename: "charter.docx", contentType: "", content: samplePdf() })])).error.code).toBe(
      "contentMismatch",
    );
    expect(
      (await refusal([pdfPart({ filename: "archive.zip", contentType: "application/zip", content: { head: SIGNATURES.zip, size: 4096 } })]))
        .error.code,
    ).toBe("typeNotAllowed");
  });

  it("keeps only the last segment of ../../etc/passwd, and refuses it without an accepted extension", async () => {
    expect((await refusal([pdfPart({ filename: "../../etc/passwd" })])).error).toMatchObject({
      code: "typeNotAllowed",
      params: { name: "passwd" },
    });
    const { upload } = await receive([pdfPart({ filename: "../../etc/passwd.pdf" })]);
    expect(upload.files[0]!.originalName).toBe("passwd.pdf");
    expect(path.dirname(upload.files[0]!.incomingPath)).toBe(path.join(storageRoot(), ".incoming"));
    expect(existsSync(path.resolve(storageRoot(), "../../etc/passwd.pdf"))).toBe(false);
  });

  it("keeps a 300-byte Cyrillic name, truncated on a character boundary", async () => {
    const name = `${"Общественное объединение «Жардам» — устав ".repeat(4)}.pdf`;
    expect(utf8Length(name)).toBeGreaterThan(300);
    const { upload } = await receive([pdfPart({ filename: name })]);
    const kept = upload.files[0]!.originalName;
    expect(utf8Length(kept)).toBeLessThanOrEqual(MAX_NAME_BYTES);
    expect(kept.startsWith("Общественное объединение «Жардам»")).toBe(true);
    expect(kept.endsWith(".pdf")).toBe(true);
    expect(kept).not.toContain("\uFFFD");
  });

  it("refuses files past the caller's total budget", async () => {
    const six = { head: SIGNATURES.pdf, size: 6 * MiB };
    const { error } = await refusal([pdfPart({ content: six }), pdfPart({ filename: "b.pdf", content: six })], {
      fileFields: ["file"],
      maxFiles: 5,
      maxTotalBytes: 10 * MiB,
    });
    expect(error).toMatchObject({ code: "totalTooLarge", status: 413, params: { limit: 10 * MiB } });
    expect(incomingLeft()).toEqual([]);
  });

  it("refuses an empty file", async () => {
    expect((await refusal([pdfPart({ content: new Uint8Array() })])).error.code).toBe("empty");
  });

  it("refuses a file in a field that takes none", async () => {
    expect((await refusal([pdfPart({ name: "title" })])).error.code).toBe("unexpectedFile");
  });

  it("refuses an over-long text field", async () => {
    expect((await refusal([{ name: "title", value: "я".repeat(70_000) }])).error.code).toBe("fieldTooLong");
  });

  it("refuses a body that is not multipart, and a truncated one", async () => {
    const plain = new Request(URL, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: "a=1" });
    await expect(receiveUpload(plain, FILE_ONLY)).rejects.toMatchObject({ code: "notMultipart", status: 415 });
    const noBoundary = new Request(URL, { method: "POST", headers: { "Content-Type": "multipart/form-data; charset=utf-8" }, body: "x" });
    await expect(receiveUpload(noBoundary, FILE_ONLY)).rejects.toMatchObject({ code: "notMultipart" });
    const { error } = await refusal([pdfPart()], FILE_ONLY, { close: false });
    expect(error).toMatchObject({ code: "malformed", status: 400 });
    expect(incomingLeft()).toEqual([]);
  });
});
