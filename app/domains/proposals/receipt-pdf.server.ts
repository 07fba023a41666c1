// The submission receipt as a PDF: one A4 page in the reader's language, the
// same facts as the receipt page, and a QR code of the receipt's address
// (PUBLIC_URL), where it is checked against the stored content. Fonts come
// from the shared PDF layer (parsed once per process).
import { createPdf, MARGIN, MUTED } from "~/domains/pdf/document.server";
import { qrPng } from "~/domains/pdf/qr.server";
import { getEnv } from "~/utils/env.server";
import { formatMoney, localized, type AppLocale } from "~/utils/i18n";
import { getFixedT } from "~/utils/i18n.server";
import { receiptTime } from "./receipt-format";
import type { Receipt } from "./submission.server";

/**
 * What the QR code opens: the receipt's page at the portal's public address,
 * where the stored content is hashed again and compared with the printed hash.
 */
export function receiptUrl(receipt: Pick<Receipt, "number"> & { proposal: { id: string } }) {
  return `${getEnv().PUBLIC_URL.replace(/\/$/, "")}/proposals/${receipt.proposal.id}/receipts/${receipt.number}`;
}

export async function renderReceiptPdf(receipt: Receipt, locale: AppLocale): Promise<Buffer> {
  const t = await getFixedT(locale, "proposals");
  const p = receipt.proposal;
  const pdf = createPdf({
    title: `${t("receipt.title")} ${receipt.receiptNumber}`,
    language: locale,
    subject: p.reference,
    createdAt: receipt.submittedAt,
  });
  pdf.heading(t("receipt.title"));
  pdf.paragraph(t("receipt.lead"), { color: MUTED }).space(0.6);
  const time = receiptTime(receipt.submittedAt, locale);
  pdf.facts([
    [t("receipt.number"), receipt.receiptNumber],
    [t("receipt.submittedAt"), `${time.local}\n${time.utc}`],
    [t("receipt.proposal"), `${p.title || t("untitled")}\n${p.reference}`],
    [t("receipt.call"), `${localized(p.call, "title", locale)}\n${p.call.reference}`],
    [t("receipt.organization"), `${localized(p.organization, "name", locale)}\n${t("receipt.tin")}: ${p.organization.tin}`],
    [t("receipt.submittedBy"), receipt.submittedBy],
    [t("receipt.intake"), p.intake === "PAPER" ? t("receipt.paper", { pages: receipt.paper?.pages ?? 0 }) : t("intake.ONLINE")],
    [t("receipt.version"), t("receipt.versionOf", { number: receipt.number })],
    [t("budget.requestedTotal"), formatMoney(receipt.requestedTotal, locale)],
    [t("budget.cofinancingTotal"), formatMoney(receipt.cofinancingTotal, locale)],
  ]);
  pdf.space(0.4).use("bold", 10).text(t("receipt.sha256"), MARGIN);
  pdf.use("regular", 9.5).text(receipt.contentSha256, MARGIN, undefined, { characterSpacing: 0.3 });
  pdf.space(0.6);
  if (receipt.documents.length) {
    pdf.heading(t("receipt.documents"), 3);
    pdf.table(
      [
        { header: t("documents.kind"), width: 28 },
        { header: t("receipt.documentTitle"), width: 32 },
        { header: "SHA-256", width: 40 },
      ],
      receipt.documents.map((d) => [t(`documentKind.${d.kind}`), d.title, d.sha256 ?? "—"]),
      { size: 7.5 },
    );
  }
  if (receipt.withdrawnAt)
    pdf.paragraph(t("receipt.withdrawnAt", { date: receiptTime(receipt.withdrawnAt, locale).local }), { bold: true });
  pdf.ensureSpace(120);
  const top = pdf.doc.y + 6;
  pdf.doc.image(await qrPng(receiptUrl(receipt)), MARGIN, top, { width: 96 });
  pdf
    .use("regular", 8.5)
    .fillColor(MUTED)
    .text(`${t("receipt.hashNote")}\n${receiptUrl(receipt)}`, MARGIN + 110, top + 4, { width: pdf.width - 110 });
  return pdf.toBuffer();
}
