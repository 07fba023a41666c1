// Integrity flags (decision 0070): red flags computed from a public OCDS release package alone,
// so that anyone holding the export (`npm run integrity -- <file or URL>`) gets what the portal
// shows. A flag is a reason to look, never a finding. Pure: no database, no Node-only API.
import { normalizeIdentifier } from "~/domains/reviews/review-rules";
import { calendarDateOf, daysBetween } from "~/utils/time";
import {
  DEFAULT_INTEGRITY_THRESHOLDS,
  integrityPackageSchema,
  type IntegrityAddress,
  type IntegrityParty,
  type IntegrityRelease,
  type IntegrityThresholds,
} from "./integrity-schemas";

import { INTEGRITY_CODES, type IntegrityCode, type IntegrityFlag, type IntegritySubject, type MatchBasis } from "./integrity-flags";

export { DEFAULT_INTEGRITY_THRESHOLDS, type IntegrityThresholds } from "./integrity-schemas";
export {
  flagDetailKeys,
  INTEGRITY_CODES,
  type IntegrityCode,
  type IntegrityFlag,
  type IntegritySubject,
  type MatchBasis,
} from "./integrity-flags";

const CODE_ORDER: readonly IntegrityCode[] = Object.values(INTEGRITY_CODES);

export type IntegrityResult = { ok: true; flags: IntegrityFlag[] } | { ok: false; problems: string[] };

/** Awards that stand (or may still): a cancelled or declined award won nothing. */
const LAPSED_AWARD = new Set(["cancelled", "unsuccessful"]);

/** Money compares in hundredths: OCDS publishes soms with two decimals as JSON numbers. */
const hundredths = (amount: number) => Math.round(amount * 100);

const dayOf = (instant: string) => calendarDateOf(instant);

function subjectOf(release: IntegrityRelease, awardId?: string): IntegritySubject {
  return awardId === undefined ? { ocid: release.ocid } : { ocid: release.ocid, awardId };
}

/** The award of this release whose supplier is this party, if one stands. */
function awardOfSupplier(release: IntegrityRelease, partyId: string): string | undefined {
  return (release.awards ?? []).find((a) => !LAPSED_AWARD.has(a.status ?? "") && (a.suppliers ?? []).some((s) => s.id === partyId))?.id;
}

function shortOpenPeriod(release: IntegrityRelease, t: IntegrityThresholds): IntegrityFlag[] {
  const period = release.tender?.tenderPeriod;
  if (!period?.startDate || !period.endDate) return [];
  const days = daysBetween(dayOf(period.startDate), dayOf(period.endDate));
  return days < t.minOpenDays ? [{ code: "SHORT_OPEN_PERIOD", subject: subjectOf(release), params: { days, minimum: t.minOpenDays } }] : [];
}

/**
 * An amendment dated before the deadline in force, fewer than the minimum days before it. The
 * deadline published is the one after every amendment, so an amendment that extended it far enough
 * is not late; one made after the deadline is another matter and not this flag.
 */
function lateAmendments(release: IntegrityRelease, t: IntegrityThresholds): IntegrityFlag[] {
  const deadline = release.tender?.tenderPeriod?.endDate;
  if (!deadline) return [];
  return (release.tender?.amendments ?? []).flatMap((amendment, index): IntegrityFlag[] => {
    if (!amendment.date || Date.parse(amendment.date) > Date.parse(deadline)) return [];
    const daysBeforeDeadline = daysBetween(dayOf(amendment.date), dayOf(deadline));
    if (daysBeforeDeadline >= t.lateAmendmentDays) return [];
    const amendmentId = amendment.id ?? String(index + 1);
    return [
      { code: "LATE_AMENDMENT", subject: subjectOf(release), params: { amendmentId, daysBeforeDeadline, minimum: t.lateAmendmentDays } },
    ];
  });
}

/** Submitted bids, when the publisher lists them (invited or withdrawn ones are not proposals). */
function submittedBids(release: IntegrityRelease) {
  return (release.bids?.details ?? []).filter((b) => b.status !== "invited" && b.status !== "withdrawn");
}

function singleEligibleProposal(release: IntegrityRelease): IntegrityFlag[] {
  const bids = submittedBids(release);
  if (bids.length > 0) {
    const eligible = bids.filter((b) => b.status === "valid").length;
    return eligible === 1
      ? [{ code: "SINGLE_ELIGIBLE_PROPOSAL", subject: subjectOf(release), params: { basis: "bids", submitted: bids.length } }]
      : [];
  }
  // Without bid details only the number of applicants is public: one applicant is at most one eligible proposal.
  const count = release.tender?.numberOfTenderers ?? release.tender?.tenderers?.length;
  return count === 1
    ? [{ code: "SINGLE_ELIGIBLE_PROPOSAL", subject: subjectOf(release), params: { basis: "tenderers", submitted: 1 } }]
    : [];
}

