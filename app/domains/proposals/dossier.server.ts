// The dossier of a submitted proposal version: everything the version froze (sections, work plan,
// budget, documents with their SHA-256), rendered from the stored snapshot itself, so the hashes it
// prints are the stored ones by construction. The applicant downloads its own; a commission member
// who may open the proposal downloads it, or every such proposal of the call as one ZIP
// (reviews/dossiers.server.ts).
import { z } from "zod";
import { createPdf, MARGIN, MUTED } from "~/domains/pdf/document.server";
import { optionText, questionText } from "~/domains/calls/call-questions";
import { snapshotAnswersOf } from "./proposal-answers";
import { prisma } from "~/utils/db.server";
import { formatDate, formatMoney, localized, type AppLocale } from "~/utils/i18n";
import { getFixedT } from "~/utils/i18n.server";
import type { Actor } from "~/utils/permissions";
import { readScope, notFound } from "./proposal-access.server";
import { receiptTime } from "./receipt-format";

const text = z
  .string()
  .nullish()
  .transform((v) => v ?? "");

/** What the dossier reads of a stored snapshot (buildSnapshot writes it); older snapshots may lack parts. */
const DossierContentSchema = z.object({
  organization: z.object({ nameKy: text, nameRu: text, tin: text, registrationNumber: text }).partial().default({}),
  proposal: z
    .object({
      language: text,
      title: text,
      summary: text,
      problem: text,
      targetGroup: text,
      beneficiaries: z.number().nullish(),
      objectives: text,
      activities: text,
      team: text,
    })
    .partial()
    .default({}),
  workPlan: z.array(z.object({ position: z.number(), title: text, deliverables: text, startsOn: text, dueOn: text })).default([]),
  budget: z
    .object({
      lines: z
        .array(
          z.object({
            position: z.number(),
            category: text,
            description: text,
            unit: text,
            quantity: z.number(),
            unitCost: z.string(),
            requested: z.string(),
            cofinancing: z.string(),
          }),
        )
        .default([]),
      requestedTotal: z.string().default("0"),
      cofinancingTotal: z.string().default("0"),
    })
    .default({}),
  documents: z
    .array(
      z.object({
        kind: z.string(),
        title: text,
        attachmentId: z.string().nullish(),
        originalName: z.string().nullish(),
        size: z.number().nullish(),
        sha256: z.string().nullish(),
      }),
    )
    .default([]),
});

const versionSelect = {
  number: true,
  receiptNumber: true,
  contentSha256: true,
  submittedAt: true,
  withdrawnAt: true,
  content: true,
  proposal: {
    select: {
      id: true,
      reference: true,
      call: { select: { reference: true, titleKy: true, titleRu: true, titleEn: true } },
      organization: { select: { nameKy: true, nameRu: true, nameEn: true, tin: true } },
    },
  },
} as const;

type VersionRow = NonNullable<Awaited<ReturnType<typeof loadVersion>>>;

function loadVersion(where: { proposalId: string; number?: number; proposal?: object }) {
  return prisma.proposalVersion.findFirst({
    where: {
      proposalId: where.proposalId,
      ...(where.number ? { number: where.number } : { withdrawnAt: null }),
      ...(where.proposal ? { proposal: where.proposal } : {}),
    },
    orderBy: { number: "desc" },
    select: versionSelect,
  });
}

export type Dossier = { version: VersionRow; content: z.infer<typeof DossierContentSchema> };

function dossierOf(version: VersionRow): Dossier {
  return { version, content: DossierContentSchema.parse(version.content) };
}

/** The applicant's (or the municipality's officers') copy of one submitted version. */
export async function getOwnDossier({ actor, proposalId, number }: { actor: Actor; proposalId: string; number: number }) {
  const version = await loadVersion({ proposalId, number, proposal: readScope(actor) });
  if (!version) notFound();
  return dossierOf(version);
}

/** The version the commission reviews: the latest one not withdrawn. Access is the caller's to check. */
export async function reviewedDossier(proposalId: string) {
  const version = await loadVersion({ proposalId });
  return version ? dossierOf(version) : null;
}

/** The file name a dossier downloads as. */
export function dossierFileName(dossier: Dossier) {
  return `dossier-${dossier.version.proposal.reference}-v${dossier.version.number}.pdf`;
}

const som = (tyiyn: string, locale: AppLocale) => formatMoney(BigInt(tyiyn), locale);

