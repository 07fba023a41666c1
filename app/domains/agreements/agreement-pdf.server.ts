import type { TFunction } from "i18next";
import { commissionDecisionNumber } from "~/domains/awards/award-rules";
import { amountInWords } from "~/domains/pdf/amount-words";
import { BRAND, createPdf, INK, LINE, MARGIN, MUTED, type PdfWriter } from "~/domains/pdf/document.server";
import { asEntered, textRoleNote, type IssuedText, type TextRole } from "~/domains/pdf/text-roles";
import { logoBytes } from "~/domains/municipalities/logo.server";
import { qrPng } from "~/domains/pdf/qr.server";
import type { Tx } from "~/utils/db.server";
import { formatDate, formatMoney, localized, type AppLocale } from "~/utils/i18n";
import { getFixedT } from "~/utils/i18n.server";
import { bpToPercent, type AgreementSnapshot } from "./agreement-rules";

/** One version of an agreement and what it is checked by: everything the PDF prints. */
export type AgreementVersionDraw = {
  number: number;
  snapshot: AgreementSnapshot;
  createdAt: Date;
  verificationCode: string;
  verifyUrl: string;
};

/** The parties and references of the agreement, read in the transaction that writes the version. */
export async function agreementParties(db: Tx, agreementId: string) {
  const parties = await db.agreement.findUniqueOrThrow({
    where: { id: agreementId },
    select: {
      number: true,
      language: true,
      award: {
        select: {
          reference: true,
          organization: {
            select: {
              nameKy: true,
              nameRu: true,
              nameEn: true,
              tin: true,
              registrationNumber: true,
              address: true,
              signatoryName: true,
              signatoryPositionKy: true,
              signatoryPositionRu: true,
            },
          },
          proposal: { select: { title: true, titleKy: true, language: true } },
          call: {
            select: {
              reference: true,
              decisionPublishedAt: true,
              municipality: {
                select: {
                  nameKy: true,
                  nameRu: true,
                  nameEn: true,
                  address: true,
                  headNameKy: true,
                  headNameRu: true,
                  headNameEn: true,
                  headPositionKy: true,
                  headPositionRu: true,
                  headPositionEn: true,
                  logo: { select: { storageKey: true } },
                },
              },
            },
          },
        },
      },
    },
  });
  return { ...parties, logo: await logoBytes(parties.award.call.municipality.logo, db) };
}

export type AgreementParties = Awaited<ReturnType<typeof agreementParties>>;

/** Which text of its set a drawing is: its language, its role and the other texts' codes (decision 0080). */
export type AgreementTextDraw = {
  language: AppLocale;
  role: TextRole;
  companions: (IssuedText & { verificationCode: string })[];
};

/** The municipality's logo fits in a square of this many points at the top left of the first page. */
const LOGO_SIZE = 48;

/**
 * One language text of an agreement version as a PDF (decision 0080), from the version's snapshot:
 * the text's role, the parties with their signatories, the commission decision it rests on, amount in
 * figures and words, milestones with their tranches, the approved budget, reporting obligations,
 * general terms, bank details, the parties' details with places for signatures and stamps and, last,
 * the text's verification code and QR. Drawn once per text and stored; downloads serve the stored bytes.
 */
