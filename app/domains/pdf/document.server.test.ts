import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createPdf } from "./document.server";
import { fontParseCount } from "./fonts.server";
import { qrPng } from "./qr.server";

const dir = mkdtempSync(path.join(os.tmpdir(), "pdf-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function textOf(pdf: Buffer, name: string) {
  const file = path.join(dir, `${name}.pdf`);
  writeFileSync(file, pdf);
  return execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
}

describe("the shared PDF document", () => {
  it("writes Russian and the Kyrgyz letters Ң Ө Ү with the embedded font", async () => {
    const pdf = createPdf({ title: "Тест", language: "ky" });
    pdf
      .heading("Каракол шаарынын мэриясы")
      .paragraph("Өнүгүү, үй-бүлө, жаңы долбоор — ҢӨҮ ңөү")
      .facts([["Сумма", "150 000,00 сом"]]);
    const text = textOf(await pdf.toBuffer(), "cyrillic");
    expect(text).toContain("Каракол шаарынын мэриясы");
    expect(text).toContain("Өнүгүү, үй-бүлө, жаңы долбоор — ҢӨҮ ңөү");
    expect(text).toMatch(/Сумма\s+150 000,00 сом/);
  });

  it("breaks a long table across pages, repeating its header, and numbers the pages", async () => {
    const pdf = createPdf({ title: "Table", language: "en", pageNumbers: true });
    const rows = Array.from({ length: 120 }, (_, i) => [`row ${i + 1}`, "x".repeat(i % 40), String(i)]);
    pdf.table(
      [
        { header: "Name", width: 2 },
        { header: "Text", width: 5 },
        { header: "No.", width: 1, align: "right" },
      ],
      rows,
    );
    const buffer = await pdf.toBuffer((page, total) => `page ${page} of ${total}`);
    const text = textOf(buffer, "table");
    const pages = text.split("\f").filter((p) => p.trim());
    expect(pages.length).toBeGreaterThan(1);
    for (const [i, page] of pages.entries()) {
      expect(page).toContain("Name");
      expect(page).toContain(`page ${i + 1} of ${pages.length}`);
    }
    expect(text).toContain("row 120");
  });

  it("keeps Latin a and o extractable after a document that used the Cyrillic а and о built from them", async () => {
    await createPdf({ title: "ru", language: "ru" }).paragraph("а о р е — собака").toBuffer();
    const pdf = createPdf({ title: "en", language: "en" });
    pdf.paragraph("banana potato").paragraph("Кыргызча: банан", { bold: true });
    const text = textOf(await pdf.toBuffer(), "latin-after-cyrillic");
    expect(text).toContain("banana potato");
    expect(text).toContain("Кыргызча: банан");
  });

  it("parses each font once per process, however many documents are made", async () => {
    for (let i = 0; i < 3; i++) await createPdf({ title: "x", language: "ru" }).paragraph("Привет").toBuffer();
    expect(fontParseCount()).toBe(2);
  });

  it("makes a grayscale QR code PNG that pdfkit embeds", async () => {
    const png = await qrPng("http://localhost:3000/verify/ABCD-EFGH-JK23");
    expect(png.subarray(1, 4).toString()).toBe("PNG");
    expect(png[25]).toBe(0); // IHDR colour type: grayscale
    const pdf = createPdf({ title: "qr", language: "en" });
    pdf.doc.image(png, 50, 50, { width: 80 });
    expect((await pdf.toBuffer()).length).toBeGreaterThan(500);
  });
});
