import { inflateSync } from "node:zlib";
import PDFDocument from "pdfkit";
import { logger } from "~/utils/logger.server";
import { FONT, installFonts, STANDARD_FONT, type FontFace } from "./fonts.server";

// A small layer over pdfkit shared by letters, protocols, agreements and
// receipts: A4, Cyrillic-capable fonts, headings, facts, tables that break
// across pages, page numbers, and the finished file as one Buffer.

export type PdfOptions = {
  title: string;
  language: "ky" | "ru" | "en";
  subject?: string;
  author?: string;
  /** "standard" = pdfkit's Helvetica, no Cyrillic: only for measuring the floor in benchmarks */
  fonts?: "embedded" | "standard";
  /** Page numbers are written at the end, which needs every page kept in memory; one-page letters do not need it */
  pageNumbers?: boolean;
  /** Fixes the file's creation date (and so its bytes) when the same facts must give the same file */
  createdAt?: Date;
};

export type TableColumn = { header: string; width: number; align?: "left" | "right" | "center" };

export const MARGIN = 50;
export const INK = "#1b1f24";
export const MUTED = "#4a5563";
export const LINE = "#c3cad4";
export const BRAND = "#0b5394";

export class PdfWriter {
  readonly doc: PDFKit.PDFDocument;
  private readonly faces: Record<FontFace, string>;
  private readonly chunks: Buffer[] = [];
  private readonly ended: Promise<Buffer>;

  constructor(readonly options: PdfOptions) {
    this.doc = new PDFDocument({
      // No default Helvetica with the embedded fonts: pdfkit would read and parse its metrics for every document.
      // pdfkit loads a default font only when this option is truthy, so "" loads none (as null did).
      ...(options.fonts === "standard" ? {} : { font: "" }),
      size: "A4",
      margin: MARGIN,
      bufferPages: options.pageNumbers === true,
      lang: options.language,
      displayTitle: true,
      info: {
        Title: options.title,
        Subject: options.subject ?? "",
        Author: options.author ?? "",
        Creator: "Social Order Portal",
        ...(options.createdAt ? { CreationDate: options.createdAt, ModDate: options.createdAt } : {}),
      },
    });
    this.doc.on("data", (chunk: Buffer) => this.chunks.push(chunk));
    this.ended = new Promise((resolve, reject) => {
      this.doc.on("end", () => resolve(Buffer.concat(this.chunks)));
      this.doc.on("error", reject);
    });
    if (options.fonts === "standard") this.faces = STANDARD_FONT;
    else {
      installFonts(this.doc);
      this.faces = FONT;
    }
    this.doc.font(this.faces.regular).fontSize(10).fillColor(INK);
  }

  get width() {
    return this.doc.page.width - 2 * MARGIN;
  }

  get bottom() {
    return this.doc.page.height - MARGIN;
  }

  /** Sets the face (and size) and returns pdfkit's document for drawing. */
  use(face: FontFace, size?: number): PDFKit.PDFDocument {
    this.doc.font(this.faces[face]);
    if (size) this.doc.fontSize(size);
    return this.doc;
  }

  heading(text: string, level: 1 | 2 | 3 = 1) {
    const size = level === 1 ? 15 : level === 2 ? 12 : 10.5;
    // A heading keeps with a few lines of what follows it.
    this.ensureSpace(size * 3 + 48);
    this.doc.moveDown(level === 1 ? 0.2 : 0.6);
    this.use("bold", size)
      .fillColor(level === 1 ? BRAND : INK)
      .text(text, MARGIN, undefined, { width: this.width });
    this.doc.fillColor(INK).moveDown(0.3);
    this.use("regular", 10);
    return this;
  }

  paragraph(
    text: string,
    options: { size?: number; color?: string; bold?: boolean; align?: "left" | "justify" | "center" | "right" } = {},
  ) {
    this.use(options.bold ? "bold" : "regular", options.size ?? 10).fillColor(options.color ?? INK);
    this.doc.text(text, MARGIN, undefined, { width: this.width, align: options.align ?? "left" });
    this.doc.fillColor(INK);
    return this;
  }

