import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  affiliationsOf,
  appealProblem,
  commissionProblem,
  compareFractions,
  criterionOutcomes,
  declarationChangeAllowed,
  eligibilityAppealEndsAt,
  expectedScorers,
  finalScoreHundredths,
  fraction,
  fractionToFixed2,
  heaviestCriterion,
  hundredthsToFixed,
  isDivergent,
  likelyConflict,
  mayReveal,
  meetsThreshold,
  monthsBetween,
  parseAffiliations,
  rank,
  roundFraction,
  screeningChecks,
  undeclaredOrganizations,
  weightedTotal,
  weightsProblem,
  type CriterionRule,
  type RankInput,
} from "./review-rules";
import { startOfDay } from "~/utils/time";

const criteria: CriterionRule[] = [
  { id: "relevance", position: 1, maxScore: 10, weight: 40 },
  { id: "capacity", position: 2, maxScore: 20, weight: 35 },
  { id: "budget", position: 3, maxScore: 5, weight: 25 },
];

describe("divergence: a spread above 30% of the criterion's maximum", () => {
  it("is exactly at the boundary not divergent, one point more is", () => {
    expect(isDivergent([3, 6], 10)).toBe(false); // spread 3 = 30%
    expect(isDivergent([3, 7], 10)).toBe(true); // 40%
    expect(isDivergent([0, 6], 20)).toBe(false); // 30% of 20
    expect(isDivergent([0, 7], 20)).toBe(true);
    expect(isDivergent([1, 2], 5)).toBe(false); // 20%
    expect(isDivergent([1, 3], 5)).toBe(true); // 40%: 1.5 is the limit
  });

  it("needs two scores and looks only at the extremes", () => {
    expect(isDivergent([], 10)).toBe(false);
    expect(isDivergent([10], 10)).toBe(false);
    expect(isDivergent([5, 5, 5, 9], 10)).toBe(true);
    expect(isDivergent([5, 6, 7, 8], 10)).toBe(false);
  });

  it("agrees with the real-number definition for every maximum and pair", () => {
    const mismatches: string[] = [];
    for (let max = 1; max <= 100; max++) {
      for (let a = 0; a <= max; a++) {
        for (let b = a; b <= max; b++) {
          // The definition in real numbers, with an epsilon for 0.3's binary inexactness.
          if (isDivergent([a, b], max) !== b - a > 0.3 * max + 1e-9) mismatches.push(`${a},${b}/${max}`);
        }
      }
    }
    expect(mismatches).toEqual([]);
  });
});

