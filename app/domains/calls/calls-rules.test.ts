import { describe, expect, it } from "vitest";
import { CALL_STATUSES, type CallStatusValue } from "./call-options";
import { bishkekLocalToInstant, DAY_MS, instantToBishkekLocal, timeLeft } from "~/utils/time";
import {
  allowedTransitions,
  eligibilityChanges,
  eligibilityChangeToken,
  officerNextStep,
  amendedDeadline,
  callPhase,
  changesConditions,
  clarificationOpen,
  diffSnapshots,
  publishProblems,
  transitionProblem,
  type CallForRules,
} from "./calls-rules";

const now = new Date("2026-03-10T06:00:00Z"); // 12:00 in Bishkek
const before = new Date(now.getTime() + DAY_MS);
const past = new Date(now.getTime() - DAY_MS);

describe("status transitions", () => {
  // Written out by hand from the rules of the call's life, independently of the code's table.
  const ALLOWED: [CallStatusValue, CallStatusValue][] = [
    ["DRAFT", "PUBLISHED"],
    ["DRAFT", "CANCELLED"],
    ["PUBLISHED", "IN_REVIEW"],
    ["PUBLISHED", "CANCELLED"],
    ["IN_REVIEW", "DECIDED"],
    ["DECIDED", "COMPLETED"],
  ];
  const allowed = (from: CallStatusValue, to: CallStatusValue) => ALLOWED.some(([f, t]) => f === from && t === to);

  for (const from of CALL_STATUSES) {
    for (const to of CALL_STATUSES) {
      for (const [label, deadline] of [
        ["deadline ahead", before],
        ["deadline passed", past],
        ["no deadline", null],
      ] as const) {
        it(`${from} -> ${to} with ${label}`, () => {
          const problem = transitionProblem(from, to, { now, submissionDeadline: deadline });
          if (!allowed(from, to)) expect(problem).toBe("calls:errors.transitionNotAllowed");
          else if (from === "PUBLISHED" && to === "IN_REVIEW" && label !== "deadline passed")
            expect(problem).toBe("calls:errors.stillOpen");
          else expect(problem).toBeNull();
        });
      }
    }
  }

  it("starts the review exactly at the deadline instant, not a millisecond before", () => {
    expect(transitionProblem("PUBLISHED", "IN_REVIEW", { now, submissionDeadline: now })).toBeNull();
    expect(transitionProblem("PUBLISHED", "IN_REVIEW", { now, submissionDeadline: new Date(now.getTime() + 1) })).toBe(
      "calls:errors.stillOpen",
    );
  });

  it("lists the same transitions it allows", () => {
    for (const from of CALL_STATUSES)
      expect([...allowedTransitions(from)].sort()).toEqual(
        ALLOWED.filter(([f]) => f === from)
          .map(([, t]) => t)
          .sort(),
      );
  });
});