export async function renderDossierPdf({ version, content }: Dossier, locale: AppLocale): Promise<Buffer> {
  const t = await getFixedT(locale, "proposals");
  const p = content.proposal;
  const pdf = createPdf({
    title: `${t("dossier.title")} ${version.proposal.reference}`,
    language: locale,
    subject: version.receiptNumber,
    createdAt: version.submittedAt,
  });
  pdf.heading(t("dossier.title"));
  pdf.paragraph(t("dossier.lead"), { color: MUTED }).space(0.4);
  const time = receiptTime(version.submittedAt, locale);
  pdf.facts([
    [t("receipt.call"), `${localized(version.proposal.call, "title", locale)}\n${version.proposal.call.reference}`],
    [t("receipt.proposal"), `${p.title || t("untitled")}\n${version.proposal.reference}`],
    [
      t("receipt.organization"),
      `${localized(version.proposal.organization, "name", locale)}\n${t("receipt.tin")}: ${version.proposal.organization.tin}`,
    ],
    [t("receipt.version"), `${t("receipt.versionOf", { number: version.number })} · ${version.receiptNumber}`],
    [t("receipt.submittedAt"), `${time.local}\n${time.utc}`],
    [t("fields.language"), p.language ? t(`dossier.language.${p.language}`) : "—"],
  ]);
  pdf.space(0.3).use("bold", 10).text(t("receipt.sha256"), MARGIN);
  pdf.use("regular", 9.5).text(version.contentSha256, MARGIN, undefined, { characterSpacing: 0.3 });
  if (version.withdrawnAt)
    pdf.space(0.3).paragraph(t("receipt.withdrawnAt", { date: receiptTime(version.withdrawnAt, locale).local }), { bold: true });
  pdf.space(0.6);

  const sections: [string, string][] = [
    [t("fields.summary"), p.summary ?? ""],
    [t("fields.problem"), p.problem ?? ""],
    [
      t("fields.targetGroup"),
      [p.targetGroup ?? "", p.beneficiaries ? `${t("fields.beneficiaries")}: ${p.beneficiaries}` : ""].filter(Boolean).join("\n"),
    ],
    [t("fields.objectives"), p.objectives ?? ""],
    [t("fields.activities"), p.activities ?? ""],
    [t("fields.team"), p.team ?? ""],
  ];
  for (const [title, body] of sections) {
    pdf.heading(title, 3);
    pdf.paragraph(body || "—").space(0.4);
  }

  pdf.heading(t("milestones.caption"), 2);
  if (content.workPlan.length) {
    pdf.table(
      [
        { header: "№", width: 6 },
        { header: t("milestones.title"), width: 30 },
        { header: t("milestones.deliverables"), width: 40 },
        { header: t("milestones.dates"), width: 24 },
      ],
      content.workPlan.map((m) => [
        String(m.position),
        m.title,
        m.deliverables,
        `${m.startsOn ? formatDate(m.startsOn, locale) : "—"} – ${m.dueOn ? formatDate(m.dueOn, locale) : "—"}`,
      ]),
      { size: 8 },
    );
  } else pdf.paragraph("—");
  pdf.space(0.4);

  pdf.heading(t("budget.caption"), 2);
  if (content.budget.lines.length) {
    pdf.table(
      [
        { header: "№", width: 5 },
        { header: t("budget.categoryLabel"), width: 15 },
        { header: t("budget.description"), width: 26 },
        { header: t("budget.quantity"), width: 12 },
        { header: t("budget.unitCost"), width: 14 },
        { header: t("budget.requested"), width: 14 },
        { header: t("budget.cofinancing"), width: 14 },
      ],
      content.budget.lines.map((l) => [
        String(l.position),
        t(`budget.category.${l.category}`, { defaultValue: l.category }),
        l.description,
        `${(l.quantity / 100).toLocaleString(locale === "en" ? "en" : "ru")} ${l.unit}`,
        som(l.unitCost, locale),
        som(l.requested, locale),
        som(l.cofinancing, locale),
      ]),
      { size: 7.5 },
    );
  }
  pdf.facts([
    [t("budget.requestedTotal"), som(content.budget.requestedTotal, locale)],
    [t("budget.cofinancingTotal"), som(content.budget.cofinancingTotal, locale)],
  ]);
  pdf.space(0.4);

  pdf.heading(t("receipt.documents"), 2);
  if (content.documents.length) {
    pdf.table(
      [
        { header: t("documents.kind"), width: 22 },
        { header: t("receipt.documentTitle"), width: 30 },
        { header: "SHA-256", width: 48 },
      ],
      content.documents.map((d) => [
        t(`documentKind.${d.kind}`, { defaultValue: d.kind }),
        d.title || d.originalName || "",
        d.sha256 ?? "—",
      ]),
      { size: 7 },
    );
  } else pdf.paragraph(t("dossier.noDocuments"));

  // The call's extra questions (decision 0077): only in a version that answered some, so older dossiers stay as they were.
  const answers = snapshotAnswersOf(version.content);
  if (answers.length) {
    pdf.space(0.4).heading(t("questions.title"), 2);
    pdf.table(
      [
        { header: "№", width: 5 },
        { header: t("questions.question"), width: 40 },
        { header: t("questions.answer"), width: 55 },
      ],
      answers.map((a) => [
        String(a.position + 1),
        questionText(a, locale),
        a.kind === "FILE" && a.file
          ? `${a.file.originalName}\nSHA-256 ${a.file.sha256}`
          : a.kind === "CHOICE"
            ? optionText(a.choice ?? undefined, locale)
            : a.value,
      ]),
      { size: 7.5 },
    );
  }
  return pdf.toBuffer();
}

/** A dossier as a download. */
export function dossierResponse(pdf: Buffer, fileName: string) {
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="${fileName.replace(/[^A-Za-z0-9._-]/g, "")}"`,
      "Content-Length": String(pdf.length),
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
