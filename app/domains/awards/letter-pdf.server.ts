import { createHash } from "node:crypto";
import type { TFunction } from "i18next";
import { amountInWords } from "~/domains/pdf/amount-words";
import { BRAND, createPdf, LINE, MARGIN, MUTED } from "~/domains/pdf/document.server";
import { qrPng } from "~/domains/pdf/qr.server";
import { hundredthsToFixed } from "~/domains/reviews/review-rules";
import { formatDate, formatMoney, type AppLocale } from "~/utils/i18n";
import { getFixedT } from "~/utils/i18n.server";
import { asEntered, textRoleNote, type IssuedText, type TextRole } from "~/domains/pdf/text-roles";
import { canonicalLetterContent, trancheSummary, type LetterContent } from "./award-rules";

// The award letter: one A4 page in one language, issued as a set (decision
// 0080): Kyrgyz binding, Russian parallel, English courtesy. What is printed
// and what is hashed come from the same LetterFacts, so the printed content
// hash always describes the printed facts.

export type LetterFacts = {
  language: AppLocale;
  verificationCode: string;
  verifyUrl: string;
  issuedAt: Date;
  /** The signatory: the head of the mayor's office (or a deputy), by position and name. */
  municipality: { name: string; address: string; head: string; headPosition: string; logo?: Buffer | null };
  award: { reference: string; amount: bigint; finalScore: number; rank: number; decidedAt: Date };
  organization: { name: string; registrationNumber: string; tin: string; address: string };
  call: { reference: string; title: string };
  projectTitle: string;
  milestones: string[];
  /** The languages the organization wrote the title and the milestones in: marked in a letter of another language */
  projectTitleIn: AppLocale;
  enteredIn: AppLocale;
  /** This text's place in its set, and the other texts issued with it */
  textRole: TextRole;
  companions: (IssuedText & { verificationCode: string })[];
};

/** The facts as the canonical content whose SHA-256 is printed on the letter. */
export function letterContent(facts: LetterFacts): LetterContent {
  return {
    verificationCode: facts.verificationCode,
    awardReference: facts.award.reference,
    language: facts.language,
    issuedAt: facts.issuedAt.toISOString(),
    municipality: facts.municipality.name,
    organization: facts.organization.name,
    registrationNumber: facts.organization.registrationNumber,
    tin: facts.organization.tin,
    callReference: facts.call.reference,
    projectTitle: facts.projectTitle,
    amountTyiyn: facts.award.amount.toString(),
    amountWords: amountInWords(facts.award.amount, facts.language),
    tranches: trancheSummary(facts.award.amount, facts.milestones).map((t) => ({
      position: t.position,
      shareBp: t.shareBp,
      amountTyiyn: t.amount.toString(),
    })),
    // Letters issued in one language before the set hash without these two, as they always did.
    ...(facts.textRole === "SOLE"
      ? {}
      : { textRole: facts.textRole, texts: facts.companions.map((c) => ({ language: c.language, verificationCode: c.verificationCode })) }),
  };
}

export function contentSha256(content: LetterContent): string {
  return createHash("sha256").update(canonicalLetterContent(content), "utf8").digest("hex");
}

/** The logo fits in a square of this many points (about 17 mm) at the top left. */
const LOGO_SIZE = 48;

/** The letter's fixed wording is looked up once per language; only the interpolated lines go through i18next each time. */
const STATIC_KEYS = [
  "title",
  "number",
  "to",
  "registration",
  "tin",
  "awardNumber",
  "project",
  "score",
  "amount",
  "amountWords",
  "conditionsTitle",
  "conditions.sign",
  "conditions.report",
  "conditions.spend",
  "conditions.return",
  "tranchesTitle",
  "trancheWhen",
  "trancheShare",
  "trancheAmount",
  "afterFinalReport",
  "tranchesNote",
  "verificationCode",
  "contentHash",
  "hashNote",
] as const;
type StaticKey = (typeof STATIC_KEYS)[number];
const wordings = new Map<string, Record<StaticKey, string>>();

function wording(t: TFunction, language: string): Record<StaticKey, string> {
  let strings = wordings.get(language);
  if (!strings) {
    // cast: Object.fromEntries types its keys as any string; the entries are made from STATIC_KEYS, so every StaticKey is present
    strings = Object.fromEntries(STATIC_KEYS.map((key) => [key, t(`letter.${key}`)])) as Record<StaticKey, string>;
    wordings.set(language, strings);
  }
  return strings;
}

/**
 * Renders the letter. `fonts: "standard"` draws the same page with pdfkit's
 * Helvetica (no Cyrillic): only the benchmark uses it, as the floor.
 */
