import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { csvCell, neutralizeFormula, writeCsv } from "./csv";

describe("the shared CSV writer", () => {
  it("makes every formula-like cell inert, whatever starts it", () => {
    for (const formula of ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", " =1", "-cmd|' /C calc'!A0"]) {
      expect(neutralizeFormula(formula)).toBe(`'${formula}`);
    }
  });

  it("keeps numbers (negative amounts too) and ordinary text as they are", () => {
    for (const text of ["-20.50", "150000.50", "-3", "12,5", "Дети трудовых мигрантов", "a=b", "e-mail@x.kg", ""]) {
      expect(neutralizeFormula(text)).toBe(text);
    }
  });

  it("quotes delimiters, quotes and line breaks so a parser reads back exactly the neutralized cells", () => {
    const rows = [["=1+1", 'say "hi"', "a;b", "line\nbreak", -5n, null]];
    for (const delimiter of [",", ";"] as const) {
      const csv = writeCsv(["A", "B", "C", "D", "E", "F"], rows, { delimiter, bom: true });
      expect(csv.startsWith("\uFEFF")).toBe(true);
      expect(csv.endsWith("\r\n")).toBe(true);
      const parsed = parse(csv.slice(1), { delimiter });
      expect(parsed).toEqual([
        ["A", "B", "C", "D", "E", "F"],
        ["'=1+1", 'say "hi"', "a;b", "line\nbreak", "-5", ""],
      ]);
    }
    expect(csvCell("=1,2")).toBe(`"'=1,2"`);
  });
});