describe("phase by the clock", () => {
  const call = (status: CallStatusValue, publishAt: Date | null, deadline: Date | null) => ({
    status,
    publishAt,
    submissionDeadline: deadline,
  });

  it("maps every stored status, and splits a published call into scheduled, open and closed", () => {
    expect(callPhase(call("DRAFT", null, before), now)).toBe("draft");
    expect(callPhase(call("PUBLISHED", before, new Date(now.getTime() + 5 * DAY_MS)), now)).toBe("scheduled");
    expect(callPhase(call("PUBLISHED", past, before), now)).toBe("open");
    expect(callPhase(call("PUBLISHED", null, before), now)).toBe("open");
    expect(callPhase(call("PUBLISHED", past, past), now)).toBe("closed");
    expect(callPhase(call("IN_REVIEW", past, past), now)).toBe("inReview");
    expect(callPhase(call("DECIDED", past, past), now)).toBe("decided");
    expect(callPhase(call("COMPLETED", past, past), now)).toBe("completed");
    expect(callPhase(call("CANCELLED", past, before), now)).toBe("cancelled");
  });

  it("closes at the deadline instant: open one millisecond before, closed at it", () => {
    const deadline = new Date("2026-03-20T12:00:00Z");
    expect(callPhase(call("PUBLISHED", past, deadline), new Date(deadline.getTime() - 1))).toBe("open");
    expect(callPhase(call("PUBLISHED", past, deadline), deadline)).toBe("closed");
  });

  it("opens at the publication instant", () => {
    expect(callPhase(call("PUBLISHED", now, before), new Date(now.getTime() - 1))).toBe("scheduled");
    expect(callPhase(call("PUBLISHED", now, before), now)).toBe("open");
  });

  it("takes questions only while open and before the clarification cut-off", () => {
    const open = { ...call("PUBLISHED", past, new Date(now.getTime() + 10 * DAY_MS)), clarificationDeadline: before };
    expect(clarificationOpen(open, now)).toBe(true);
    expect(clarificationOpen(open, before)).toBe(false);
    expect(clarificationOpen(open, new Date(before.getTime() - 1))).toBe(true);
    expect(clarificationOpen({ ...open, status: "DRAFT" }, now)).toBe(false);
    expect(clarificationOpen({ ...open, status: "CANCELLED" }, now)).toBe(false);
    expect(clarificationOpen({ ...open, publishAt: before }, now)).toBe(false);
    expect(clarificationOpen({ ...open, clarificationDeadline: null }, now)).toBe(false);
  });
});

function completeCall(overrides: Partial<CallForRules> = {}): CallForRules {
  const day = (n: number) => new Date(now.getTime() + n * DAY_MS);
  return {
    titleKy: "Аталышы",
    titleRu: "Название",
    titleEn: "",
    summaryKy: "Кыскача",
    summaryRu: "Кратко",
    summaryEn: "",
    problemKy: "Көйгөй",
    problemRu: "Проблема",
    problemEn: "",
    targetGroupKy: "Балдар",
    targetGroupRu: "Дети",
    targetGroupEn: "",
    eligibilityKy: "Талаптар",
    eligibilityRu: "Требования",
    eligibilityEn: "",
    eligibleLegalForms: ["PUBLIC_UNION"],
    envelope: 100_000_00n,
    minGrant: 10_000_00n,
    maxGrant: 50_000_00n,
    maxProposalsPerOrganization: 1,
    publishAt: null,
    clarificationDeadline: day(5),
    submissionDeadline: day(10),
    reviewStartsAt: day(10),
    reviewEndsAt: day(20),
    criteria: [
      { nameKy: "Актуалдуулук", nameRu: "Актуальность", descriptionKy: "", descriptionRu: "", maxScore: 10, weight: 70 },
      { nameKy: "Бюджет", nameRu: "Бюджет", descriptionKy: "Сүрөттөмө", descriptionRu: "Описание", maxScore: 5, weight: 30 },
    ],
    ...overrides,
  };
}