const normalizeText = (value: string) =>
  value
    .toLocaleLowerCase("ru")
    .replace(/[\s.,;:"'«»№#-]+/g, " ")
    .trim();

/** A street and a locality, both present, compared without case and punctuation. */
function addressKey(address: IntegrityAddress | null | undefined): string | null {
  if (!address?.streetAddress?.trim() || !address.locality?.trim()) return null;
  return `${normalizeText(address.locality)}|${normalizeText(address.streetAddress)}`;
}

function identifiersOf(party: IntegrityParty): Set<string> {
  const ids = [party.id, party.identifier?.id, ...(party.additionalIdentifiers ?? []).map((i) => i.id)];
  return new Set(ids.filter((id): id is string => Boolean(id)).map(normalizeIdentifier));
}

/** Applicants: parties listed as tenderers or suppliers, or named on a bid. */
function applicantsOf(release: IntegrityRelease): IntegrityParty[] {
  const named = new Set(
    [...(release.tender?.tenderers ?? []), ...(release.bids?.details ?? []).flatMap((b) => b.tenderers ?? [])].map((t) => t.id),
  );
  return (release.parties ?? []).filter(
    (p) => named.has(p.id) || (p.roles ?? []).some((role) => role === "tenderer" || role === "supplier"),
  );
}

function commissionApplicantMatches(release: IntegrityRelease): IntegrityFlag[] {
  const members = release.tender?.evaluationCommission?.members ?? [];
  if (members.length === 0) return [];
  const flags: IntegrityFlag[] = [];
  for (const applicant of applicantsOf(release)) {
    const ids = identifiersOf(applicant);
    const applicantAddress = addressKey(applicant.address);
    const founderNames = new Set((applicant.founders ?? []).map((f) => normalizeText(f.name ?? "")).filter(Boolean));
    const founderIds = new Set(
      (applicant.founders ?? [])
        .map((f) => f.identifier?.id)
        .filter((id): id is string => Boolean(id))
        .map(normalizeIdentifier),
    );
    for (const member of members) {
      const affiliations = (member.affiliations ?? []).map(normalizeIdentifier).filter(Boolean);
      const bases: MatchBasis[] = [];
      if (affiliations.some((a) => ids.has(a))) bases.push("affiliation");
      if (applicantAddress !== null && addressKey(member.address) === applicantAddress) bases.push("address");
      if ((member.name && founderNames.has(normalizeText(member.name))) || affiliations.some((a) => founderIds.has(a)))
        bases.push("founder");
      const declared = (member.declaredConflicts ?? []).includes(applicant.id);
      for (const basis of bases) {
        flags.push({
          code: "COMMISSION_APPLICANT_MATCH",
          subject: subjectOf(release, awardOfSupplier(release, applicant.id)),
          params: {
            memberId: member.id,
            memberName: member.name ?? "",
            tendererId: applicant.id,
            tendererName: applicant.name ?? "",
            basis,
            declared,
          },
        });
      }
    }
  }
  return flags;
}

/** Each scored bid's members' totals in hundredths of a point (a bid scored by fewer than two members tells nothing). */
function scoredBids(release: IntegrityRelease) {
  return (release.bids?.details ?? [])
    .map((b) => ({ id: b.id, totals: (b.memberScores ?? []).map((s) => hundredths(s.total)) }))
    .filter((b) => b.totals.length >= 2);
}

function uniformScores(release: IntegrityRelease, t: IntegrityThresholds): IntegrityFlag[] {
  const bids = scoredBids(release);
  if (bids.length < t.uniformScoresMinProposals) return [];
  if (!bids.every((b) => b.totals.every((total) => total === b.totals[0]))) return [];
  const members = Math.max(...bids.map((b) => b.totals.length));
  return [{ code: "UNIFORM_SCORES", subject: subjectOf(release), params: { proposals: bids.length, members } }];
}

function awardOfBid(release: IntegrityRelease, bidId: string): string | undefined {
  return (release.awards ?? []).find((a) => !LAPSED_AWARD.has(a.status ?? "") && (a.relatedBids?.includes(bidId) || a.relatedBid === bidId))
    ?.id;
}

function extremeScoreDivergence(release: IntegrityRelease, t: IntegrityThresholds): IntegrityFlag[] {
  return scoredBids(release).flatMap((bid): IntegrityFlag[] => {
    const spread = Math.max(...bid.totals) - Math.min(...bid.totals);
    if (spread <= t.extremeSpreadPoints * 100) return [];
    return [
      {
        code: "EXTREME_SCORE_DIVERGENCE",
        subject: subjectOf(release, awardOfBid(release, bid.id)),
        params: { bidId: bid.id, spread: spread / 100, maximum: t.extremeSpreadPoints },
      },
    ];
  });
}

function awardsAtMaximum(release: IntegrityRelease): IntegrityFlag[] {
  const maximum = release.tender?.maxAwardValue;
  // No cap published (or a cap of 0, the portal's "no cap") leaves nothing to be exactly at.
  if (!maximum?.amount || maximum.amount <= 0) return [];
  return (release.awards ?? []).flatMap((award): IntegrityFlag[] => {
    const amount = award.value?.amount;
    if (LAPSED_AWARD.has(award.status ?? "") || typeof amount !== "number" || hundredths(amount) !== hundredths(maximum.amount ?? 0))
      return [];
    const currency = award.value?.currency ?? maximum.currency ?? "";
    return [{ code: "AWARD_AT_MAXIMUM", subject: subjectOf(release, award.id), params: { amount, currency } }];
  });
}

/**
 * Across the package: the same supplier's standing awards in one programme (planning.budget.projectID,
 * else its name), in date order; the award that makes it the N-th win and every later one are flagged.
 */
function repeatWinners(releases: IntegrityRelease[], t: IntegrityThresholds): IntegrityFlag[] {
  type Win = { release: IntegrityRelease; awardId: string; date: string; supplierName: string };
  const wins = new Map<string, { programme: string; supplierId: string; list: Win[] }>();
  for (const release of releases) {
    const programme = release.planning?.budget?.projectID ?? release.planning?.budget?.project ?? "";
    if (!programme) continue;
    for (const award of release.awards ?? []) {
      if (LAPSED_AWARD.has(award.status ?? "")) continue;
      for (const supplier of award.suppliers ?? []) {
        if (!supplier.id) continue;
        const key = JSON.stringify([programme, supplier.id]);
        const entry = wins.get(key) ?? { programme, supplierId: supplier.id, list: [] };
        entry.list.push({ release, awardId: award.id, date: award.date ?? release.date ?? "", supplierName: supplier.name ?? "" });
        wins.set(key, entry);
      }
    }
  }
  const flags: IntegrityFlag[] = [];
  for (const { programme, supplierId, list } of wins.values()) {
    list.sort((a, b) => a.date.localeCompare(b.date) || a.release.ocid.localeCompare(b.release.ocid) || a.awardId.localeCompare(b.awardId));
    list.forEach((win, index) => {
      if (index + 1 < t.repeatWins) return;
      flags.push({
        code: "REPEAT_WINNER",
        subject: subjectOf(win.release, win.awardId),
        params: { supplierId, supplierName: win.supplierName, programme, wins: index + 1, minimum: t.repeatWins },
      });
    });
  }
  return flags;
}

/** A stable order: by call as published, then call-level flags before an award's, then the closed code order. */
function sortFlags(flags: IntegrityFlag[], releases: IntegrityRelease[]): IntegrityFlag[] {
  const position = new Map(releases.map((r, index) => [r.ocid, index]));
  return flags
    .map((flag, index) => ({ flag, index }))
    .sort(
      (a, b) =>
        (position.get(a.flag.subject.ocid) ?? 0) - (position.get(b.flag.subject.ocid) ?? 0) ||
        (a.flag.subject.awardId ?? "").localeCompare(b.flag.subject.awardId ?? "") ||
        CODE_ORDER.indexOf(a.flag.code) - CODE_ORDER.indexOf(b.flag.code) ||
        a.index - b.index,
    )
    .map(({ flag }) => flag);
}

/**
 * One release per contracting process: the portal publishes compiled releases; a package holding
 * several releases of one ocid is read by its latest (by date, then by position).
 */
function latestPerProcess(releases: IntegrityRelease[]): IntegrityRelease[] {
  const latest = new Map<string, IntegrityRelease>();
  for (const release of releases) {
    const seen = latest.get(release.ocid);
    if (!seen || (release.date ?? "") >= (seen.date ?? "")) latest.set(release.ocid, release);
  }
  return [...latest.values()];
}

/** Every flag raised by a parsed package. */
export function flagsOf(
  packageReleases: IntegrityRelease[],
  thresholds: IntegrityThresholds = DEFAULT_INTEGRITY_THRESHOLDS,
): IntegrityFlag[] {
  const releases = latestPerProcess(packageReleases);
  const perCall = releases.flatMap((release) => [
    ...shortOpenPeriod(release, thresholds),
    ...lateAmendments(release, thresholds),
    ...singleEligibleProposal(release),
    ...commissionApplicantMatches(release),
    ...uniformScores(release, thresholds),
    ...extremeScoreDivergence(release, thresholds),
    ...awardsAtMaximum(release),
  ]);
  return sortFlags([...perCall, ...repeatWinners(releases, thresholds)], releases);
}

/** Where a zod issue sits, as a reader finds it in the file: releases[0].tender.tenderPeriod.endDate. */
function pathText(path: (string | number)[]): string {
  return path.reduce<string>((text, key) => (typeof key === "number" ? `${text}[${key}]` : text ? `${text}.${key}` : key), "") || "(root)";
}

/**
 * The flags of an OCDS release package given as parsed JSON of unknown shape. A package that does
 * not have the fields the flags read, in the types OCDS gives them, answers its problems instead.
 */
export function integrityFlags(releasePackage: unknown, thresholds: IntegrityThresholds = DEFAULT_INTEGRITY_THRESHOLDS): IntegrityResult {
  const parsed = integrityPackageSchema.safeParse(releasePackage);
  if (!parsed.success) return { ok: false, problems: parsed.error.issues.map((issue) => `${pathText(issue.path)}: ${issue.message}`) };
  return { ok: true, flags: flagsOf(parsed.data.releases, thresholds) };
}
