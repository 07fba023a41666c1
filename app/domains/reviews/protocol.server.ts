import { commissionDecisionNumber } from "~/domains/awards/award-rules";
import { BRAND, createPdf } from "~/domains/pdf/document.server";
import { prisma } from "~/utils/db.server";
import { DomainError } from "~/utils/domain-error";
import { formatDate, formatDateTime, formatMoney, localized, type AppLocale } from "~/utils/i18n";
import { getFixedT } from "~/utils/i18n.server";
import { can, type Actor } from "~/utils/permissions";
import { getSeat, notFound, REVIEW_CALL_SELECT } from "./access.server";
import { evaluateCall } from "./ranking.server";
import { fractionToFixed2, hundredthsToFixed } from "./review-rules";

// The commission's protocol: members, declarations, screening, every
// counted score, consensus records, the ranking and the decisions. It shows
// every member's scores, so it exists only once the decision is published:
// before that it would break the blind review.

const PUBLISHED = ["DECIDED", "COMPLETED"];

/** Seat holders of the call and the municipality's programme officers, after publication. */
async function requireProtocolReader(actor: Actor, callId: string) {
  const seat = await getSeat(actor, callId);
  const call = seat
    ? seat.call
    : can(actor, "read:proposal:any")
      ? await prisma.call.findFirst({ where: { id: callId, municipalityId: actor.municipalityId ?? "" }, select: REVIEW_CALL_SELECT })
      : null;
  if (!call) throw notFound();
  if (!PUBLISHED.includes(call.status)) throw new DomainError("reviews:errors.protocolNotYet", {}, 409);
  return call;
}

export async function loadProtocol({ actor, callId }: { actor: Actor; callId: string }) {
  const call = await requireProtocolReader(actor, callId);
  const [details, seats, proposals, evaluation, awards, scores, consensus] = await Promise.all([
    prisma.call.findUniqueOrThrow({
      where: { id: callId },
      select: { municipality: { select: { nameKy: true, nameRu: true, nameEn: true } }, envelope: true, committed: true },
    }),
    prisma.commissionMembership.findMany({
      where: { callId },
      orderBy: [{ role: "asc" }, { appointedAt: "asc" }],
      select: {
        id: true,
        role: true,
        affiliations: true,
        appointedAt: true,
        user: { select: { fullName: true } },
        declarations: { select: { organizationId: true, hasConflict: true, reason: true, declaredAt: true } },
      },
    }),
    prisma.proposal.findMany({
      where: { callId, status: { not: "DRAFT" } },
      orderBy: { reference: "asc" },
      select: {
        id: true,
        reference: true,
        title: true,
        status: true,
        organizationId: true,
        organization: { select: { nameKy: true, nameRu: true, nameEn: true } },
        eligibility: { select: { eligible: true, reason: true, decidedAt: true } },
        appeals: {
          orderBy: { filedAt: "asc" },
          select: { kind: true, status: true, grounds: true, decision: true, filedAt: true, decidedAt: true },
        },
      },
    }),
    evaluateCall(callId),
    prisma.award.findMany({ where: { callId }, select: { proposalId: true, reference: true, status: true, amount: true } }),
    prisma.score.findMany({
      where: { proposal: { callId } },
      select: { proposalId: true, membershipId: true, criterionId: true, score: true, comment: true },
    }),
    prisma.consensusRecord.findMany({
      where: { proposal: { callId } },
      select: { proposalId: true, criterionId: true, score: true, rationale: true, createdAt: true },
    }),
  ]);
  return { call, ...details, seats, proposals, evaluation, awards, scores, consensus };
}

export type ProtocolData = Awaited<ReturnType<typeof loadProtocol>>;