describe("criterion values and the weighted total", () => {
  it("uses the mean of the counted scores, or the consensus where recorded", () => {
    const outcomes = criterionOutcomes(
      criteria,
      [
        { criterionId: "relevance", score: 8 },
        { criterionId: "relevance", score: 9 },
        { criterionId: "relevance", score: 3 },
        { criterionId: "capacity", score: 10 },
        { criterionId: "capacity", score: 11 },
        { criterionId: "budget", score: 5 },
        { criterionId: "budget", score: 4 },
      ],
      new Map([["relevance", 7]]),
    );
    expect(outcomes[0]).toMatchObject({ divergent: true, consensus: 7, value: fraction(7) });
    expect(outcomes[1]).toMatchObject({ divergent: false, consensus: null, value: fraction(21, 2) });
    expect(outcomes[2]?.value).toEqual(fraction(9, 2));
    // 40 × 7/10 + 35 × 10.5/20 + 25 × 4.5/5 = 28 + 18.375 + 22.5 = 68.875
    const total = weightedTotal(criteria, outcomes)!;
    expect(compareFractions(total, fraction(68875, 1000))).toBe(0);
    expect(finalScoreHundredths(total)).toBe(6888); // 68.875 rounds half up
  });

  it("is null until every criterion has a value", () => {
    const outcomes = criterionOutcomes(criteria, [{ criterionId: "relevance", score: 8 }], new Map());
    expect(weightedTotal(criteria, outcomes)).toBeNull();
  });

  it("gives 100 for full marks and 0 for none, whatever the weights", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ max: fc.integer({ min: 1, max: 100 }), w: fc.integer({ min: 1, max: 50 }) }), { minLength: 1, maxLength: 8 }),
        (spec) => {
          const total = spec.reduce((s, c) => s + c.w, 0);
          const cs = spec.map((c, i) => ({ id: `c${i}`, position: i, maxScore: c.max, weight: i === 0 ? c.w + (100 - total) : c.w }));
          if (cs[0]!.weight <= 0) return;
          const full = criterionOutcomes(
            cs,
            cs.map((c) => ({ criterionId: c.id, score: c.maxScore })),
            new Map(),
          );
          const none = criterionOutcomes(
            cs,
            cs.map((c) => ({ criterionId: c.id, score: 0 })),
            new Map(),
          );
          expect(finalScoreHundredths(weightedTotal(cs, full)!)).toBe(10_000);
          expect(finalScoreHundredths(weightedTotal(cs, none)!)).toBe(0);
        },
      ),
    );
  });

  it("is exact: the stored hundredths equal the rounded real-number total", () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.integer({ min: 0, max: 10 }), { minLength: 1, maxLength: 7 }), { minLength: 3, maxLength: 3 }),
        (perCriterion) => {
          const maxes = [10, 20, 5];
          const scores = perCriterion.flatMap((list, i) =>
            list.map((s) => ({ criterionId: criteria[i]!.id, score: Math.min(s, maxes[i]!) })),
          );
          const total = weightedTotal(criteria, criterionOutcomes(criteria, scores, new Map()))!;
          const real = criteria.reduce((sum, c) => {
            const own = scores.filter((s) => s.criterionId === c.id).map((s) => s.score);
            return sum + (c.weight * (own.reduce((a, b) => a + b, 0) / own.length)) / c.maxScore;
          }, 0);
          expect(Math.abs(finalScoreHundredths(total) - real * 100)).toBeLessThanOrEqual(0.5 + 1e-9);
        },
      ),
    );
  });

  it("rounds halves up and prints two decimals", () => {
    expect(roundFraction(fraction(5, 2))).toBe(3);
    expect(roundFraction(fraction(7, 3))).toBe(2);
    expect(hundredthsToFixed(6888)).toBe("68.88");
    expect(hundredthsToFixed(5)).toBe("0.05");
    expect(fractionToFixed2(fraction(21, 2))).toBe("10.50");
    expect(fractionToFixed2(fraction(1, 3))).toBe("0.33");
  });

  it("checks that the weights total 100", () => {
    expect(weightsProblem(criteria)).toBeNull();
    expect(weightsProblem([])).toBe("noCriteria");
    expect(weightsProblem(criteria.slice(1))).toBe("weightsNot100");
  });

  it("compares the threshold in whole points against hundredths", () => {
    expect(meetsThreshold(6000, 60)).toBe(true);
    expect(meetsThreshold(5999, 60)).toBe(false);
    expect(meetsThreshold(0, 0)).toBe(true);
  });
});