  /** A list whose items wrap under their own text, not under the bullet. */
  bullets(items: readonly string[], size = 9) {
    for (const item of items) {
      this.use("regular", size).fillColor(INK);
      this.ensureSpace(this.doc.heightOfString(item, { width: this.width - 12 }) + 2);
      const y = this.doc.y;
      this.doc.text("•", MARGIN + 2, y, { width: 10 });
      this.doc.text(item, MARGIN + 12, y, { width: this.width - 12 });
      this.doc.moveDown(0.15);
    }
    this.doc.x = MARGIN;
    return this;
  }

  space(lines = 0.5) {
    this.doc.moveDown(lines);
    return this;
  }

  rule(color = LINE) {
    const y = this.doc.y + 2;
    this.doc
      .moveTo(MARGIN, y)
      .lineTo(MARGIN + this.width, y)
      .lineWidth(0.7)
      .strokeColor(color)
      .stroke();
    this.doc.y = y + 6;
    return this;
  }

  /** Label and value pairs in two columns; long values wrap within theirs. */
  facts(rows: readonly (readonly [string, string])[], labelWidth = 150) {
    for (const [label, value] of rows) {
      this.use("regular", 10);
      const valueHeight = this.doc.heightOfString(value || "—", { width: this.width - labelWidth });
      this.ensureSpace(valueHeight + 4);
      const y = this.doc.y;
      this.doc.fillColor(MUTED).text(label, MARGIN, y, { width: labelWidth - 8 });
      const labelBottom = this.doc.y;
      this.doc.fillColor(INK).text(value || "—", MARGIN + labelWidth, y, { width: this.width - labelWidth });
      this.doc.y = Math.max(this.doc.y, labelBottom) + 3;
    }
    this.doc.x = MARGIN;
    return this;
  }

  /**
   * A table whose column widths are shares of the text width. Rows wrap,
   * break across pages and repeat the header on each new page.
   */
  table(columns: readonly TableColumn[], rows: readonly (readonly string[])[], options: { size?: number } = {}) {
    const size = options.size ?? 8.5;
    const totalShare = columns.reduce((s, c) => s + c.width, 0);
    const widths = columns.map((c) => (c.width / totalShare) * this.width);
    const pad = 3;
    const rowHeight = (cells: readonly string[], header: boolean) => {
      this.use(header ? "bold" : "regular", size);
      return Math.max(...cells.map((cell, i) => this.doc.heightOfString(cell || "", { width: widths[i]! - 2 * pad }))) + 2 * pad;
    };
    const drawRow = (cells: readonly string[], header: boolean) => {
      const height = rowHeight(cells, header);
      this.use(header ? "bold" : "regular", size);
      if (this.doc.y + height > this.bottom) {
        this.doc.addPage();
        if (!header)
          drawRow(
            columns.map((c) => c.header),
            true,
          );
        this.use(header ? "bold" : "regular", size);
      }
      const y = this.doc.y;
      if (header) this.doc.rect(MARGIN, y, this.width, height).fill("#eef2f7").fillColor(INK);
      let x = MARGIN;
      cells.forEach((cell, i) => {
        this.doc.text(cell || "", x + pad, y + pad, { width: widths[i]! - 2 * pad, align: columns[i]?.align ?? "left" });
        x += widths[i]!;
      });
      this.doc
        .moveTo(MARGIN, y + height)
        .lineTo(MARGIN + this.width, y + height)
        .lineWidth(0.5)
        .strokeColor(LINE)
        .stroke();
      this.doc.x = MARGIN;
      this.doc.y = y + height;
    };
    const headers = columns.map((c) => c.header);
    // The header never stays alone at the foot of a page.
    this.ensureSpace(rowHeight(headers, true) + (rows[0] ? rowHeight(rows[0], false) : 0));
    drawRow(headers, true);
    for (const row of rows) drawRow(row, false);
    this.doc.moveDown(0.5);
    return this;
  }