describe("publishing readiness", () => {
  it("has nothing to say about a complete call with an allocated envelope", () => {
    expect(publishProblems(completeCall(), now)).toEqual([]);
  });

  it("asks for Kyrgyz and Russian in every public text, and not for English", () => {
    for (const field of ["title", "summary", "problem", "targetGroup", "eligibility"] as const) {
      expect(publishProblems(completeCall({ [`${field}Ky`]: "  " }), now)).toEqual([{ key: "text", params: { field, language: "ky" } }]);
      expect(publishProblems(completeCall({ [`${field}Ru`]: "" }), now)).toEqual([{ key: "text", params: { field, language: "ru" } }]);
    }
  });

  it("needs at least one eligible legal form", () => {
    expect(publishProblems(completeCall({ eligibleLegalForms: [] }), now)).toEqual([{ key: "legalForms" }]);
    expect(publishProblems(completeCall({ eligibleLegalForms: "nonsense" }), now)).toEqual([{ key: "legalForms" }]);
  });

  it("needs criteria named in both languages, scored, weighted, weights totalling 100", () => {
    expect(publishProblems(completeCall({ criteria: [] }), now)).toEqual([{ key: "criteriaNone" }]);
    const [a, b] = completeCall().criteria as [CallForRules["criteria"][number], CallForRules["criteria"][number]];
    expect(publishProblems(completeCall({ criteria: [{ ...a, nameRu: "" }, b] }), now)).toEqual([
      { key: "criterionName", params: { number: 1, language: "ru" } },
    ]);
    expect(publishProblems(completeCall({ criteria: [a, { ...b, descriptionKy: "" }] }), now)).toEqual([
      { key: "criterionDescription", params: { number: 2, language: "ky" } },
    ]);
    expect(publishProblems(completeCall({ criteria: [a, { ...b, maxScore: 0 }] }), now)).toEqual([
      { key: "criterionMaxScore", params: { number: 2 } },
    ]);
    expect(publishProblems(completeCall({ criteria: [a, { ...b, weight: 20 }] }), now)).toEqual([
      { key: "weightsTotal", params: { total: 90 } },
    ]);
    expect(
      publishProblems(
        completeCall({
          criteria: [
            { ...a, weight: 100 },
            { ...b, weight: 0 },
          ],
        }),
        now,
      ),
    ).toEqual([{ key: "criterionWeight", params: { number: 2 } }]);
  });

  it("refuses until the envelope is allocated, and keeps the grants inside it", () => {
    expect(publishProblems(completeCall({ envelope: 0n }), now)).toEqual([{ key: "envelope" }]);
    expect(publishProblems(completeCall({ maxGrant: 100_000_01n }), now)).toEqual([{ key: "maxGrantAboveEnvelope" }]);
    expect(publishProblems(completeCall({ minGrant: 0n }), now)).toEqual([{ key: "minGrant" }]);
    expect(publishProblems(completeCall({ maxGrant: 0n }), now)).toEqual([{ key: "maxGrant" }]);
    expect(publishProblems(completeCall({ minGrant: 60_000_00n }), now)).toEqual([{ key: "grantRange" }]);
    expect(publishProblems(completeCall({ maxProposalsPerOrganization: 0 }), now)).toEqual([{ key: "maxProposals" }]);
  });

  it("needs the whole timeline, in order, with the deadline still ahead", () => {
    expect(publishProblems(completeCall({ reviewEndsAt: null }), now)).toEqual([{ key: "date", params: { field: "reviewEndsAt" } }]);
    expect(publishProblems(completeCall({ clarificationDeadline: new Date(now.getTime() + 11 * DAY_MS) }), now)).toEqual([
      { key: "timelineOrder", params: { first: "clarificationDeadline", second: "submissionDeadline" } },
    ]);
    expect(publishProblems(completeCall({ reviewStartsAt: new Date(now.getTime() + 9 * DAY_MS) }), now)).toEqual([
      { key: "timelineOrder", params: { first: "submissionDeadline", second: "reviewStartsAt" } },
    ]);
    const late = publishProblems(
      completeCall({ clarificationDeadline: new Date(now.getTime() - 2 * DAY_MS), submissionDeadline: past }),
      now,
    ).map((p) => p.key);
    expect(late).toEqual(expect.arrayContaining(["clarificationPast", "deadlinePast"]));
    // A publication date in the future must still come before the clarification cut-off.
    expect(publishProblems(completeCall({ publishAt: new Date(now.getTime() + 6 * DAY_MS) }), now)).toEqual([
      { key: "timelineOrder", params: { first: "publishAt", second: "clarificationDeadline" } },
    ]);
  });
});

