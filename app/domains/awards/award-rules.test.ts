import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  acceptanceProblem,
  awardReference,
  assertTransition,
  awardTransitionAllowed,
  canonicalJson,
  canonicalLetterContent,
  cappedRequest,
  decisionProblems,
  fillEnvelope,
  finalizationDue,
  formatVerificationCode,
  normalizeVerificationCode,
  reducedOfferProblem,
  roomFor,
  trancheSummary,
  type AwardStatusValue,
  type FillCandidate,
  type LetterContent,
} from "./award-rules";

const terms = { available: 1_000n, minGrant: 100n, maxGrant: 400n };
const candidate = (rank: number, requested: bigint, extra: Partial<FillCandidate> = {}): FillCandidate => ({
  proposalId: `p${rank}`,
  rank,
  requested,
  meetsThreshold: true,
  ...extra,
});

describe("greedy fill of the envelope in rank order", () => {
  it("funds by rank, skips what does not fit and still tries the next ones", () => {
    const lines = fillEnvelope([candidate(1, 400n), candidate(2, 350n), candidate(3, 300n), candidate(4, 200n), candidate(5, 50n)], terms);
    expect(lines.map((l) => [l.proposalId, l.outcome, l.amount])).toEqual([
      ["p1", "funded", 400n],
      ["p2", "funded", 350n],
      ["p3", "doesNotFit", 0n],
      ["p4", "funded", 200n],
      ["p5", "belowMinGrant", 0n],
    ]);
    expect(lines.at(-1)?.remainingAfter).toBe(50n);
  });

  it("caps a request at the maximum grant and treats 0 as no cap", () => {
    expect(cappedRequest(900n, 400n)).toBe(400n);
    expect(cappedRequest(900n, 0n)).toBe(900n);
    expect(fillEnvelope([candidate(1, 900n)], terms)[0]).toMatchObject({ outcome: "funded", amount: 400n });
  });

  it("gives nothing below the threshold or after a decline, and reserves pending and accepted reductions", () => {
    const lines = fillEnvelope(
      [
        candidate(1, 300n, { meetsThreshold: false }),
        candidate(2, 400n, { settled: { status: "DECLINED" } }),
        candidate(3, 400n, { settled: { status: "REDUCED_OFFERED", amount: 250n } }),
        candidate(4, 400n, { settled: { status: "PROPOSED", amount: 300n } }),
        candidate(5, 400n),
      ],
      terms,
    );
    expect(lines.map((l) => l.outcome)).toEqual(["belowThreshold", "declined", "reducedOffered", "funded", "funded"]);
    expect(lines.reduce((s, l) => s + l.amount, 0n)).toBe(950n);
  });

  it("ranks, not input order, decide; sorted input is not required", () => {
    const lines = fillEnvelope([candidate(2, 400n), candidate(1, 400n), candidate(3, 400n)], terms);
    expect(lines.map((l) => l.proposalId)).toEqual(["p1", "p2", "p3"]);
    expect(lines.map((l) => l.outcome)).toEqual(["funded", "funded", "doesNotFit"]);
  });

  it("never exceeds the envelope, respects the grant limits and is greedy (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ requested: fc.bigInt({ min: 1n, max: 600n }), ok: fc.boolean() }), { maxLength: 30 }),
        fc.bigInt({ min: 0n, max: 3_000n }),
        (rows, available) => {
          const t = { ...terms, available };
          const lines = fillEnvelope(
            rows.map((r, i) => candidate(i + 1, r.requested, { meetsThreshold: r.ok })),
            t,
          );
          const total = lines.reduce((s, l) => s + l.amount, 0n);
          expect(total <= available).toBe(true);
          let remaining = available;
          for (const [i, line] of lines.entries()) {
            const capped = cappedRequest(rows[i]!.requested, t.maxGrant);
            if (line.outcome === "funded") {
              expect(line.amount).toBe(capped);
              expect(line.amount >= t.minGrant && line.amount <= t.maxGrant).toBe(true);
            } else {
              expect(line.amount).toBe(0n);
              // Greedy: whatever was skipped for room really did not fit at that moment.
              if (line.outcome === "doesNotFit") expect(capped > remaining).toBe(true);
            }
            remaining -= line.amount;
            expect(line.remainingAfter).toBe(remaining);
          }
        },
      ),
    );
  });

  it("computes the room for an offer leaving every other line as it is", () => {
    const lines = fillEnvelope([candidate(1, 400n), candidate(2, 350n), candidate(3, 300n)], terms);
    expect(roomFor(lines, "p3", terms.available)).toBe(250n);
    expect(roomFor(lines, "p2", terms.available)).toBe(600n);
  });
});