  /**
   * Draws an image (a municipality's logo) fitted into `size` points square at
   * (x, y) and returns the size it took. An image pdfkit cannot read is logged
   * and left out, so the document is still issued: null is returned.
   */
  image(bytes: Buffer | null | undefined, x: number, y: number, size: number): { width: number; height: number } | null {
    if (!bytes) return null;
    try {
      if (bytes[0] === 0x89 && !pngDataInflates(bytes)) throw new Error("the PNG's image data does not inflate");
      const image = openImage(this.doc, bytes);
      const scale = Math.min(size / image.width, size / image.height);
      const drawn = { width: image.width * scale, height: image.height * scale };
      this.doc.image(bytes, x, y, drawn);
      return drawn;
    } catch (error) {
      logger.error({ err: error, title: this.options.title }, "pdf: an image could not be read and was left out");
      return null;
    }
  }

  ensureSpace(height: number) {
    if (this.doc.y + height > this.bottom) this.doc.addPage();
    return this;
  }

  /** "page n of N" at the foot of every page; needs pageNumbers: true. */
  private numberPages(label: (page: number, total: number) => string) {
    const range = this.doc.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      this.doc.switchToPage(i);
      const bottomMargin = this.doc.page.margins.bottom;
      this.doc.page.margins.bottom = 0;
      this.use("regular", 8).fillColor(MUTED);
      this.doc.text(label(i + 1, range.count), MARGIN, this.doc.page.height - MARGIN + 14, { width: this.width, align: "center" });
      this.doc.page.margins.bottom = bottomMargin;
    }
  }

  async toBuffer(pageLabel?: (page: number, total: number) => string): Promise<Buffer> {
    if (this.options.pageNumbers && pageLabel) this.numberPages(pageLabel);
    this.doc.end();
    return this.ended;
  }
}

export function createPdf(options: PdfOptions) {
  return new PdfWriter(options);
}

// pdfkit's own image parser (PNG, JPEG); its type declarations leave it out.
function openImage(doc: PDFKit.PDFDocument, bytes: Buffer): { width: number; height: number } {
  // cast: @types/pdfkit omits openImage, the ImagesMixin method every PDFDocument has (doc.image() calls it); imageReadable's tests run it on PNG and JPEG bytes
  return (doc as PDFKit.PDFDocument & { openImage(src: Buffer): { width: number; height: number } }).openImage(bytes);
}

/**
 * Whether pdfkit can draw these bytes: a one-page document with the image is
 * written to the end (PNG pixels are decoded only then). Checked when a logo
 * is uploaded, so that documents never meet a broken one.
 */
export async function imageReadable(bytes: Buffer): Promise<boolean> {
  try {
    const doc = new PDFDocument({ font: "", size: [20, 20], margin: 0 });
    const ended = new Promise<void>((resolve, reject) => {
      doc.on("data", () => {});
      doc.on("end", resolve);
      doc.on("error", reject);
    });
    const image = openImage(doc, bytes);
    if (!(image.width > 0 && image.height > 0)) return false;
    // pdfkit inflates a PNG with transparency in a callback that throws out of reach of any catch: inflate it here first.
    if (bytes[0] === 0x89 && !pngDataInflates(bytes)) return false;
    doc.image(bytes, 0, 0, { width: 10, height: 10 });
    doc.end();
    await ended;
    return true;
  } catch {
    return false;
  }
}

/** Whether a PNG's image data (its IDAT chunks together) is a complete zlib stream. */
function pngDataInflates(bytes: Buffer): boolean {
  const parts: Buffer[] = [];
  for (let at = 8; at + 8 <= bytes.length;) {
    const length = bytes.readUInt32BE(at);
    const type = bytes.toString("latin1", at + 4, at + 8);
    if (type === "IDAT") parts.push(bytes.subarray(at + 8, at + 8 + length));
    if (type === "IEND") break;
    at += 12 + length;
  }
  try {
    return parts.length > 0 && inflateSync(Buffer.concat(parts)).length > 0;
  } catch {
    return false;
  }
}
