import { amountInWords } from "~/domains/pdf/amount-words";
import { createPdf, LINE, MARGIN, MUTED } from "~/domains/pdf/document.server";
import { logoBytes } from "~/domains/municipalities/logo.server";
import { qrPng } from "~/domains/pdf/qr.server";
import type { Tx } from "~/utils/db.server";
import { DEFAULT_LOCALE, formatDate, formatMoney, isLocale, localized } from "~/utils/i18n";
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
            select: { nameKy: true, nameRu: true, nameEn: true, tin: true },
          },
          proposal: { select: { title: true } },
          call: {
            select: {
              reference: true,
              municipality: {
                select: {
                  nameKy: true,
                  nameRu: true,
                  nameEn: true,
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

/** The municipality's logo fits in a square of this many points at the top left of the first page. */
const LOGO_SIZE = 48;

/**
 * The agreement as a PDF in the agreement's language (the NCO's), from one
 * version's snapshot: parties, amount in figures and words, milestones with
 * their tranches, the approved budget, reporting obligations, bank details,
 * signature blocks and, last, the version's verification code and QR. Drawn
 * once per version and stored; downloads serve the stored bytes.
 */
export async function renderAgreementPdf(parties: Awaited<ReturnType<typeof agreementParties>>, version: AgreementVersionDraw) {
  const locale = isLocale(parties.language) ? parties.language : DEFAULT_LOCALE;
  const t = await getFixedT(locale, "grants");
  const { snapshot } = version;
  const municipality = parties.award.call.municipality;
  const organization = parties.award.organization;
  const amount = BigInt(snapshot.amount);
  const pdf = createPdf({
    title: t("pdf.title", { number: parties.number }),
    language: locale,
    pageNumbers: true,
    createdAt: version.createdAt,
  });

  const logo = pdf.image(parties.logo, MARGIN, MARGIN, LOGO_SIZE);
  if (logo) pdf.doc.y = MARGIN + logo.height + 8;
  pdf.heading(t("pdf.title", { number: parties.number }), 1);
  pdf.paragraph(t("pdf.subtitle"), { color: "#4a5563" });
  pdf.paragraph(
    `${localized(municipality, "name", locale)} · ${t("pdf.version", {
      version: version.number,
      date: formatDate(version.createdAt, locale),
    })}`,
    { size: 9, color: "#4a5563" },
  );
  pdf.space(0.6);
  pdf.paragraph(
    t("pdf.preamble", {
      grantor: localized(municipality, "name", locale),
      grantee: localized(organization, "name", locale),
      project: parties.award.proposal.title,
      call: parties.award.call.reference,
      award: parties.award.reference,
    }),
    { align: "justify" },
  );
  pdf.heading(t("pdf.amount"), 2);
  pdf.paragraph(
    t("pdf.amountText", {
      amount: formatMoney(amount, locale),
      words: amountInWords(amount, locale),
    }),
  );
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
        m.deliverables ? `${m.title}\n${m.deliverables}` : m.title,
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
      snapshot.budget.map((line) => [
        String(line.position),
        [line.classificationCode ? `${line.category} (${line.classificationCode})` : line.category, line.description]
          .filter(Boolean)
          .join(" — "),
        formatMoney(BigInt(line.amount), locale),
      ]),
    );
  }
  pdf.heading(t("pdf.reporting"), 2);
  pdf.paragraph(snapshot.reportingTerms, { align: "justify" });
  pdf.heading(t("pdf.bank"), 2);
  pdf.paragraph(
    t("pdf.bankLine", {
      bank: snapshot.bank.name,
      bik: snapshot.bank.bik,
      account: snapshot.bank.account,
      tin: organization.tin,
    }),
  );
  // The signatures stay with their heading.
  pdf.ensureSpace(120);
  pdf.heading(t("pdf.signatures"), 2);
  const doc = pdf.use("regular", 10);
  const y = doc.y + 6;
  const half = pdf.width / 2;
  doc.text(
    [
      `${t("pdf.forGrantor")}:`,
      localized(municipality, "name", locale),
      ...[localized(municipality, "headPosition", locale), localized(municipality, "headName", locale)].filter(Boolean),
      "",
      "_______________________",
    ].join("\n"),
    50,
    y,
    { width: half - 10 },
  );
  doc.text(`${t("pdf.forGrantee")}:\n${localized(organization, "name", locale)}\n\n_______________________`, 50 + half, y, {
    width: half - 10,
  });

  // The verification block sits at the foot of the last page, above the page number.
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
    .fillColor("#1b1f24")
    .text(`${t("pdf.verificationCode")}: ${version.verificationCode}`, MARGIN, boxTop, { width: textWidth });
  pdf
    .use("regular", 8)
    .fillColor(MUTED)
    .text(t("pdf.verifyAt", { url: version.verifyUrl }), { width: textWidth });
  doc.text(t("pdf.verifyNote"), { width: textWidth });
  return pdf.toBuffer((page, total) => t("pdf.page", { page, total }));
}