describe("reduced offers and their acceptance", () => {
  const base = { requested: 300n, terms, room: 250n, meetsThreshold: true };
  it("must be a real reduction, at least the minimum grant, within the room", () => {
    expect(reducedOfferProblem({ ...base, amount: 250n })).toBeNull();
    expect(reducedOfferProblem({ ...base, amount: 251n })).toBe("awards:errors.exceedsEnvelope");
    expect(reducedOfferProblem({ ...base, amount: 300n, room: 1000n })).toBe("awards:errors.notAReduction");
    expect(reducedOfferProblem({ ...base, amount: 99n })).toBe("awards:errors.belowMinGrant");
    expect(reducedOfferProblem({ ...base, amount: 0n, terms: { ...terms, minGrant: 0n } })).toBe("awards:errors.belowMinGrant");
    expect(reducedOfferProblem({ ...base, amount: 200n, meetsThreshold: false })).toBe("awards:errors.belowThreshold");
    // A request above the maximum grant: the cap is not a reduction, less than it is.
    expect(reducedOfferProblem({ ...base, requested: 900n, amount: 400n, room: 1000n })).toBe("awards:errors.notAReduction");
    expect(reducedOfferProblem({ ...base, requested: 900n, amount: 399n, room: 1000n })).toBeNull();
  });
  it("is accepted with a revised budget total no higher than offered and not under the minimum", () => {
    expect(acceptanceProblem({ revisedTotal: 250n, offered: 250n, minGrant: 100n })).toBeNull();
    expect(acceptanceProblem({ revisedTotal: 200n, offered: 250n, minGrant: 100n })).toBeNull();
    expect(acceptanceProblem({ revisedTotal: 251n, offered: 250n, minGrant: 100n })).toBe("awards:errors.revisedAboveOffer");
    expect(acceptanceProblem({ revisedTotal: 99n, offered: 250n, minGrant: 100n })).toBe("awards:errors.belowMinGrant");
  });
});

describe("award status machine", () => {
  const all: AwardStatusValue[] = ["PROPOSED", "REDUCED_OFFERED", "DECLINED", "FINAL", "CANCELLED", "CLOSED"];
  const allowed = new Set([
    "PROPOSED>PROPOSED",
    "PROPOSED>REDUCED_OFFERED",
    "PROPOSED>FINAL",
    "PROPOSED>CANCELLED",
    "REDUCED_OFFERED>PROPOSED",
    "REDUCED_OFFERED>DECLINED",
    "REDUCED_OFFERED>REDUCED_OFFERED",
    "REDUCED_OFFERED>CANCELLED",
    "DECLINED>REDUCED_OFFERED",
    "FINAL>CLOSED",
    "CANCELLED>PROPOSED",
    "CANCELLED>REDUCED_OFFERED",
  ]);
  it.each(all.flatMap((from) => all.map((to) => [from, to] as const)))("%s -> %s", (from, to) => {
    expect(awardTransitionAllowed(from, to)).toBe(allowed.has(`${from}>${to}`));
  });

  it("refuses an illegal transition with a 409, and a change to a final award as final", () => {
    expect(() => assertTransition("DECLINED", "PROPOSED")).toThrow(
      expect.objectContaining({ code: "awards:errors.illegalTransition", status: 409, params: { from: "DECLINED", to: "PROPOSED" } }),
    );
    expect(() => assertTransition("FINAL", "REDUCED_OFFERED")).toThrow(
      expect.objectContaining({ code: "awards:errors.awardFinal", status: 409 }),
    );
    expect(() => assertTransition("CLOSED", "PROPOSED")).toThrow(expect.objectContaining({ code: "awards:errors.awardFinal" }));
    expect(() => assertTransition("PROPOSED", "FINAL")).not.toThrow();
  });
});

