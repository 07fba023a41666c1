import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { canonicalLetterContent } from "./award-rules";
import { contentSha256, letterContent, renderLetter, type LetterFacts } from "./letter-pdf.server";

const dir = mkdtempSync(path.join(os.tmpdir(), "letter-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ROLE = { ky: "BINDING", ru: "PARALLEL", en: "COURTESY" } as const;
const CODES = { ky: "K7M2-9QXA-3TBD", ru: "R4N8-2WXC-7PQM", en: "E1H5-6JKV-0ZYS" } as const;

const facts = (language: LetterFacts["language"]): LetterFacts => ({
  language,
  verificationCode: CODES[language],
  verifyUrl: `https://portal.karakol.kg/verify/${CODES[language]}`,
  issuedAt: new Date("2026-06-20T06:00:00Z"),
  municipality: {
    name: language === "ru" ? "Мэрия города Каракол" : "Каракол шаарынын мэриясы",
    address: "Каракол, Абдрахманов 130",
    head: "А. Б. Исаков",
    headPosition: language === "ru" ? "Мэр города Каракол" : "Каракол шаарынын мэри",
  },
  award: { reference: "SZ-2026-01-001", amount: 123_456_78n, finalScore: 8433, rank: 2, decidedAt: new Date("2026-06-01T06:00:00Z") },
  organization: { name: "«Балакай» коомдук бирикмеси", registrationNumber: "12345-3302-ОБ", tin: "02103201810123", address: "Каракол" },
  call: { reference: "SZ-2026-01", title: "Балдарга колдоо" },
  projectTitle: "Үй-бүлөлүк борбор",
  projectTitleIn: "ky",
  enteredIn: "ky",
  milestones: ["Борборду ачуу", "Жыйынтык"],
  textRole: ROLE[language],
  companions: (["ky", "ru", "en"] as const)
    .filter((other) => other !== language)
    .map((other) => ({ language: other, role: ROLE[other], verificationCode: CODES[other] })),
});

async function textOf(language: LetterFacts["language"], changed: Partial<LetterFacts> = {}) {
  const { pdf, contentSha256: hash, content } = await renderLetter({ ...facts(language), ...changed });
  const file = path.join(dir, `${language}.pdf`);
  writeFileSync(file, pdf);
  const text = execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
  const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync("pdfinfo", [file], { encoding: "utf8" }))?.[1]);
  return { text, hash, content, pages, pdf };
}

describe("the award letter as printed", () => {
  it("in Kyrgyz: number, amount in digits and in Kyrgyz words, the Kyrgyz wording, on one page", async () => {
    const { text, pages } = await textOf("ky");
    expect(pages).toBe(1);
    expect(text).toContain("Грант ыйгаруу жөнүндө кат");
    expect(text).toContain("SZ-2026-01-001");
    expect(text).toContain("123 456,78 сом");
    expect(text).toContain("Жүз жыйырма үч миң төрт жүз элүү алты сом 78 тыйын");
    expect(text).toContain("«Борборду ачуу» этабы кабыл алынгандан кийин");
    expect(text).toContain("Текшерүү коду: K7M2-9QXA-3TBD");
    // The binding text says so and names its Russian parallel by code.
    expect(text).toContain("Мамлекеттик тилдеги текст, юридикалык күчкө ээ");
    expect(text).toContain("R4N8-2WXC-7PQM");
  });

  it("marks the organization's own text with the language it was written in, in a letter of another language", async () => {
    const { text } = await textOf("ky", {
      projectTitle: "Семейный центр",
      projectTitleIn: "ru",
      enteredIn: "ru",
      milestones: ["Открытие"],
    });
    expect(text).toContain("Семейный центр [орус тилинде]");
    expect(text).toContain("«Открытие [орус тилинде]» этабы");
    const russian = await textOf("ru", { projectTitle: "Семейный центр", projectTitleIn: "ru", enteredIn: "ru", milestones: ["Открытие"] });
    expect(russian.text).not.toContain("[");
    expect(russian.text).toContain("Официальный параллельный текст на русском языке");
    expect(russian.text).toContain("K7M2-9QXA-3TBD");
  });

  it("in Russian: number, amount in digits and in Russian words with the right case endings", async () => {
    const { text } = await textOf("ru");
    expect(text).toContain("Письмо о присуждении гранта");
    expect(text).toContain("Код проверки: R4N8-2WXC-7PQM");
    expect(text).toContain("SZ-2026-01-001");
    expect(text).toContain("123 456,78 сом");
    expect(text).toContain("Сто двадцать три тысячи четыреста пятьдесят шесть сомов 78 тыйынов");
  });

  it("in English, with the verification address printed for the QR code", async () => {
    const { text } = await textOf("en");
    expect(text).toContain("Award letter");
    expect(text).toContain("KGS 123,456.78");
    expect(text).toContain("One hundred twenty-three thousand four hundred fifty-six som 78 tyiyn");
    expect(text).toContain("https://portal.karakol.kg/verify/E1H5-6JKV-0ZYS");
    expect(text).toContain("Courtesy translation, not binding");
  });

  it("prints the SHA-256 of the canonical content, which anyone can recompute from the facts", async () => {
    const { text, hash, content } = await textOf("ru");
    expect(text).toContain(hash);
    expect(hash).toBe(createHash("sha256").update(canonicalLetterContent(content)).digest("hex"));
    expect(contentSha256(letterContent(facts("ru")))).toBe(hash);
    // Any fact changed changes the hash.
    const other = letterContent({ ...facts("ru"), award: { ...facts("ru").award, amount: 123_456_79n } });
    expect(contentSha256(other)).not.toBe(hash);
  });
});