export async function renderAgreementPdf(parties: AgreementParties, version: AgreementVersionDraw, text: AgreementTextDraw) {
  const locale = text.language;
  const t = await getFixedT(locale, ["grants", "proposals"]);
  const { snapshot } = version;
  const municipality = parties.award.call.municipality;
  const organization = parties.award.organization;
  const proposal = parties.award.proposal;
  const amount = BigInt(snapshot.amount);
  const marker = (language: AppLocale) => t(`pdf.enteredIn.${language}`);
  // What the organization typed is printed as typed and marked when it is in another language.
  const entered = (value: string) => asEntered(value, proposal.language, locale, marker);
  const project = locale === "ky" && proposal.titleKy ? proposal.titleKy : asEntered(proposal.title, proposal.language, locale, marker);
  const grantor = localized(municipality, "name", locale);
  const grantee = localized(organization, "name", locale);
  const grantorSignatory = [localized(municipality, "headPosition", locale), localized(municipality, "headName", locale)]
    .filter(Boolean)
    .join(" ");
  const granteePosition = locale === "ky" ? organization.signatoryPositionKy : organization.signatoryPositionRu;
  const granteeSignatory = [granteePosition || organization.signatoryPositionRu, organization.signatoryName].filter(Boolean).join(" ");
  const decidedAt = parties.award.call.decisionPublishedAt;
  const pdf = createPdf({
    title: t("pdf.title", { number: parties.number }),
    language: locale,
    pageNumbers: true,
    createdAt: version.createdAt,
  });

  const logo = pdf.image(parties.logo, MARGIN, MARGIN, LOGO_SIZE);
  if (logo) pdf.doc.y = MARGIN + logo.height + 8;
  pdf.heading(t("pdf.title", { number: parties.number }), 1);
  pdf.paragraph(t("pdf.subtitle"), { color: MUTED });
  pdf.paragraph(`${grantor} · ${t("pdf.version", { version: version.number, date: formatDate(version.createdAt, locale) })}`, {
    size: 9,
    color: MUTED,
  });
  if (text.role !== "SOLE") {
    pdf.space(0.3);
    pdf.paragraph(textRoleNote(t, "pdf", text.role, text.companions), { size: 8.5, color: BRAND, bold: true });
  }
  pdf.space(0.6);
  pdf.paragraph(
    t("pdf.parties", {
      grantor,
      grantorSignatory: grantorSignatory || t("pdf.authorizedRepresentative"),
      grantee,
      registration: organization.registrationNumber,
      tin: organization.tin,
      granteeSignatory: granteeSignatory || t("pdf.authorizedRepresentative"),
      decision: commissionDecisionNumber(parties.award.call.reference),
      decisionDate: decidedAt ? formatDate(decidedAt, locale) : "—",
      call: parties.award.call.reference,
      award: parties.award.reference,
      project,
    }),
    { align: "justify" },
  );
  pdf.heading(t("pdf.amount"), 2);
  pdf.paragraph(t("pdf.amountText", { amount: formatMoney(amount, locale), words: amountInWords(amount, locale) }));
  pdf.heading(t("pdf.schedule"), 2);
  pdf.paragraph(t("pdf.scheduleText"));
  pdf.space(0.3);
  pdf.table(
    [
      { header: "№", width: 5 },
      { header: t("pdf.milestone"), width: 45 },
      { header: t("pdf.due"), width: 18 },
      { header: t("pdf.share"), width: 10, align: "right" },
      { header: t("pdf.tranche"), width: 22, align: "right" },
    ],
    snapshot.milestones.map((m) => {
      const tranche = snapshot.tranches.find((x) => x.milestonePosition === m.position);
      return [
        String(m.position),
        m.deliverables ? `${entered(m.title)}\n${entered(m.deliverables)}` : entered(m.title),
        formatDate(m.dueOn, locale),
        tranche ? `${bpToPercent(tranche.shareBp)} %` : "—",
        tranche ? formatMoney(BigInt(tranche.amount), locale) : "—",
      ];
    }),
  );
  if (snapshot.budget.length) {
    pdf.heading(t("pdf.budget"), 2);
    pdf.table(
      [
        { header: "№", width: 6 },
        { header: t("pdf.line"), width: 66 },
        { header: t("col.amount"), width: 28, align: "right" },
      ],
      snapshot.budget.map((line) => {
        // The category is the portal's word in this text's language; the description is the organization's.
        const category = t(`proposals:budget.category.${line.category}`, { defaultValue: line.category });
        return [
          String(line.position),
          [line.classificationCode ? `${category} (${line.classificationCode})` : category, entered(line.description)]
            .filter(Boolean)
            .join(" — "),
          formatMoney(BigInt(line.amount), locale),
        ];
      }),
    );
  }
  pdf.heading(t("pdf.reporting"), 2);
  pdf.paragraph(snapshot.reportingTerms, { align: "justify" });
  pdf.heading(t("pdf.generalTerms"), 2);
  pdf.bullets(
    GENERAL_TERMS.map((term) => t(`pdf.terms.${term}`)),
    9.5,
  );
  pdf.heading(t("pdf.bank"), 2);
  pdf.paragraph(
    t("pdf.bankLine", { bank: snapshot.bank.name, bik: snapshot.bank.bik, account: snapshot.bank.account, tin: organization.tin }),
  );
  signatures(pdf, t, [
    { heading: t("pdf.forGrantor"), lines: [grantor, municipality.address, grantorSignatory] },
    {
      heading: t("pdf.forGrantee"),
      lines: [
        grantee,
        organization.address,
        t("pdf.ids", { registration: organization.registrationNumber, tin: organization.tin }),
        granteeSignatory,
      ],
    },
  ]);

  // The verification block sits at the foot of the last page, above the page number.
  const doc = pdf.doc;
  const qrSize = 72;
  const boxTop = pdf.bottom - qrSize - 4;
  if (doc.y > boxTop - 16) doc.addPage();
  doc
    .moveTo(MARGIN, boxTop - 6)
    .lineTo(MARGIN + pdf.width, boxTop - 6)
    .lineWidth(0.7)
    .strokeColor(LINE)
    .stroke();
  doc.image(await qrPng(version.verifyUrl), MARGIN + pdf.width - qrSize, boxTop, { width: qrSize, height: qrSize });
  const textWidth = pdf.width - qrSize - 12;
  pdf
    .use("bold", 9)
    .fillColor(INK)
    .text(`${t("pdf.verificationCode")}: ${version.verificationCode}`, MARGIN, boxTop, { width: textWidth });
  pdf
    .use("regular", 8)
    .fillColor(MUTED)
    .text(t("pdf.verifyAt", { url: version.verifyUrl }), { width: textWidth });
  doc.text(t("pdf.verifyNote"), { width: textWidth });
  return pdf.toBuffer((page, total) => t("pdf.page", { page, total }));
}

/** The general terms every agreement carries, in this order (strings `pdf.terms.*`). */
const GENERAL_TERMS = ["reporting", "changes", "return", "termination", "disputes", "language"] as const;

/** The parties' details side by side, each with a line to sign on and the place for the stamp; kept on one page. */
function signatures(pdf: PdfWriter, t: TFunction, parties: { heading: string; lines: string[] }[]) {
  pdf.ensureSpace(170);
  pdf.heading(t("pdf.signatures"), 2);
  const doc = pdf.use("regular", 9.5);
  const top = doc.y + 4;
  const half = pdf.width / 2;
  let bottom = top;
  parties.forEach((party, i) => {
    const x = MARGIN + i * half;
    pdf
      .use("bold", 9.5)
      .fillColor(INK)
      .text(`${party.heading}:`, x, top, { width: half - 12 });
    pdf.use("regular", 9.5).text(party.lines.filter(Boolean).join("\n"), x, undefined, { width: half - 12 });
    doc.moveDown(1.6);
    doc.text(`_______________________ ${t("pdf.signature")}`, x, undefined, { width: half - 12 });
    doc.moveDown(0.8);
    pdf
      .use("regular", 8.5)
      .fillColor(MUTED)
      .text(t("pdf.stamp"), x, undefined, { width: half - 12 });
    bottom = Math.max(bottom, doc.y);
  });
  doc.fillColor(INK);
  doc.x = MARGIN;
  doc.y = bottom + 10;
}