describe("amendments", () => {
  const deadline = new Date(now.getTime() + 3 * DAY_MS);

  it("extends the deadline to 7 days after an amendment of conditions made less than 7 days before it", () => {
    expect(amendedDeadline({ current: deadline, requested: deadline, now, conditionsChanged: true })).toEqual({
      deadline: new Date(now.getTime() + 7 * DAY_MS),
      extended: true,
    });
  });

  it("keeps a deadline that is already at least 7 days away", () => {
    const far = new Date(now.getTime() + 7 * DAY_MS);
    expect(amendedDeadline({ current: far, requested: far, now, conditionsChanged: true })).toEqual({ deadline: far, extended: false });
    const almost = new Date(now.getTime() + 7 * DAY_MS - 1);
    expect(amendedDeadline({ current: almost, requested: almost, now, conditionsChanged: true })).toEqual({
      deadline: new Date(now.getTime() + 7 * DAY_MS),
      extended: true,
    });
  });

  it("does not move the deadline for a change that is not a condition", () => {
    expect(amendedDeadline({ current: deadline, requested: deadline, now, conditionsChanged: false })).toEqual({
      deadline,
      extended: false,
    });
  });

  it("honours a later deadline the officer asks for, and never an earlier one", () => {
    const later = new Date(now.getTime() + 9 * DAY_MS);
    expect(amendedDeadline({ current: deadline, requested: later, now, conditionsChanged: true })).toEqual({
      deadline: later,
      extended: false,
    });
    expect(amendedDeadline({ current: deadline, requested: new Date(deadline.getTime() - 1), now, conditionsChanged: false })).toEqual({
      problem: "calls:errors.deadlineEarlier",
    });
  });

  it("tells conditions from presentation", () => {
    const base = { titleRu: "A", summaryRu: "B", eligibilityRu: "C", minGrant: 1n, criteria: [{ weight: 100 }], reviewEndsAt: now };
    expect(changesConditions(diffSnapshots(base, { ...base, titleRu: "A2", summaryRu: "B2", reviewEndsAt: before }))).toBe(false);
    expect(changesConditions(diffSnapshots(base, { ...base, eligibilityRu: "C2" }))).toBe(true);
    expect(changesConditions(diffSnapshots(base, { ...base, minGrant: 2n }))).toBe(true);
    expect(changesConditions(diffSnapshots(base, { ...base, criteria: [{ weight: 50 }, { weight: 50 }] }))).toBe(true);
  });

  it("reports each changed field with its value before and after", () => {
    expect(diffSnapshots({ a: 1, b: now, c: 5n }, { a: 2, b: now, c: 5n })).toEqual({ a: { before: 1, after: 2 } });
  });
});

describe("Bishkek time", () => {
  it("reads a datetime-local value as UTC+6 all year round", () => {
    expect(bishkekLocalToInstant("2026-05-01T18:00")?.toISOString()).toBe("2026-05-01T12:00:00.000Z");
    expect(bishkekLocalToInstant("2026-01-15T00:30")?.toISOString()).toBe("2026-01-14T18:30:00.000Z");
    expect(bishkekLocalToInstant("2026-07-15 09:05")?.toISOString()).toBe("2026-07-15T03:05:00.000Z");
  });

  it("refuses dates and times that do not exist", () => {
    for (const bad of ["2026-02-30T10:00", "2026-13-01T10:00", "2026-05-01T24:00", "2026-05-01T10:60", "yesterday", "", "2026-05-01"]) {
      expect(bishkekLocalToInstant(bad)).toBeNull();
    }
  });

  it("shows an instant back on the Bishkek clock", () => {
    expect(instantToBishkekLocal(new Date("2026-05-01T12:00:00Z"))).toBe("2026-05-01T18:00");
    expect(instantToBishkekLocal(new Date("2026-12-31T20:00:00Z"))).toBe("2027-01-01T02:00");
    expect(instantToBishkekLocal(null)).toBe("");
  });

  it("counts down in whole days, hours and minutes until the deadline", () => {
    const deadline = new Date(now.getTime() + 5 * DAY_MS + 3 * 3_600_000 + 59_999);
    expect(timeLeft(deadline, now)).toEqual({ days: 5, hours: 3, minutes: 0 });
    expect(timeLeft(now, now)).toBeNull();
    expect(timeLeft(now, new Date(now.getTime() + 1))).toBeNull();
    expect(timeLeft(new Date(now.getTime() + 90_000), now)).toEqual({ days: 0, hours: 0, minutes: 1 });
  });
});