export async function renderProtocol(data: ProtocolData, locale: AppLocale, now = new Date()) {
  const t = await getFixedT(locale, "reviews");
  const { call, seats, proposals, evaluation, awards } = data;
  const orgName = (p: { organization: { nameKy: string; nameRu: string; nameEn: string } }) => localized(p.organization, "name", locale);
  const criteria = evaluation.input.criteria;
  const pdf = createPdf({
    title: `${t("protocol.title")} ${call.reference}`,
    language: locale,
    pageNumbers: true,
    author: localized(data.municipality, "name", locale),
  });

  pdf.paragraph(localized(data.municipality, "name", locale), { bold: true });
  pdf.heading(t("protocol.numbered", { number: commissionDecisionNumber(call.reference) }), 1);
  // Kyrgyz binding, Russian parallel, English courtesy (decision 0080).
  pdf.paragraph(t(`protocol.textRole.${locale === "ky" ? "BINDING" : locale === "ru" ? "PARALLEL" : "COURTESY"}`), {
    size: 8.5,
    color: BRAND,
    bold: true,
  });
  pdf.space(0.3);
  pdf.facts([
    [t("protocol.call"), `${call.reference} — ${localized(call, "title", locale)}`],
    [t("protocol.envelope"), formatMoney(call.envelope, locale)],
    [t("protocol.decisionPublished"), call.decisionPublishedAt ? formatDateTime(call.decisionPublishedAt, locale) : "—"],
    [t("protocol.standstillEnds"), call.standstillEndsAt ? formatDateTime(call.standstillEndsAt, locale) : "—"],
    [t("protocol.generated"), formatDateTime(now, locale)],
  ]);

  pdf.heading(`1. ${t("protocol.members")}`, 2);
  pdf.table(
    [
      { header: t("protocol.name"), width: 3 },
      { header: t("protocol.role"), width: 2 },
      { header: t("protocol.appointed"), width: 2 },
      { header: t("protocol.affiliations"), width: 3 },
    ],
    seats.map((s) => [
      s.user.fullName,
      t(`role.${s.role}`),
      formatDate(s.appointedAt, locale),
      Array.isArray(s.affiliations) ? s.affiliations.join(", ") : "",
    ]),
  );

  pdf.heading(`2. ${t("protocol.declarations")}`, 2);
  // One row per applicant, one column per seat: compact, and a conflict stands out.
  const applicants = [...new Map(proposals.map((p) => [p.organizationId, orgName(p)])).entries()];
  pdf.table(
    [{ header: t("protocol.organization"), width: 3 }, ...seats.map((s) => ({ header: s.user.fullName, width: 2 }))],
    applicants.map(([organizationId, name]) => [
      name,
      ...seats.map((s) => {
        const d = s.declarations.find((x) => x.organizationId === organizationId);
        return !d ? "—" : d.hasConflict ? `${t("protocol.conflict")}: ${d.reason}` : t("protocol.noConflict");
      }),
    ]),
  );

  pdf.heading(`3. ${t("protocol.screening")}`, 2);
  pdf.table(
    [
      { header: t("protocol.proposal"), width: 3 },
      { header: t("protocol.organization"), width: 3 },
      { header: t("protocol.eligibility"), width: 4 },
    ],
    proposals.map((p) => {
      const appeal = p.appeals.find((a) => a.kind === "ELIGIBILITY");
      const decision = p.eligibility
        ? `${t(p.eligibility.eligible ? "protocol.eligible" : "protocol.ineligible")}${p.eligibility.reason ? `: ${p.eligibility.reason}` : ""}`
        : "—";
      const appealText = appeal
        ? `\n${t("protocol.appeal")} (${t(`appealStatus.${appeal.status}`)}): ${appeal.decision || appeal.grounds}`
        : "";
      return [`${p.reference}\n${p.title}`, orgName(p), decision + appealText];
    }),
  );

  pdf.heading(`4. ${t("protocol.scores")}`, 2);
  const names = new Map(evaluation.input.seats.map((s) => [s.membershipId, s.name]));
  for (const e of evaluation.evaluations) {
    const proposal = proposals.find((p) => p.id === e.proposalId);
    // The proposal's table, consensus lines and final score stay together where they fit on a page.
    pdf.ensureSpace(40 + 22 * (criteria.length + 2));
    pdf.heading(`${e.reference} — ${proposal?.title ?? ""}`, 3);
    const members = e.submittedScorerIds;
    pdf.table(
      [
        { header: t("protocol.criterion"), width: 3 },
        ...members.map((m) => ({ header: names.get(m) ?? "", width: 1.4, align: "right" as const })),
        { header: t("protocol.value"), width: 1.6, align: "right" as const },
      ],
      criteria.map((c) => {
        const outcome = e.outcomes.find((o) => o.criterionId === c.id);
        const cells = members.map((m) =>
          String(data.scores.find((s) => s.proposalId === e.proposalId && s.membershipId === m && s.criterionId === c.id)?.score ?? "—"),
        );
        const value =
          outcome?.consensus !== null && outcome?.consensus !== undefined
            ? `${outcome.consensus} (${t("protocol.consensus")})`
            : outcome?.value
              ? fractionToFixed2(outcome.value)
              : "—";
        return [`${localized(c, "name", locale)} (${c.weight}%, /${c.maxScore})`, ...cells, value];
      }),
    );
    for (const record of data.consensus.filter((c) => c.proposalId === e.proposalId)) {
      const criterion = criteria.find((c) => c.id === record.criterionId);
      pdf.paragraph(
        `${t("protocol.consensusRecord", { criterion: criterion ? localized(criterion, "name", locale) : "", score: record.score })}: ${record.rationale}`,
        { size: 8.5 },
      );
    }
    pdf.paragraph(t("protocol.finalScore", { score: e.finalScore !== null ? hundredthsToFixed(e.finalScore) : "—" }), {
      size: 9,
      bold: true,
    });
  }

  pdf.heading(`5. ${t("protocol.ranking")}`, 2);
  pdf.table(
    [
      { header: "№", width: 0.6 },
      { header: t("protocol.proposal"), width: 3.4 },
      { header: t("protocol.score"), width: 1.2, align: "right" },
      { header: t("protocol.requested"), width: 2, align: "right" },
      { header: t("protocol.amount"), width: 2, align: "right" },
      { header: t("protocol.status"), width: 1.8 },
    ],
    evaluation.ranked.map((r) => {
      const proposal = proposals.find((p) => p.id === r.proposalId);
      const award = awards.find((a) => a.proposalId === r.proposalId);
      const funded = award && ["PROPOSED", "FINAL", "CLOSED"].includes(award.status);
      return [
        String(r.rank),
        `${r.reference} ${proposal ? orgName(proposal) : ""}`,
        hundredthsToFixed(r.finalScore),
        formatMoney(r.requested, locale),
        funded ? formatMoney(award.amount, locale) : "—",
        t(`proposalStatus.${proposal?.status ?? "NOT_AWARDED"}`),
      ];
    }),
  );

  pdf.heading(`6. ${t("protocol.decisions")}`, 2);
  const decisionAppeals = proposals.flatMap((p) => p.appeals.filter((a) => a.kind === "DECISION").map((a) => ({ p, a })));
  pdf.paragraph(
    t("protocol.decisionSummary", {
      awarded: awards.filter((a) => ["PROPOSED", "FINAL", "CLOSED"].includes(a.status)).length,
      final: awards.filter((a) => a.status === "FINAL").length,
      committed: formatMoney(data.committed, locale),
    }),
  );
  if (decisionAppeals.length) {
    pdf.table(
      [
        { header: t("protocol.proposal"), width: 3 },
        { header: t("protocol.appeal"), width: 4 },
        { header: t("protocol.outcome"), width: 3 },
      ],
      decisionAppeals.map(({ p, a }) => [
        `${p.reference} ${orgName(p)}`,
        a.grounds,
        `${t(`appealStatus.${a.status}`)}${a.decision ? `: ${a.decision}` : ""}`,
      ]),
    );
  } else pdf.paragraph(t("protocol.noDecisionAppeals"), { size: 9 });

  pdf.space(1.5);
  for (const seat of seats.filter((s) => s.role !== "OBSERVER"))
    pdf.paragraph(`${t(`role.${seat.role}`)}: ${seat.user.fullName}   ____________________`, { size: 9 });

  return pdf.toBuffer((page, total) => t("protocol.page", { page, total }));
}