describe("ranking and its tie-break", () => {
  const at = (minute: number) => new Date(Date.UTC(2026, 3, 1, 10, minute));
  const item = (id: string, finalScore: number, heaviest: [number, number], minute: number): RankInput => ({
    proposalId: id,
    reference: `P-${id}`,
    finalScore,
    heaviestValue: fraction(heaviest[0], heaviest[1]),
    submittedAt: at(minute),
  });

  it("orders by final score, then the heaviest criterion, then the earlier submission, then the reference", () => {
    const ranked = rank([
      item("d", 7000, [8, 1], 5),
      item("a", 8000, [5, 1], 30),
      item("c", 7000, [8, 1], 1),
      item("b", 7000, [17, 2], 50), // 8.5 on the heaviest beats 8
      item("e", 7000, [8, 1], 1), // same minute as c: the reference decides
    ]);
    expect(ranked.map((r) => [r.proposalId, r.rank])).toEqual([
      ["a", 1],
      ["b", 2],
      ["c", 3],
      ["e", 4],
      ["d", 5],
    ]);
  });

  it("is a total order independent of input order", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(
          fc.record({
            id: fc.string({ minLength: 1, maxLength: 4 }),
            score: fc.integer({ min: 0, max: 3 }),
            heavy: fc.integer({ min: 0, max: 3 }),
            minute: fc.integer({ min: 0, max: 3 }),
          }),
          { selector: (r) => r.id, maxLength: 12 },
        ),
        (rows) => {
          const items = rows.map((r) => item(r.id, r.score, [r.heavy, 1], r.minute));
          const once = rank(items).map((r) => r.proposalId);
          const reversed = rank([...items].reverse()).map((r) => r.proposalId);
          expect(reversed).toEqual(once);
          const ranked = rank(items);
          for (let i = 1; i < ranked.length; i++) {
            const [p, q] = [ranked[i - 1]!, ranked[i]!];
            expect(p.finalScore >= q.finalScore).toBe(true);
            if (p.finalScore === q.finalScore) expect(compareFractions(p.heaviestValue, q.heaviestValue) >= 0).toBe(true);
          }
        },
      ),
    );
  });

  it("takes the heaviest criterion, the first one among equals", () => {
    expect(heaviestCriterion(criteria)?.id).toBe("relevance");
    expect(
      heaviestCriterion([
        { id: "x", position: 2, maxScore: 5, weight: 50 },
        { id: "y", position: 1, maxScore: 5, weight: 50 },
      ])?.id,
    ).toBe("y");
    expect(heaviestCriterion([])).toBeNull();
  });
});

describe("commission composition and conflicts", () => {
  it("needs exactly one chair and at least three members; observers do not count", () => {
    expect(commissionProblem(["CHAIR", "MEMBER", "MEMBER", "MEMBER"])).toBeNull();
    expect(commissionProblem(["CHAIR", "MEMBER", "MEMBER", "OBSERVER", "OBSERVER"])).toBe("tooFewMembers");
    expect(commissionProblem(["MEMBER", "MEMBER", "MEMBER"])).toBe("noChair");
    expect(commissionProblem(["CHAIR", "CHAIR", "MEMBER", "MEMBER", "MEMBER"])).toBe("twoChairs");
  });

  it("flags a likely conflict on the registration number or the TIN, whatever the spacing or case", () => {
    const applicant = { id: "o", registrationNumber: "12345-3302-ОБ", tin: "02103201810123" };
    expect(likelyConflict(["123453302об"], applicant)).toBe("registrationNumber");
    expect(likelyConflict(["0210 3201 8101 23"], applicant)).toBe("tin");
    expect(likelyConflict(["99999"], applicant)).toBeNull();
    expect(likelyConflict([], applicant)).toBeNull();
  });

  it("reads affiliations as typed, once each, and ignores junk in the stored JSON", () => {
    expect(parseAffiliations(" 12345-3302-ОБ, 123453302ОБ;\n02103201810123 ,, ")).toEqual(["12345-3302-ОБ", "02103201810123"]);
    expect(affiliationsOf(["A-1", 5, null, " "])).toEqual(["A-1"]);
    expect(affiliationsOf("not a list")).toEqual([]);
  });

  it("lists the organizations still to declare on", () => {
    expect(undeclaredOrganizations(["a", "b", "b", "c"], ["b"])).toEqual(["a", "c"]);
    expect(undeclaredOrganizations(["a"], ["a", "z"])).toEqual([]);
  });

  it("lets 'no conflict' become a recusal but never withdraws a declared conflict", () => {
    expect(declarationChangeAllowed(null, true)).toBe(true);
    expect(declarationChangeAllowed(null, false)).toBe(true);
    expect(declarationChangeAllowed(false, true)).toBe(true);
    expect(declarationChangeAllowed(true, false)).toBe(false);
    expect(declarationChangeAllowed(true, true)).toBe(true);
  });

  it("expects scores from the chair and the members without a conflict", () => {
    const seats = [
      { membershipId: "chair", role: "CHAIR" as const },
      { membershipId: "m1", role: "MEMBER" as const },
      { membershipId: "m2", role: "MEMBER" as const },
      { membershipId: "obs", role: "OBSERVER" as const },
    ];
    expect(expectedScorers(seats, new Set(["m2"]))).toEqual(["chair", "m1"]);
  });
});

