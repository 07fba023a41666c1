import { amountInWords } from "~/domains/pdf/amount-words";
import { createPdf } from "~/domains/pdf/document.server";
import { formatDate, formatMoney, localized, type AppLocale } from "~/utils/i18n";
import { getFixedT } from "~/utils/i18n.server";
import type { Actor } from "~/utils/permissions";
import { bpToPercent } from "./agreement-rules";
import { getAgreement } from "./agreements.server";

/**
 * The agreement as a PDF in the agreement's language (the NCO's), from its
 * latest version: parties, amount in figures and words, milestones with
 * their tranches, the approved budget, reporting obligations, bank details
 * and signature blocks. Drawn with the shared PDF helper.
 */
export async function renderAgreementPdf({ actor, agreementId }: { actor: Actor; agreementId: string }) {
  const agreement = await getAgreement({ actor, agreementId });
  const locale = agreement.language as AppLocale;
  const t = await getFixedT(locale, "grants");
  const { snapshot } = agreement;
  const municipality = agreement.award.call.municipality;
  const organization = agreement.award.organization;
  const [latest] = agreement.versions;
  const amount = BigInt(snapshot.amount);
  const pdf = createPdf({ title: t("pdf.title", { number: agreement.number }), language: locale, pageNumbers: true, createdAt: latest!.createdAt });

  pdf.heading(t("pdf.title", { number: agreement.number }), 1);
  pdf.paragraph(t("pdf.subtitle"), { color: "#4a5563" });
  pdf.paragraph(`${t("pdf.city")} · ${t("pdf.version", { version: agreement.version, date: formatDate(latest!.createdAt, locale) })}`, { size: 9, color: "#4a5563" });
  pdf.space(0.6);
  pdf.paragraph(
    t("pdf.preamble", {
      grantor: localized(municipality, "name", locale),
      grantee: localized(organization, "name", locale),
      project: agreement.award.proposal.title,
      call: agreement.award.call.reference,
      award: agreement.award.reference,
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
      snapshot.budget.map((line) => [String(line.position), [line.category, line.description].filter(Boolean).join(" — "), formatMoney(BigInt(line.amount), locale)]),
    );
  }
  pdf.heading(t("pdf.reporting"), 2);
  pdf.paragraph(snapshot.reportingTerms, { align: "justify" });
  pdf.heading(t("pdf.bank"), 2);
  pdf.paragraph(t("pdf.bankLine", { bank: snapshot.bank.name, bik: snapshot.bank.bik, account: snapshot.bank.account, tin: organization.tin }));
  pdf.heading(t("pdf.signatures"), 2);
  pdf.ensureSpace(90);
  const doc = pdf.use("regular", 10);
  const y = doc.y + 6;
  const half = pdf.width / 2;
  doc.text(`${t("pdf.forGrantor")}:\n${localized(municipality, "headName", locale) || localized(municipality, "name", locale)}\n\n_______________________`, 50, y, { width: half - 10 });
  doc.text(`${t("pdf.forGrantee")}:\n${localized(organization, "name", locale)}\n\n_______________________`, 50 + half, y, { width: half - 10 });
  return { pdf: await pdf.toBuffer((page, total) => t("pdf.page", { page, total })), number: agreement.number, locale };
}