describe("eligibility changes of a published call", () => {
  const state = (over: Partial<Parameters<typeof eligibilityChanges>[0]> = {}) => ({
    eligibleLegalForms: ["PUBLIC_UNION"],
    eligibleRegions: [],
    requiredDocuments: ["CHARTER"],
    minOrganizationAgeMonths: 12,
    ...over,
  });

  it("names what was added and removed per list, and a changed minimum age", () => {
    const changes = eligibilityChanges(
      state(),
      state({
        eligibleLegalForms: ["PUBLIC_FOUNDATION", "PUBLIC_UNION"],
        requiredDocuments: ["TAX_CLEARANCE"],
        minOrganizationAgeMonths: 6,
      }),
    );
    expect(changes).toEqual([
      { field: "eligibleLegalForms", added: ["PUBLIC_FOUNDATION"], removed: [] },
      { field: "requiredDocuments", added: ["TAX_CLEARANCE"], removed: ["CHARTER"] },
      { field: "minOrganizationAgeMonths", before: 12, after: 6 },
    ]);
    expect(eligibilityChangeToken(changes)).toBe(
      "eligibleLegalForms:+PUBLIC_FOUNDATION-;requiredDocuments:+TAX_CLEARANCE-CHARTER;minOrganizationAgeMonths:12>6",
    );
  });

  it("finds nothing when only the order differs, and gives different changes different tokens", () => {
    expect(eligibilityChanges(state({ requiredDocuments: ["CHARTER", "CV"] }), state({ requiredDocuments: ["CV", "CHARTER"] }))).toEqual(
      [],
    );
    const one = eligibilityChangeToken(eligibilityChanges(state(), state({ requiredDocuments: ["CHARTER", "CV"] })));
    const two = eligibilityChangeToken(eligibilityChanges(state(), state({ requiredDocuments: ["CHARTER", "CV", "OTHER"] })));
    expect(one).not.toBe(two);
  });
});

describe("the officer's next step", () => {
  const facts = (over: Partial<Parameters<typeof officerNextStep>[0]> = {}) => ({
    phase: "inReview" as const,
    problems: 0,
    unanswered: 0,
    toScreen: 0,
    eligible: 3,
    members: 3,
    scoring: { sheetsExpected: 9, sheetsSubmitted: 9, proposalsComplete: 3, proposalsScored: 3 },
    ...over,
  });

  it("follows the call from draft to letters", () => {
    expect(officerNextStep(facts({ phase: "draft", problems: 2 }))).toEqual({ key: "completeDraft", target: "readiness" });
    expect(officerNextStep(facts({ phase: "draft" }))).toEqual({ key: "publish", target: "publish" });
    expect(officerNextStep(facts({ phase: "scheduled" })).key).toBe("scheduled");
    expect(officerNextStep(facts({ phase: "open", unanswered: 1 }))).toEqual({ key: "answerQuestions", target: "questions" });
    expect(officerNextStep(facts({ phase: "open" })).key).toBe("waitDeadline");
    expect(officerNextStep(facts({ phase: "closed" }))).toEqual({ key: "startReview", target: "lifecycle" });
    expect(officerNextStep(facts({ toScreen: 2 }))).toEqual({ key: "screen", target: "screening" });
    expect(officerNextStep(facts({ eligible: 0 })).key).toBe("noEligible");
    expect(officerNextStep(facts({ members: 0 }))).toEqual({ key: "appointCommission", target: "commission" });
    expect(
      officerNextStep(facts({ scoring: { sheetsExpected: 9, sheetsSubmitted: 4, proposalsComplete: 1, proposalsScored: 3 } })).key,
    ).toBe("waitScoring");
    expect(officerNextStep(facts()).key).toBe("waitDecision");
    expect(officerNextStep(facts({ phase: "decided" }))).toEqual({ key: "issueLetters", target: "letters" });
    expect(officerNextStep(facts({ phase: "cancelled" }))).toEqual({ key: "nothing", target: null });
  });
});
