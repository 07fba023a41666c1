// The evaluation of a whole call from plain rows: which scores count, the
// divergent criteria, final scores and the ranking. Pure, so that the
// dashboard, the decision, the public results and the protocol compute the
// same numbers the same way.
import {
  criterionOutcomes,
  expectedScorers,
  finalScoreHundredths,
  fraction,
  heaviestCriterion,
  meetsThreshold,
  rank,
  weightedTotal,
  type CommissionRoleValue,
  type CriterionOutcome,
  type CriterionRule,
  type Fraction,
} from "./review-rules";

export type EvaluationInput = {
  criteria: readonly CriterionRule[];
  seats: readonly { membershipId: string; role: CommissionRoleValue }[];
  conflicts: readonly { membershipId: string; organizationId: string }[];
  proposals: readonly { id: string; reference: string; organizationId: string; submittedAt: Date | null; requested: bigint }[];
  /** Drafts included: only submitted sheets count. */
  sheets: readonly { proposalId: string; membershipId: string; submitted: boolean }[];
  scores: readonly { proposalId: string; membershipId: string; criterionId: string; score: number }[];
  consensus: readonly { proposalId: string; criterionId: string; score: number }[];
  minScore: number;
};

export type ProposalEvaluation = {
  proposalId: string;
  reference: string;
  organizationId: string;
  submittedAt: Date;
  requested: bigint;
  expectedScorerIds: string[];
  submittedScorerIds: string[];
  /** Every expected scorer has submitted (and there is at least one) */
  complete: boolean;
  outcomes: CriterionOutcome[];
  /** Divergent criteria without a consensus record: they block the decision */
  unresolved: string[];
  total: Fraction | null;
  finalScore: number | null;
  meetsThreshold: boolean;
  heaviestValue: Fraction;
};

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = map.get(k);
    if (list) list.push(row);
    else map.set(k, [row]);
  }
  return map;
}

/**
 * Per proposal: the counted scores are those of submitted sheets of expected
 * scorers (chair and members without a declared conflict with the
 * organization); a member who recused after scoring is not counted.
 */
export function evaluateProposals(input: EvaluationInput): ProposalEvaluation[] {
  const heaviest = heaviestCriterion(input.criteria);
  const conflictsByOrg = groupBy(input.conflicts, (c) => c.organizationId);
  const sheetsByProposal = groupBy(input.sheets, (s) => s.proposalId);
  const scoresByProposal = groupBy(input.scores, (s) => s.proposalId);
  const consensusByProposal = groupBy(input.consensus, (c) => c.proposalId);
  return input.proposals.map((p) => {
    const conflicted = new Set((conflictsByOrg.get(p.organizationId) ?? []).map((c) => c.membershipId));
    const expected = expectedScorers(input.seats, conflicted);
    const expectedSet = new Set(expected);
    const submitted = (sheetsByProposal.get(p.id) ?? [])
      .filter((s) => s.submitted && expectedSet.has(s.membershipId))
      .map((s) => s.membershipId);
    const submittedSet = new Set(submitted);
    const counted = (scoresByProposal.get(p.id) ?? []).filter((s) => submittedSet.has(s.membershipId));
    const consensus = new Map((consensusByProposal.get(p.id) ?? []).map((c) => [c.criterionId, c.score]));
    const outcomes = criterionOutcomes(input.criteria, counted, consensus);
    const complete = expected.length > 0 && submitted.length === expected.length;
    const total = complete ? weightedTotal(input.criteria, outcomes) : null;
    const finalScore = total ? finalScoreHundredths(total) : null;
    return {
      proposalId: p.id,
      reference: p.reference,
      organizationId: p.organizationId,
      submittedAt: p.submittedAt ?? new Date(0),
      requested: p.requested,
      expectedScorerIds: expected,
      submittedScorerIds: submitted,
      complete,
      outcomes,
      unresolved: outcomes.filter((o) => o.divergent && o.consensus === null).map((o) => o.criterionId),
      total,
      finalScore,
      meetsThreshold: finalScore !== null && meetsThreshold(finalScore, input.minScore),
      heaviestValue: (heaviest && outcomes.find((o) => o.criterionId === heaviest.id)?.value) || fraction(0),
    };
  });
}

/** The complete evaluations in ranking order with their rank; incomplete ones are not ranked. */
export function rankEvaluations(evaluations: readonly ProposalEvaluation[]) {
  return rank(
    evaluations
      .filter((e): e is ProposalEvaluation & { finalScore: number } => e.complete && e.finalScore !== null)
      .map((e) => ({ ...e, finalScore: e.finalScore })),
  );
}

/**
 * Each counted scorer's own weighted total for one proposal (0–100, hundredths, the final score's
 * rounding): what the open data publishes after the decision so that anyone can test members'
 * agreement (decision 0070). A member missing a criterion's score has no total.
 */
export function memberTotals(
  criteria: readonly CriterionRule[],
  scores: EvaluationInput["scores"],
  evaluation: Pick<ProposalEvaluation, "proposalId" | "submittedScorerIds">,
): { membershipId: string; hundredths: number }[] {
  return evaluation.submittedScorerIds.flatMap((membershipId) => {
    const own = scores.filter((s) => s.proposalId === evaluation.proposalId && s.membershipId === membershipId);
    const total = weightedTotal(criteria, criterionOutcomes(criteria, own, new Map()));
    return total ? [{ membershipId, hundredths: finalScoreHundredths(total) }] : [];
  });
}