describe("blindness: who may see the others' scores of a proposal", () => {
  const expected = ["a", "b", "c"];
  it("a scorer only after submitting their own sheet", () => {
    expect(mayReveal({ viewerMembershipId: "a", expectedScorerIds: expected, sheets: [{ membershipId: "b", submitted: true }] })).toBe(
      false,
    );
    expect(mayReveal({ viewerMembershipId: "a", expectedScorerIds: expected, sheets: [{ membershipId: "a", submitted: false }] })).toBe(
      false,
    );
    expect(mayReveal({ viewerMembershipId: "a", expectedScorerIds: expected, sheets: [{ membershipId: "a", submitted: true }] })).toBe(
      true,
    );
  });
  it("an observer or a conflicted member only once every expected sheet is in", () => {
    const two = [
      { membershipId: "a", submitted: true },
      { membershipId: "b", submitted: true },
    ];
    expect(mayReveal({ viewerMembershipId: "obs", expectedScorerIds: expected, sheets: two })).toBe(false);
    expect(
      mayReveal({ viewerMembershipId: "obs", expectedScorerIds: expected, sheets: [...two, { membershipId: "c", submitted: true }] }),
    ).toBe(true);
    expect(mayReveal({ viewerMembershipId: "obs", expectedScorerIds: [], sheets: [] })).toBe(false);
  });
});

describe("appeal windows by the clock", () => {
  const decidedAt = new Date("2026-05-01T06:00:00Z");
  const base = {
    kind: "ELIGIBILITY" as const,
    proposalStatus: "INELIGIBLE",
    eligibilityDecidedAt: decidedAt,
    appealDays: 5,
    callStatus: "IN_REVIEW",
    standstillEndsAt: null,
    hasAppealOfKind: false,
  };
  it("an ineligible decision until appealDays after it, to the millisecond", () => {
    const end = eligibilityAppealEndsAt(decidedAt, 5);
    expect(end.toISOString()).toBe("2026-05-06T06:00:00.000Z");
    expect(appealProblem({ ...base, now: new Date(end.getTime() - 1) })).toBeNull();
    expect(appealProblem({ ...base, now: end })).toBe("reviews:errors.appealWindowClosed");
    expect(appealProblem({ ...base, now: decidedAt, proposalStatus: "ELIGIBLE" })).toBe("reviews:errors.nothingToAppeal");
    expect(appealProblem({ ...base, now: decidedAt, hasAppealOfKind: true })).toBe("reviews:errors.alreadyAppealed");
  });
  it("a published decision until the standstill ends", () => {
    const ends = new Date("2026-06-10T06:00:00Z");
    const decision = { ...base, kind: "DECISION" as const, callStatus: "DECIDED", standstillEndsAt: ends, proposalStatus: "NOT_AWARDED" };
    expect(appealProblem({ ...decision, now: new Date(ends.getTime() - 1) })).toBeNull();
    expect(appealProblem({ ...decision, now: ends })).toBe("reviews:errors.appealWindowClosed");
    expect(appealProblem({ ...decision, now: decidedAt, callStatus: "IN_REVIEW" })).toBe("reviews:errors.nothingToAppeal");
    expect(appealProblem({ ...decision, now: decidedAt, proposalStatus: "INELIGIBLE" })).toBe("reviews:errors.nothingToAppeal");
  });
});