export async function renderLetter(facts: LetterFacts, options: { fonts?: "embedded" | "standard"; t?: TFunction } = {}) {
  const t = options.t ?? (await getFixedT(facts.language, "awards"));
  const w = wording(t, facts.language);
  const content = letterContent(facts);
  const hash = contentSha256(content);
  const locale = facts.language;
  const marker = (language: AppLocale) => t(`letter.enteredIn.${language}`);
  const entered = (text: string) => asEntered(text, facts.enteredIn, locale, marker);
  const projectTitle = asEntered(facts.projectTitle, facts.projectTitleIn, locale, marker);
  const pdf = createPdf({
    title: `${w.title} ${facts.award.reference}`,
    subject: facts.projectTitle,
    author: facts.municipality.name,
    language: locale,
    fonts: options.fonts,
    createdAt: facts.issuedAt,
  });
  const { doc } = pdf;

  // Header: the municipality (its logo, when it has one, left of its name), the letter's number and date.
  const logo = pdf.image(facts.municipality.logo, MARGIN, MARGIN, LOGO_SIZE);
  const nameX = MARGIN + (logo ? logo.width + 10 : 0);
  const nameWidth = pdf.width * 0.62 - (nameX - MARGIN);
  pdf.use("bold", 13).fillColor(BRAND).text(facts.municipality.name, nameX, MARGIN, { width: nameWidth });
  pdf.use("regular", 8.5).fillColor(MUTED).text(facts.municipality.address, { width: nameWidth });
  pdf
    .use("regular", 9)
    .fillColor(MUTED)
    .text(`${w.number}: ${facts.award.reference}`, MARGIN + pdf.width * 0.62, MARGIN + 2, { width: pdf.width * 0.38, align: "right" });
  doc.text(formatDate(facts.issuedAt, locale), { width: pdf.width * 0.38, align: "right" });
  doc.y = Math.max(doc.y, MARGIN + 40, logo ? MARGIN + logo.height + 4 : 0);
  pdf.rule(BRAND);
  if (facts.textRole !== "SOLE") {
    pdf.paragraph(textRoleNote(t, "letter", facts.textRole, facts.companions), { size: 8.5, color: BRAND, bold: true });
    pdf.space(0.3);
  }

  pdf.use("regular", 10).fillColor("#1b1f24");
  doc.text(`${w.to}: ${facts.organization.name}`, MARGIN, undefined, { width: pdf.width });
  pdf.paragraph(`${w.registration}: ${facts.organization.registrationNumber} · ${w.tin}: ${facts.organization.tin}`, {
    size: 8.5,
    color: MUTED,
  });
  pdf.space(0.4);
  pdf.heading(w.title, 1);
  pdf.paragraph(
    t("letter.body", {
      date: formatDate(facts.award.decidedAt, locale),
      call: `${facts.call.reference} «${facts.call.title}»`,
      project: projectTitle,
    }),
    { align: "justify" },
  );
  pdf.space(0.4);
  pdf.facts(
    [
      [w.awardNumber, facts.award.reference],
      [w.project, projectTitle],
      [w.score, t("letter.scoreValue", { score: hundredthsToFixed(facts.award.finalScore), rank: facts.award.rank })],
      [w.amount, formatMoney(facts.award.amount, locale)],
      [w.amountWords, content.amountWords],
    ],
    140,
  );
  pdf.heading(w.conditionsTitle, 3);
  pdf.bullets((["sign", "report", "spend", "return"] as const).map((key) => w[`conditions.${key}`]));
  pdf.heading(w.tranchesTitle, 3);
  const tranches = trancheSummary(facts.award.amount, facts.milestones);
  pdf.table(
    [
      { header: "№", width: 0.5 },
      { header: w.trancheWhen, width: 5 },
      { header: w.trancheShare, width: 1.2, align: "right" },
      { header: w.trancheAmount, width: 2.2, align: "right" },
    ],
    tranches.map((line) => [
      String(line.position),
      line.milestone ? t("letter.afterMilestone", { milestone: entered(line.milestone) }) : w.afterFinalReport,
      `${(line.shareBp / 100).toFixed(2)} %`,
      formatMoney(line.amount, locale),
    ]),
    { size: 8.5 },
  );
  pdf.paragraph(w.tranchesNote, { size: 8, color: MUTED });

  // Signature, then the verification block at the foot of the page.
  pdf.space(1.5);
  if (facts.municipality.headPosition) pdf.paragraph(facts.municipality.headPosition, { bold: true });
  pdf.paragraph(`${facts.municipality.head}   ____________________`, { bold: true });

  const qrSize = 78;
  const boxTop = doc.page.height - MARGIN - qrSize - 6;
  // A long work plan may push the text down to the verification block: it then goes on a page of its own.
  if (doc.y > boxTop - 14) doc.addPage();
  doc
    .moveTo(MARGIN, boxTop - 6)
    .lineTo(MARGIN + pdf.width, boxTop - 6)
    .lineWidth(0.7)
    .strokeColor(LINE)
    .stroke();
  doc.image(await qrPng(facts.verifyUrl), MARGIN + pdf.width - qrSize, boxTop, { width: qrSize, height: qrSize });
  const textWidth = pdf.width - qrSize - 12;
  pdf.use("bold", 9).fillColor("#1b1f24").text(`${w.verificationCode}: ${facts.verificationCode}`, MARGIN, boxTop, { width: textWidth });
  pdf
    .use("regular", 8)
    .fillColor(MUTED)
    .text(t("letter.verifyAt", { url: facts.verifyUrl }), { width: textWidth });
  doc.text(`${w.contentHash}:`, { width: textWidth });
  pdf.use("regular", 7.5).fillColor("#1b1f24").text(hash, { width: textWidth, characterSpacing: 0.2 });
  pdf.use("regular", 7).fillColor(MUTED).text(w.hashNote, { width: textWidth });

  return { pdf: await pdf.toBuffer(), contentSha256: hash, content };
}
