import { readFileSync } from "node:fs";
import path from "node:path";
import PDFDocument from "pdfkit";

// pdfkit's built-in fonts have no Cyrillic; DejaVu Sans has Russian and the
// Kyrgyz letters Ң ң Ө ө Ү ү. Reading and parsing the TTF for every document
// costs far more than the page itself (about 300 ms of GPOS/GSUB parsing per
// letter, measured), so each font is read once into a Buffer and parsed once
// by fontkit per process. Every document then wraps the shared fontkit font in
// its own pdfkit EmbeddedFont, which keeps the per-document glyph subset.

export type FontFace = "regular" | "bold";

/** The names documents use with doc.font(...). */
export const FONT: Record<FontFace, string> = { regular: "DejaVuSans", bold: "DejaVuSans-Bold" };

/** pdfkit's own Standard 14 faces: no Cyrillic; only the benchmark's floor uses them. */
export const STANDARD_FONT: Record<FontFace, string> = { regular: "Helvetica", bold: "Helvetica-Bold" };

const FILES: Record<FontFace, string> = { regular: "DejaVuSans.ttf", bold: "DejaVuSans-Bold.ttf" };

type Glyph = { id: number; codePoints: number[]; _decode: () => unknown };
type FontkitFont = { getGlyph(id: number, characters?: number[]): Glyph };

/**
 * fontkit caches one glyph object per glyph id, with the code points it was
 * first asked for. The subsetter asks for the components of composite glyphs
 * (Cyrillic а and о are built from Latin a and o) without code points, so a
 * font shared across documents would hand later documents glyphs with no
 * text mapping, and their "a" and "o" would vanish from copied or extracted
 * text. Asked with code points, the font now answers with a view of the
 * cached glyph that carries those code points.
 */
function keepCodePoints(font: FontkitFont) {
  const cached = font.getGlyph.bind(font);
  const outlines = new Map<number, unknown>();
  font.getGlyph = (id, characters = []) => {
    const glyph = cached(id, characters);
    if (glyph && !Object.prototype.hasOwnProperty.call(glyph, "_decode")) memoizeOutline(glyph, outlines);
    if (!glyph || characters.length === 0 || sameCodePoints(glyph.codePoints, characters)) return glyph;
    // Object.create answers `any`: the view is a Glyph because its prototype is the cached glyph.
    const view: Glyph = Object.create(glyph);
    view.codePoints = characters;
    return view;
  };
}

/**
 * The subsetter decodes the outline of every glyph it embeds, in every
 * document (a tenth of a letter's time). The decoded outline is only read
 * (pdfkit draws text, never glyph paths), so it is decoded once per glyph.
 */
function memoizeOutline(glyph: Glyph, outlines: Map<number, unknown>) {
  const decode = glyph._decode;
  glyph._decode = function (this: Glyph) {
    if (!outlines.has(this.id)) outlines.set(this.id, decode.call(this));
    return outlines.get(this.id);
  };
}

const sameCodePoints = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((v, i) => v === b[i]);

type EmbeddedFontClass = new (document: PDFKit.PDFDocument, font: unknown, id: string) => { name: string; layoutCache?: object };
type Shared = { EmbeddedFont: EmbeddedFontClass; fonts: Record<FontFace, unknown>; layouts: Record<FontFace, object> };

/** Words shaped per face and kept across documents; the store starts over when full, so memory stays bounded. */
const LAYOUT_CACHE_ENTRIES = 3000;

/**
 * pdfkit keeps the shaped runs of each word in `layoutCache[text]` of one
 * document's font. Shaping (GSUB/GPOS) is a fifth of a letter's time, and
 * letters repeat the same words, so the documents share one store per face.
 * The runs are read-only once made (pdfkit copies them when it concatenates),
 * so sharing them is as safe as sharing them within one document.
 */
function sharedLayoutCache(): object {
  let store: Record<string, unknown> = Object.create(null);
  let size = 0;
  return new Proxy(
    {},
    {
      get: (_target, key) => (typeof key === "string" ? store[key] : undefined),
      set: (_target, key, value) => {
        if (typeof key !== "string") return false;
        if (!(key in store) && ++size > LAYOUT_CACHE_ENTRIES) {
          store = Object.create(null);
          size = 1;
        }
        store[key] = value;
        return true;
      },
    },
  );
}

let shared: Shared | undefined;
let parses = 0;

function fontDirectory() {
  // Resolved from the working directory: the server, the tests and the benches all run from the project root.
  return path.resolve("node_modules/dejavu-fonts-ttf/ttf");
}

/**
 * Reads the TTFs and lets pdfkit parse them once, in a throwaway document;
 * keeps the parsed fontkit fonts and pdfkit's EmbeddedFont class (which
 * pdfkit does not export, so it is taken from the instance it made).
 */
function load(): Shared {
  const warmUp = new PDFDocument({ autoFirstPage: false });
  const regular = parseFace(warmUp, "regular");
  const bold = parseFace(warmUp, "bold");
  return {
    EmbeddedFont: bold.EmbeddedFont,
    fonts: { regular: regular.font, bold: bold.font },
    layouts: { regular: sharedLayoutCache(), bold: sharedLayoutCache() },
  };
}

/** Registers one face in the warm-up document and takes back the fontkit font pdfkit parsed and its EmbeddedFont class. */
function parseFace(warmUp: PDFKit.PDFDocument, face: FontFace) {
  const buffer = readFileSync(path.join(fontDirectory(), FILES[face]));
  warmUp.registerFont(FONT[face], buffer);
  warmUp.font(FONT[face]);
  // `_font` is the EmbeddedFont that doc.font() just made, holding the font fontkit parsed.
  // cast: @types/pdfkit omits `_font`, which pdfkit 0.17's font() always sets; the PDF tests draw every document with what it holds
  const embedded = (warmUp as PDFKit.PDFDocument & { _font: { font: FontkitFont; constructor: EmbeddedFontClass } })._font;
  keepCodePoints(embedded.font);
  parses++;
  return { font: embedded.font, EmbeddedFont: embedded.constructor };
}

/** Makes FONT.regular and FONT.bold usable in this document without parsing the font again. */
export function installFonts(doc: PDFKit.PDFDocument) {
  shared ??= load();
  // The font counter and the family table are the ones doc.font(name) reads.
  // cast: @types/pdfkit omits both, which pdfkit 0.17's initFonts sets in every PDFDocument; the PDF tests draw with the faces added here
  const internals = doc as PDFKit.PDFDocument & { _fontCount: number; _fontFamilies: Record<string, unknown> };
  for (const face of ["regular", "bold"] as const) {
    const id = `F${++internals._fontCount}`;
    const font = new shared.EmbeddedFont(doc, shared.fonts[face], id);
    if (font.layoutCache) font.layoutCache = shared.layouts[face];
    internals._fontFamilies[FONT[face]] = font;
  }
}

/** How many times the TTFs were parsed in this process (a test checks it stays at one per face). */
export function fontParseCount() {
  return parses;
}
