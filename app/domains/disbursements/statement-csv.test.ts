import { describe, expect, it } from "vitest";
import { decodeStatement, parseStatement, parseStatementAmount, parseStatementDate } from "./statement-csv";
import { calendarDateOf, startOfDay } from "~/utils/time";

describe("statement CSV", () => {
  it("reads a semicolon file with Russian headers, decimal commas and spaces in amounts", () => {
    const text =
      '\uFEFFДата;Номер документа;Сумма;Получатель;Назначение платежа\n15.03.2026;PO-260315-7F3A9C;1 500,50;ОО «Балакай»;Грант\n\n16.03.2026;;"2 000,00";ОФ;оплата по PO-260316-ABCDEF\n';
    const parsed = parseStatement(text);
    if ("problem" in parsed) throw new Error(JSON.stringify(parsed.problem));
    expect(parsed.lines.map((l) => [l.lineNo, calendarDateOf(l.valueDate), l.reference, l.amount, l.counterparty])).toEqual([
      [2, "2026-03-15", "PO-260315-7F3A9C", 150050n, "ОО «Балакай»"],
      [4, "2026-03-16", "", 200000n, "ОФ"],
    ]);
  });

  it("reads a comma file with English headers, quoted decimal commas and ISO dates; a debit stays negative", () => {
    const parsed = parseStatement(
      'date,reference,amount,counterparty\n2026-03-15,PO-1,"1 500,50","Balakai, PU"\n2026-03-16,PO-2,-20.5,X\n',
    );
    if ("problem" in parsed) throw new Error(JSON.stringify(parsed.problem));
    expect(parsed.lines.map((l) => [l.reference, l.amount, l.counterparty])).toEqual([
      ["PO-1", 150050n, "Balakai, PU"],
      ["PO-2", -2050n, "X"],
    ]);
  });

  it("reads Kyrgyz headers and a Windows-1251 file", () => {
    const utf8 = "Күнү;Шилтеме;Суммасы\n01.04.26;PO-9;10\n";
    const parsed = parseStatement(decodeStatement(new TextEncoder().encode(utf8)));
    expect("lines" in parsed && parsed.lines[0]!.amount).toBe(1000n);
    // "Дата;Сумма;Назначение" in Windows-1251
    const cp1251 = new Uint8Array([
      0xc4, 0xe0, 0xf2, 0xe0, 0x3b, 0xd1, 0xf3, 0xec, 0xec, 0xe0, 0x3b, 0xcd, 0xe0, 0xe7, 0xed, 0xe0, 0xf7, 0xe5, 0xed, 0xe8, 0xe5, 0x0a,
      0x31, 0x2e, 0x34, 0x2e, 0x32, 0x30, 0x32, 0x36, 0x3b, 0x35, 0x3b, 0x50, 0x4f, 0x0a,
    ]);
    const decoded = parseStatement(decodeStatement(cp1251));
    expect("lines" in decoded && decoded.lines[0]!.amount).toBe(500n);
  });

  it("reads a quoted field holding a line break, and numbers the lines as the file does", () => {
    const text =
      'Дата;Номер документа;Сумма;Получатель;Назначение платежа\r\n15.03.2026;PO-1;"1 500,50";"ОО «Балакай»";"Грант,\r\nтранш 1"\r\n16.03.2026;PO-2;-20,50;Банк;комиссия\r\n';
    const parsed = parseStatement(text);
    if ("problem" in parsed) throw new Error(JSON.stringify(parsed.problem));
    expect(parsed.lines.map((l) => [l.lineNo, l.reference, l.amount, l.purpose])).toEqual([
      [2, "PO-1", 150050n, "Грант, транш 1"],
      [4, "PO-2", -2050n, "комиссия"],
    ]);
  });

  it("keeps every written form of a debit negative", () => {
    expect(["-20.50", "−20,50", "(20,50)", "-20,50 сом"].map(parseStatementAmount)).toEqual([-2050n, -2050n, -2050n, -2050n]);
    expect(parseStatementAmount("+20.50")).toBe(2050n);
  });

  it("reads Windows-1251 files separated by ';' and by ','", () => {
    // The same statement as a bank client writes it in Windows-1251: the Cyrillic letters are single bytes.
    const encode1251 = (text: string) =>
      new Uint8Array(
        Array.from(text, (ch) => {
          const code = ch.charCodeAt(0);
          if (code < 0x80) return code;
          if (code >= 0x410 && code <= 0x44f) return code - 0x410 + 0xc0;
          throw new Error(`no Windows-1251 byte for ${ch} in this test`);
        }),
      );
    for (const separator of [";", ","]) {
      const text =
        ["Дата", "Номер документа", "Сумма", "Получатель"].join(separator) +
        "\n" +
        ["15.03.2026", "PO-7", '"1500,50"', "Балакай"].join(separator) +
        "\n";
      const parsed = parseStatement(decodeStatement(encode1251(text)));
      if ("problem" in parsed) throw new Error(JSON.stringify(parsed.problem));
      expect(parsed.lines.map((l) => [l.reference, l.amount, l.counterparty])).toEqual([["PO-7", 150050n, "Балакай"]]);
    }
  });

  it("names the line of an unclosed quote", () => {
    expect(parseStatement('Дата;Референс;Сумма\n01.02.2026;PO-1;10\n02.02.2026;"PO-2;10\n')).toEqual({
      problem: { code: "malformed", lineNo: 3 },
    });
  });

  it("names the line and the problem for a bad date, a bad amount or a missing header", () => {
    expect(parseStatement("Дата;Референс;Сумма\n31.02.2026;PO-1;10\n")).toEqual({
      problem: { code: "badDate", lineNo: 2, column: "31.02.2026" },
    });
    expect(parseStatement("Дата;Референс;Сумма\n01.02.2026;PO-1;десять\n")).toEqual({
      problem: { code: "badAmount", lineNo: 2, column: "десять" },
    });
    expect(parseStatement("a;b;c\n1;2;3\n")).toEqual({ problem: { code: "noHeader", lineNo: 1 } });
    expect(parseStatement("")).toEqual({ problem: { code: "empty", lineNo: 0 } });
  });

  it("parses dates and amounts as banks write them", () => {
    expect(parseStatementDate("05.01.2026")).toEqual(startOfDay("2026-01-05"));
    expect(parseStatementDate("2026-01-05T10:00")).toEqual(startOfDay("2026-01-05"));
    expect(parseStatementAmount("1 500,50 сом")).toBe(150050n);
    expect(parseStatementAmount("1\u00a0500.5")).toBe(150050n);
    expect(parseStatementAmount("1,500.50")).toBeNull();
  });
});