describe("admissibility hints for screening", () => {
  const base = {
    eligibleLegalForms: ["PUBLIC_UNION"],
    minOrganizationAgeMonths: 12,
    requiredDocuments: ["CHARTER", "TAX_CLEARANCE"],
    minGrant: 100n,
    maxGrant: 500n,
    legalForm: "PUBLIC_UNION",
    registeredOn: startOfDay("2025-03-15"),
    submittedAt: new Date("2026-03-15T00:00:00Z"),
    documentKinds: ["CHARTER", "TAX_CLEARANCE", "CV"],
    requested: 500n,
    verified: true,
  };
  const failing = (input: typeof base) =>
    screeningChecks(input)
      .filter((c) => !c.ok)
      .map((c) => c.key);
  it("passes a proposal that meets every rule, on the boundaries", () => {
    expect(failing(base)).toEqual([]);
    expect(failing({ ...base, eligibleLegalForms: [], legalForm: "OTHER" })).toEqual([]);
    expect(failing({ ...base, requested: 100n })).toEqual([]);
    expect(failing({ ...base, maxGrant: 0n, requested: 10_000n })).toEqual([]);
  });
  it("names each rule that fails", () => {
    expect(failing({ ...base, legalForm: "OTHER" })).toEqual(["legalForm"]);
    expect(failing({ ...base, submittedAt: new Date("2026-03-14T17:59:59.999Z") /* 23:59:59.999 in Bishkek */ })).toEqual([
      "organizationAge",
    ]);
    expect(screeningChecks({ ...base, documentKinds: ["CV"] }).find((c) => c.key === "documents")?.detail).toBe("CHARTER, TAX_CLEARANCE");
    expect(failing({ ...base, requested: 99n })).toEqual(["amount"]);
    expect(failing({ ...base, requested: 501n })).toEqual(["amount"]);
    expect(failing({ ...base, verified: false })).toEqual(["verified"]);
  });
  it("counts whole months", () => {
    expect(monthsBetween(new Date("2025-01-31T00:00:00Z"), new Date("2025-02-28T00:00:00Z"))).toBe(0);
    expect(monthsBetween(new Date("2025-01-31T00:00:00Z"), new Date("2025-03-31T00:00:00Z"))).toBe(2);
  });
});

describe("waitingScorers and the reminder pace", () => {
  it("counts the sheets each expected scorer has not submitted, and leaves out whoever owes none", async () => {
    const { waitingScorers, mayRemind, nextReminderAt } = await import("./review-rules");
    const seats = [
      { membershipId: "chair", name: "Chair" },
      { membershipId: "m1", name: "Aida" },
      { membershipId: "m2", name: "Bolot" },
    ];
    const proposals = [
      { expectedScorerIds: ["chair", "m1", "m2"], submittedScorerIds: ["chair"] },
      { expectedScorerIds: ["chair", "m1"], submittedScorerIds: ["chair", "m1"] }, // m2 conflicted: not expected
      { expectedScorerIds: ["chair", "m1", "m2"], submittedScorerIds: ["chair", "m2"] },
    ];
    expect(waitingScorers(seats, proposals)).toEqual([
      { membershipId: "m1", name: "Aida", missing: 2 },
      { membershipId: "m2", name: "Bolot", missing: 1 },
    ]);
    const at = new Date("2026-12-06T05:00:00Z");
    expect(mayRemind(null, at)).toBe(true);
    expect(mayRemind(at, new Date(at.getTime() + 3_599_999))).toBe(false);
    expect(mayRemind(at, new Date(at.getTime() + 3_600_000))).toBe(true);
    expect(nextReminderAt(at)?.toISOString()).toBe("2026-12-06T06:00:00.000Z");
  });
});
