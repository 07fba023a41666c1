import { createPdf } from "~/domains/pdf/document.server";
import { prisma } from "~/utils/db.server";
import { DomainError } from "~/utils/domain-error";
import { formatDate, formatMoney, localized, type AppLocale } from "~/utils/i18n";
import { getFixedT } from "~/utils/i18n.server";
import { storedIndicators } from "./stored-json";

// What the public sees of a funded project: only what the agreement and the
// accepted reports say; nothing under review, no comments, no personal data.

const SUMMARY_CHARS = 600;

export async function listPublicProjects(municipalityId?: string) {
  const agreements = await prisma.agreement.findMany({
    where: { status: { in: ["SIGNED", "CLOSED"] }, ...(municipalityId ? { award: { call: { municipalityId } } } : {}) },
    orderBy: { signedOn: "desc" },
    select: {
      id: true,
      number: true,
      status: true,
      award: {
        select: {
          amount: true,
          organization: { select: { nameKy: true, nameRu: true, nameEn: true } },
          proposal: { select: { title: true } },
          call: { select: { municipality: { select: { nameKy: true, nameRu: true, nameEn: true } } } },
        },
      },
      milestones: { select: { status: true } },
      tranches: { where: { status: "PAID" }, select: { amount: true } },
    },
  });
  return agreements.map((a) => ({
    id: a.id,
    number: a.number,
    status: a.status,
    title: a.award.proposal.title,
    organization: a.award.organization,
    municipality: a.award.call.municipality,
    amount: a.award.amount,
    paid: a.tranches.reduce((s, t) => s + t.amount, 0n),
    accepted: a.milestones.filter((m) => m.status === "ACCEPTED").length,
    milestones: a.milestones.length,
  }));
}

export async function getPublicProject(agreementId: string) {
  const agreement = await prisma.agreement.findFirst({
    where: { id: agreementId, status: { in: ["SIGNED", "CLOSED"] } },
    select: {
      id: true,
      number: true,
      status: true,
      signedOn: true,
      closedAt: true,
      award: {
        select: {
          amount: true,
          returned: true,
          organization: { select: { nameKy: true, nameRu: true, nameEn: true, region: true } },
          proposal: { select: { title: true, summary: true, beneficiaries: true } },
          call: {
            select: {
              reference: true,
              titleKy: true,
              titleRu: true,
              titleEn: true,
              municipality: { select: { nameKy: true, nameRu: true, nameEn: true } },
            },
          },
        },
      },
      milestones: {
        orderBy: { position: "asc" },
        select: {
          position: true,
          title: true,
          dueOn: true,
          status: true,
          acceptedAt: true,
          reports: {
            where: { kind: { in: ["PROGRESS", "FINAL"] }, status: "ACCEPTED" },
            orderBy: { submittedAt: "desc" },
            take: 1,
            select: { kind: true, narrative: true, beneficiariesReached: true, indicators: true, reviewedAt: true },
          },
        },
      },
      tranches: {
        orderBy: { position: "asc" },
        select: {
          position: true,
          amount: true,
          shareBp: true,
          status: true,
          paymentOrders: { where: { status: { in: ["EXECUTED", "RECORDED_MANUALLY"] } }, select: { executedAt: true } },
        },
      },
    },
  });
  if (!agreement) throw new DomainError("grants:error.notFound", {}, 404);
  return {
    ...agreement,
    milestones: agreement.milestones.map(({ reports, ...m }) => {
      const report = reports[0];
      return {
        ...m,
        report: report
          ? {
              narrative:
                report.narrative.length > SUMMARY_CHARS ? `${report.narrative.slice(0, SUMMARY_CHARS).trimEnd()}…` : report.narrative,
              beneficiariesReached: report.beneficiariesReached,
              indicators: storedIndicators(report.indicators),
            }
          : null,
      };
    }),
    tranches: agreement.tranches.map(({ paymentOrders, ...t }) => ({ ...t, paidOn: paymentOrders[0]?.executedAt ?? null })),
    paid: agreement.tranches.filter((t) => t.status === "PAID").reduce((s, t) => s + t.amount, 0n),
  };
}

/** One A4 page for a community meeting, in Kyrgyz or Russian. */
export async function renderProjectSummaryPdf(agreementId: string, locale: Extract<AppLocale, "ky" | "ru">) {
  const project = await getPublicProject(agreementId);
  const t = await getFixedT(locale, "grants");
  const pdf = createPdf({ title: `${t("pdf.summaryTitle")} — ${project.award.proposal.title}`, language: locale });
  pdf.paragraph(localized(project.award.call.municipality, "name", locale), { size: 9, color: "#4a5563" });
  pdf.heading(project.award.proposal.title, 1);
  pdf.paragraph(t("pdf.summaryTitle"), { color: "#4a5563" });
  pdf.space(0.3);
  pdf.facts([
    [t("pdf.summaryNco"), localized(project.award.organization, "name", locale)],
    [t("projects.call"), `${project.award.call.reference} — ${localized(project.award.call, "title", locale)}`],
    [t("pdf.summaryAmount"), `${formatMoney(project.award.amount, locale)} (${project.number})`],
    [t("pdf.summaryPaid"), formatMoney(project.paid, locale)],
  ]);
  if (project.award.proposal.summary) pdf.paragraph(project.award.proposal.summary.slice(0, 500), { align: "justify" });
  pdf.heading(t("pdf.summaryMilestones"), 2);
  pdf.table(
    [
      { header: "№", width: 5 },
      { header: t("col.title"), width: 45 },
      { header: t("col.due"), width: 20 },
      { header: t("col.status"), width: 30 },
    ],
    project.milestones.map((m) => [String(m.position), m.title, formatDate(m.dueOn, locale), t(`milestoneStatus.${m.status}`)]),
  );
  const reports = project.milestones.filter((m) => m.report);
  if (reports.length) {
    pdf.heading(t("pdf.summaryReports"), 2);
    for (const m of reports.slice(-3)) {
      pdf.paragraph(`${m.position}. ${m.title}`, { bold: true, size: 9.5 });
      pdf.paragraph(`${m.report!.narrative.slice(0, 280)} ${t("projects.beneficiaries", { count: m.report!.beneficiariesReached })}`, {
        size: 9,
      });
    }
  }
  pdf.space(0.8);
  pdf.paragraph(
    t("pdf.summaryFooter", { publisher: localized(project.award.call.municipality, "name", locale), date: formatDate(new Date(), locale) }),
    { size: 8, color: "#4a5563" },
  );
  return pdf.toBuffer();
}