describe("when a decision becomes final", () => {
  const ends = new Date("2026-06-10T06:00:00Z");
  it("at the end of the standstill with no open appeal, on a decided call only", () => {
    expect(finalizationDue({ callStatus: "DECIDED", standstillEndsAt: ends, openAppeals: 0, now: ends })).toBe(true);
    expect(finalizationDue({ callStatus: "DECIDED", standstillEndsAt: ends, openAppeals: 0, now: new Date(ends.getTime() - 1) })).toBe(
      false,
    );
    expect(finalizationDue({ callStatus: "DECIDED", standstillEndsAt: ends, openAppeals: 1, now: ends })).toBe(false);
    expect(finalizationDue({ callStatus: "IN_REVIEW", standstillEndsAt: ends, openAppeals: 0, now: ends })).toBe(false);
    expect(finalizationDue({ callStatus: "DECIDED", standstillEndsAt: null, openAppeals: 0, now: ends })).toBe(false);
  });
});

describe("tranche summary on the letter", () => {
  it("one tranche per milestone in equal shares, remainders of basis points and tyiyn on the last", () => {
    const lines = trancheSummary(100_000_01n, ["Training", "Final event", "Report"]);
    expect(lines.map((l) => l.shareBp)).toEqual([3333, 3333, 3334]);
    expect(lines.map((l) => l.amount)).toEqual([33_330_00n, 33_330_00n, 33_340_01n]);
    expect(lines.map((l) => l.milestone)).toEqual(["Training", "Final event", "Report"]);
  });
  it("uses the agreement's first schedule, so the letter and the agreement draft show the same split (issue 11 item 24)", async () => {
    const { allocateTranches, evenTrancheShares } = await import("~/domains/agreements/agreement-rules");
    for (let n = 1; n <= 9; n++) {
      const lines = trancheSummary(
        123_456_78n,
        Array.from({ length: n }, (_, i) => `m${i}`),
      );
      expect(lines.map((l) => l.shareBp)).toEqual(evenTrancheShares(n));
      expect(lines.map((l) => l.amount)).toEqual(allocateTranches(123_456_78n, evenTrancheShares(n)));
    }
  });
  it("one tranche on the final report when the proposal has no milestone", () => {
    expect(trancheSummary(500n, [])).toEqual([{ position: 1, shareBp: 10_000, amount: 500n, milestone: null }]);
  });
  it("sums to the award and to 100% for any amount and number of milestones", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.integer({ min: 0, max: 9 }), (amount, n) => {
        const lines = trancheSummary(
          amount,
          Array.from({ length: n }, (_, i) => `m${i}`),
        );
        expect(lines.reduce((s, l) => s + l.amount, 0n)).toBe(amount);
        expect(lines.reduce((s, l) => s + l.shareBp, 0)).toBe(10_000);
        expect(lines.every((l) => l.amount >= 0n)).toBe(true);
        expect(lines).toHaveLength(Math.max(n, 1));
      }),
    );
  });
});

