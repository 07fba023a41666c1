import { describe, expect, it } from "vitest";
import {
  checkDeclaration,
  contentDisposition,
  contentMatches,
  displayName,
  extensionOf,
  FILE_FORMATS,
  formatBytes,
  formatForName,
  MAX_NAME_BYTES,
  utf8Length,
} from "./file-rules";

const format = (id: string) => FILE_FORMATS.find((f) => f.id === id)!;
const bytes = (...values: number[]) => Uint8Array.from(values);

describe("formats", () => {
  it.each([
    ["report.pdf", "pdf"],
    ["REPORT.PDF", "pdf"],
    ["letter.doc", "doc"],
    ["letter.docx", "docx"],
    ["budget.xls", "xls"],
    ["budget.xlsx", "xlsx"],
    ["photo.jpg", "jpg"],
    ["photo.jpeg", "jpg"],
    ["scan.png", "png"],
  ])("%s is accepted as %s", (name, id) => {
    expect(formatForName(name)?.id).toBe(id);
  });

  it.each(["setup.exe", "script.js", "page.html", "image.svg", "archive.zip", "passwd", ".pdf", "report.pdf.", "report."])(
    "%s is not an accepted format",
    (name) => {
      expect(formatForName(name)).toBeNull();
    },
  );

  it("reads the last extension only", () => {
    expect(extensionOf("charter.pdf.exe")).toBe("exe");
    expect(extensionOf("archive.tar.gz")).toBe("gz");
  });
});

describe("magic bytes", () => {
  const samples = {
    pdf: bytes(0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x37),
    ole: bytes(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1),
    zip: bytes(0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00),
    jpeg: bytes(0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46),
    png: bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a),
    exe: bytes(0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00),
    html: new TextEncoder().encode("<html><script>"),
  };
  const expected: Record<string, keyof typeof samples> = {
    pdf: "pdf",
    doc: "ole",
    xls: "ole",
    docx: "zip",
    xlsx: "zip",
    jpg: "jpeg",
    png: "png",
  };

  for (const f of FILE_FORMATS) {
    for (const [sample, head] of Object.entries(samples)) {
      const ok = expected[f.id] === sample;
      it(`${f.id} ${ok ? "accepts" : "refuses"} content that starts like ${sample}`, () => {
        expect(contentMatches(f, head)).toBe(ok);
      });
    }
  }

  it("refuses content shorter than the signature", () => {
    expect(contentMatches(format("pdf"), bytes(0x25, 0x50))).toBe(false);
    expect(contentMatches(format("png"), bytes())).toBe(false);
  });
});

describe("declared type", () => {
  it("accepts the format's own type and the generic ones", () => {
    expect(checkDeclaration("a.pdf", "application/pdf")).toMatchObject({ ok: true });
    expect(checkDeclaration("a.pdf", "application/octet-stream")).toMatchObject({ ok: true });
    expect(checkDeclaration("a.pdf", "")).toMatchObject({ ok: true });
    expect(checkDeclaration("a.docx", "application/zip")).toMatchObject({ ok: true });
    expect(checkDeclaration("a.jpg", "image/jpeg; charset=binary")).toMatchObject({ ok: true });
  });

  it("refuses a type that contradicts the extension", () => {
    expect(checkDeclaration("a.pdf", "application/x-msdownload")).toEqual({ ok: false, code: "contentMismatch" });
    expect(checkDeclaration("a.png", "image/jpeg")).toEqual({ ok: false, code: "contentMismatch" });
    expect(checkDeclaration("a.pdf", "text/html")).toEqual({ ok: false, code: "contentMismatch" });
  });

  it("refuses an extension that is not allowed, whatever the declared type", () => {
    expect(checkDeclaration("a.exe", "application/pdf")).toEqual({ ok: false, code: "typeNotAllowed" });
  });
});

describe("displayName", () => {
  it("keeps only the last path segment", () => {
    expect(displayName("../../etc/passwd")).toBe("passwd");
    expect(displayName("..\\..\\windows\\win.ini")).toBe("win.ini");
    expect(displayName("/etc/passwd.pdf")).toBe("passwd.pdf");
    expect(displayName("..")).toBe("file");
    expect(displayName("")).toBe("file");
    expect(displayName(undefined)).toBe("file");
  });

  it("removes control and text-direction characters", () => {
    expect(displayName("a\u0000b\r\n.pdf")).toBe("ab.pdf");
    expect(displayName("invoice\u202Efdp.exe")).toBe("invoicefdp.exe");
    expect(displayName(".hidden.pdf")).toBe("hidden.pdf");
  });

  it("keeps a Cyrillic name of 300 bytes, cut on a character boundary with its extension", () => {
    const long = "Устав общественного объединения ".repeat(6) + ".pdf";
    expect(utf8Length(long)).toBeGreaterThan(300);
    const shown = displayName(long);
    expect(utf8Length(shown)).toBeLessThanOrEqual(MAX_NAME_BYTES);
    expect(shown.endsWith(".pdf")).toBe(true);
    expect(shown.startsWith("Устав общественного")).toBe(true);
    expect(shown).not.toContain("\uFFFD");
    expect(long.startsWith(shown.slice(0, -4))).toBe(true);
  });

  it("never splits a character outside the basic plane", () => {
    const shown = displayName("😀".repeat(100) + ".png");
    expect(utf8Length(shown)).toBeLessThanOrEqual(MAX_NAME_BYTES);
    expect(shown).toMatch(/^(😀)+\.png$/u);
  });

  it("normalises to NFC so the same name is stored the same way", () => {
    expect(displayName("Ү\u0308.pdf")).toBe("Ү\u0308.pdf".normalize("NFC"));
  });
});

describe("contentDisposition", () => {
  it("encodes the real name as RFC 5987 filename* and an ASCII fallback", () => {
    expect(contentDisposition("Устав.pdf")).toBe(`attachment; filename="_____.pdf"; filename*=UTF-8''%D0%A3%D1%81%D1%82%D0%B0%D0%B2.pdf`);
  });

  it("lets nothing in the name end the header or add a parameter", () => {
    const header = contentDisposition('evil"; filename=x.html\r\nSet-Cookie: a=b (1)*.pdf');
    expect(header).not.toMatch(/[\r\n]/);
    const [, ascii] = header.match(/filename="([^"]*)"/)!;
    expect(ascii).not.toContain(";");
    expect(header).toContain("filename*=UTF-8''evil%22%3B%20filename%3Dx.htmlSet-Cookie%3A%20a%3Db%20%281%29%2A.pdf");
    expect(decodeURIComponent(header.split("''")[1]!)).toBe('evil"; filename=x.htmlSet-Cookie: a=b (1)*.pdf');
  });
});

describe("formatBytes", () => {
  it("says sizes as a person would", () => {
    expect(formatBytes(10 * 1024 * 1024)).toBe("10 MB");
    expect(formatBytes(50 * 1024 * 1024)).toBe("50 MB");
    expect(formatBytes(1536)).toBe("2 KB");
    expect(formatBytes(12)).toBe("12 B");
  });
});
