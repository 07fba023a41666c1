import { createPdf } from "~/domains/pdf/document.server";
import { qrPng } from "~/domains/pdf/qr.server";
import { getEnv } from "~/utils/env.server";
import { localized } from "~/utils/i18n";
import { getFixedT } from "~/utils/i18n.server";
import type { Actor } from "~/utils/permissions";
import { getCodeBatch, getFeedbackAdmin, getRatingPage } from "./feedback.server";
import { printedCode } from "./feedback-rules";

// Printed matter for beneficiary feedback (decision 0079): the card for the NCO's premises, in
// Kyrgyz and Russian on one page with the QR code of the short link, and the sheet of one-time codes.

export function feedbackUrl(slug: string) {
  return `${getEnv().PUBLIC_URL.replace(/\/$/, "")}/f/${slug}`;
}

/** The card: both languages one under the other, the QR code and the short link between them. */
export async function renderFeedbackCard({ actor, agreementId }: { actor: Actor; agreementId: string }) {
  const admin = await getFeedbackAdmin({ actor, agreementId });
  if (!admin.slug) return null;
  const page = await getRatingPage(admin.slug);
  const url = feedbackUrl(admin.slug);
  const [ky, ru] = await Promise.all([getFixedT("ky", "grants"), getFixedT("ru", "grants")]);
  const pdf = createPdf({ title: `${ky("feedback.card.title")} / ${ru("feedback.card.title")}`, language: "ky" });
  const doc = pdf.doc;
  for (const [t, locale] of [
    [ky, "ky"],
    [ru, "ru"],
  ] as const) {
    pdf.heading(t("feedback.card.title"), 1);
    pdf.paragraph(page.title, { bold: true, size: 12 });
    pdf.paragraph(localized(page.organization, "name", locale), { size: 10 });
    pdf.space(0.3);
    pdf.paragraph(t("feedback.card.body"), { size: 11 });
    pdf.space(0.6);
  }
  const size = 180;
  const x = (doc.page.width - size) / 2;
  const y = doc.y + 6;
  doc.image(await qrPng(url, 8), x, y, { width: size, height: size });
  doc.y = y + size + 10;
  pdf.paragraph(url, { bold: true, size: 14, align: "center" });
  pdf.paragraph(`${ky("feedback.card.anonymous")}\n${ru("feedback.card.anonymous")}`, { size: 9, color: "#4a5563", align: "center" });
  return pdf.toBuffer();
}

/** A sheet of one batch's codes, to cut up or print on attendance sheets: each code with the short link. */
export async function renderCodeSheet({ actor, agreementId, batch }: { actor: Actor; agreementId: string; batch: number }) {
  const sheet = await getCodeBatch({ actor, agreementId, batch });
  const [ky, ru] = await Promise.all([getFixedT("ky", "grants"), getFixedT("ru", "grants")]);
  const pdf = createPdf({ title: `${ky("feedback.codes.title")} / ${ru("feedback.codes.title")} — ${sheet.number}`, language: "ky" });
  pdf.heading(`${ky("feedback.codes.title")} / ${ru("feedback.codes.title")}`, 1);
  pdf.paragraph(`${sheet.number} · ${ky("feedback.codes.batch", { batch })} / ${ru("feedback.codes.batch", { batch })}`, { size: 9 });
  if (sheet.slug) pdf.paragraph(feedbackUrl(sheet.slug), { bold: true });
  pdf.paragraph(`${ky("feedback.codes.howTo")}\n${ru("feedback.codes.howTo")}`, { size: 9, color: "#4a5563" });
  pdf.space(0.5);
  const doc = pdf.doc;
  const columns = 4;
  const cell = pdf.width / columns;
  const rowHeight = 28;
  let y = doc.y;
  sheet.codes.forEach(({ code }, index) => {
    const column = index % columns;
    if (column === 0 && index > 0) y += rowHeight;
    if (y + rowHeight > pdf.bottom) {
      doc.addPage();
      y = doc.y;
    }
    pdf.use("bold", 13).text(printedCode(code), 50 + column * cell, y + 6, { width: cell - 8, align: "center", lineBreak: false });
    doc
      .rect(50 + column * cell + 2, y, cell - 4, rowHeight - 4)
      .lineWidth(0.5)
      .dash(3, { space: 2 })
      .strokeColor("#c3cad4")
      .stroke()
      .undash();
  });
  return pdf.toBuffer();
}