describe("canonical letter content", () => {
  const content: LetterContent = {
    verificationCode: "ABCD-EFGH-JK23",
    awardReference: "SZ-2026-01-001",
    language: "ru",
    issuedAt: "2026-06-20T06:00:00.000Z",
    municipality: "Мэрия города Каракол",
    organization: "ОО «Балакай»",
    registrationNumber: "12345",
    tin: "02103201810123",
    callReference: "SZ-2026-01",
    projectTitle: "Проект",
    amountTyiyn: "15000000",
    amountWords: "Сто пятьдесят тысяч сомов 00 тыйынов",
    tranches: [{ position: 1, shareBp: 10000, amountTyiyn: "15000000" }],
  };
  it("sorts keys at every level and has no whitespace, so field order never changes the hash", () => {
    const shuffled = Object.fromEntries(Object.entries(content).reverse()) as LetterContent;
    expect(canonicalLetterContent(shuffled)).toBe(canonicalLetterContent(content));
    expect(canonicalJson({ b: [{ z: 1, a: "x" }], a: null })).toBe('{"a":null,"b":[{"a":"x","z":1}]}');
  });
  it("normalizes Unicode so that a decomposed Ү hashes like the composed one", () => {
    expect(canonicalJson("Ү")).toBe(canonicalJson("Ү".normalize("NFD")));
  });
});

describe("verification codes", () => {
  it("are read forgivingly and refused when they cannot be a code", () => {
    expect(formatVerificationCode("ABCDEFGHJK23")).toBe("ABCD-EFGH-JK23");
    expect(normalizeVerificationCode(" abcd efgh jk23 ")).toBe("ABCD-EFGH-JK23");
    expect(normalizeVerificationCode("ABCD-EFGH-JKO1")).toBe("ABCD-EFGH-JK01");
    expect(normalizeVerificationCode("ABCD-EFGH-JKIL")).toBe("ABCD-EFGH-JK11");
    expect(normalizeVerificationCode("ABCD-EFGH-JK2")).toBeNull();
    expect(normalizeVerificationCode("ABCD-EFGH-JK2U")).toBeNull();
    expect(normalizeVerificationCode("'; drop table")).toBeNull();
  });
});

describe("what blocks publishing the decision", () => {
  const ready = {
    callStatus: "IN_REVIEW",
    commissionComplete: true,
    unscreened: 0,
    openEligibilityAppeals: 0,
    scored: 3,
    incomplete: 0,
    unresolvedDivergences: 0,
    pendingOffers: 0,
  };
  it("nothing when the review is done", () => expect(decisionProblems(ready)).toEqual([]));
  it.each([
    [{ callStatus: "DECIDED" }, "notInReview"],
    [{ commissionComplete: false }, "commission"],
    [{ unscreened: 1 }, "screeningIncomplete"],
    [{ openEligibilityAppeals: 1 }, "openEligibilityAppeals"],
    [{ scored: 0 }, "nothingScored"],
    [{ incomplete: 2 }, "scoringIncomplete"],
    [{ unresolvedDivergences: 1 }, "unresolvedDivergence"],
    [{ pendingOffers: 1 }, "pendingOffers"],
  ] as const)("%o blocks with %s", (change, problem) => {
    expect(decisionProblems({ ...ready, ...change })).toEqual([problem]);
  });
  it("numbers awards within the call", () => expect(awardReference("SZ-2026-01", 7)).toBe("SZ-2026-01-007"));
});

describe("decisionFingerprint", () => {
  it("names the funded proposals and amounts whatever their order, and is never empty", async () => {
    const { decisionFingerprint } = await import("./award-rules");
    const a = { proposalId: "a", amount: 100n };
    const b = { proposalId: "b", amount: 50n };
    const nothing = { proposalId: "c", amount: 0n };
    expect(decisionFingerprint([a, b, nothing])).toBe(decisionFingerprint([nothing, b, a]));
    expect(decisionFingerprint([a, b])).not.toBe(decisionFingerprint([a, { ...b, amount: 49n }]));
    expect(decisionFingerprint([nothing])).toBe("funded:");
  });
});
