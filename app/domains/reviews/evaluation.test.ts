import { describe, expect, it } from "vitest";
import { evaluateProposals, rankEvaluations, type EvaluationInput } from "./evaluation";

const criteria = [
  { id: "c1", position: 1, maxScore: 10, weight: 60 },
  { id: "c2", position: 2, maxScore: 10, weight: 40 },
];
const seats = [
  { membershipId: "chair", role: "CHAIR" as const },
  { membershipId: "m1", role: "MEMBER" as const },
  { membershipId: "m2", role: "MEMBER" as const },
  { membershipId: "obs", role: "OBSERVER" as const },
];
const sheet = (proposalId: string, membershipId: string, scores: [number, number], submitted = true) => ({
  sheets: [{ proposalId, membershipId, submitted }],
  scores: scores.map((score, i) => ({ proposalId, membershipId, criterionId: `c${i + 1}`, score })),
});

function input(parts: ReturnType<typeof sheet>[], extra: Partial<EvaluationInput> = {}): EvaluationInput {
  return {
    criteria,
    seats,
    conflicts: [],
    proposals: [
      { id: "p1", reference: "R1", organizationId: "o1", submittedAt: new Date("2026-04-01T10:00:00Z"), requested: 100n },
      { id: "p2", reference: "R2", organizationId: "o2", submittedAt: new Date("2026-04-01T09:00:00Z"), requested: 100n },
    ],
    sheets: parts.flatMap((p) => p.sheets),
    scores: parts.flatMap((p) => p.scores),
    consensus: [],
    minScore: 50,
    ...extra,
  };
}

describe("evaluating a call", () => {
  it("counts only submitted sheets of the chair and members, never drafts or observers", () => {
    const [p1] = evaluateProposals(
      input([sheet("p1", "chair", [8, 8]), sheet("p1", "m1", [6, 6]), sheet("p1", "m2", [10, 10], false), sheet("p1", "obs", [0, 0])]),
    );
    expect(p1!.expectedScorerIds).toEqual(["chair", "m1", "m2"]);
    expect(p1!.submittedScorerIds).toEqual(["chair", "m1"]);
    expect(p1!.complete).toBe(false);
    expect(p1!.outcomes[0]!.scores).toEqual([8, 6]);
    expect(p1!.finalScore).toBeNull();
  });

  it("leaves a conflicted member out of the average, even one who scored before recusing", () => {
    const [p1] = evaluateProposals(
      input([sheet("p1", "chair", [8, 8]), sheet("p1", "m1", [6, 6]), sheet("p1", "m2", [0, 0])], {
        conflicts: [{ membershipId: "m2", organizationId: "o1" }],
      }),
    );
    expect(p1!.expectedScorerIds).toEqual(["chair", "m1"]);
    expect(p1!.complete).toBe(true);
    expect(p1!.finalScore).toBe(7000); // mean 7 on both criteria
    expect(p1!.meetsThreshold).toBe(true);
  });

  it("flags divergence, blocks until consensus, then uses the consensus score", () => {
    const parts = [sheet("p1", "chair", [9, 5]), sheet("p1", "m1", [2, 5]), sheet("p1", "m2", [7, 5])];
    const [before] = evaluateProposals(input(parts));
    expect(before!.unresolved).toEqual(["c1"]);
    expect(before!.finalScore).toBe(5600); // mean 6/10 × 60 + 5/10 × 40
    const [after] = evaluateProposals(input(parts, { consensus: [{ proposalId: "p1", criterionId: "c1", score: 8 }] }));
    expect(after!.unresolved).toEqual([]);
    expect(after!.finalScore).toBe(6800);
  });

  it("is never complete without an expected scorer, and ranks only complete proposals", () => {
    const everyoneConflicted = evaluateProposals(
      input([], {
        conflicts: ["chair", "m1", "m2"].map((membershipId) => ({ membershipId, organizationId: "o2" })),
      }),
    );
    expect(everyoneConflicted[1]!.expectedScorerIds).toEqual([]);
    expect(everyoneConflicted[1]!.complete).toBe(false);

    const evaluations = evaluateProposals(
      input([
        sheet("p1", "chair", [5, 5]),
        sheet("p1", "m1", [5, 5]),
        sheet("p1", "m2", [5, 5]),
        sheet("p2", "chair", [5, 5]),
        sheet("p2", "m1", [5, 5]),
        sheet("p2", "m2", [5, 5]),
      ]),
    );
    // Equal scores and equal heaviest criterion: the earlier submission (p2) ranks first.
    expect(rankEvaluations(evaluations).map((e) => [e.proposalId, e.rank])).toEqual([
      ["p2", 1],
      ["p1", 2],
    ]);
    expect(rankEvaluations(evaluateProposals(input([sheet("p1", "chair", [5, 5])])))).toEqual([]);
  });
});
