import { describe, expect, it } from "vitest";
import {
  implementationPeriod,
  milestoneIssues,
  budgetTotals,
  canAct,
  canonicalJson,
  isOnTime,
  receiptNumberFor,
  reminderDue,
  requiredKindsOf,
  statusAllows,
  submissionProblems,
  type CompletenessInput,
  type ProposalAction,
  type ProposalStatusValue,
} from "./proposal-rules";
import { DOCUMENT_KINDS } from "./proposal-schemas";
import { DAY_MS } from "~/utils/time";

const deadline = new Date("2026-05-01T12:00:00.000Z");
const at = (ms: number) => new Date(deadline.getTime() + ms);

describe("the deadline", () => {
  it("is on time strictly before the deadline's millisecond, late at and after it", () => {
    expect(isOnTime(at(-1), deadline)).toBe(true);
    expect(isOnTime(at(0), deadline)).toBe(false);
    expect(isOnTime(at(1), deadline)).toBe(false);
    expect(isOnTime(at(-86_400_000), deadline)).toBe(true);
  });

  it("is never on time for a call without a deadline", () => {
    expect(isOnTime(at(-1), null)).toBe(false);
    expect(isOnTime(at(-1), undefined)).toBe(false);
  });
});

describe("status transitions", () => {
  const statuses: ProposalStatusValue[] = ["DRAFT", "SUBMITTED", "WITHDRAWN", "ELIGIBLE", "INELIGIBLE", "AWARDED", "NOT_AWARDED"];
  const actions: ProposalAction[] = ["edit", "submit", "withdraw", "discard"];
  const expected: Record<ProposalStatusValue, ProposalAction[]> = {
    DRAFT: ["edit", "submit", "discard"],
    SUBMITTED: ["edit", "submit", "withdraw"],
    WITHDRAWN: ["edit", "submit"],
    ELIGIBLE: [],
    INELIGIBLE: [],
    AWARDED: [],
    NOT_AWARDED: [],
  };
  for (const status of statuses) {
    for (const action of actions) {
      const allowed = expected[status].includes(action);
      it(`${status} ${allowed ? "allows" : "refuses"} ${action}`, () => {
        expect(statusAllows(status, action)).toBe(allowed);
        expect(canAct(action, { status, intake: "ONLINE", versionCount: action === "discard" ? 0 : 1 }, deadline, at(-1))).toBe(allowed);
        // After the deadline nothing changes, whatever the status.
        expect(canAct(action, { status, intake: "ONLINE", versionCount: 0 }, deadline, at(0))).toBe(false);
        // A paper proposal is not changed online.
        expect(canAct(action, { status, intake: "PAPER", versionCount: 0 }, deadline, at(-1))).toBe(false);
      });
    }
  }

  it("keeps a draft that was once submitted (a withdrawn one) from being discarded", () => {
    expect(canAct("discard", { status: "DRAFT", intake: "ONLINE", versionCount: 1 }, deadline, at(-1))).toBe(false);
  });
});

describe("what a submission needs", () => {
  const complete: CompletenessInput = {
    title: "t",
    summary: "s",
    problem: "p",
    targetGroup: "g",
    beneficiaries: 10,
    objectives: "o",
    activities: "a",
    team: "tm",
    milestoneCount: 1,
    budgetLineCount: 1,
    requestedTotal: 500_000n,
    documentKinds: ["CHARTER"],
  };
  const terms = { minGrant: 100_000n, maxGrant: 1_000_000n, requiredDocuments: ["CHARTER" as const] };

  it("nothing when every section is there", () => {
    expect(submissionProblems(complete, terms)).toEqual([]);
  });

  it("names each incomplete section", () => {
    const problems = submissionProblems(
      {
        ...complete,
        title: " ",
        problem: "",
        beneficiaries: 0,
        objectives: "",
        milestoneCount: 0,
        budgetLineCount: 0,
        team: "",
        documentKinds: [],
      },
      terms,
    );
    expect(problems.map((p) => p.section)).toEqual([
      "summary",
      "problem",
      "target-group",
      "objectives",
      "work-plan",
      "budget",
      "team",
      "documents",
    ]);
  });

  it("keeps the requested total within the call's minimum and maximum grant, bounds included", () => {
    expect(submissionProblems({ ...complete, requestedTotal: 99_999n }, terms)).toEqual([{ section: "budget", code: "belowMinimum" }]);
    expect(submissionProblems({ ...complete, requestedTotal: 100_000n }, terms)).toEqual([]);
    expect(submissionProblems({ ...complete, requestedTotal: 1_000_000n }, terms)).toEqual([]);
    expect(submissionProblems({ ...complete, requestedTotal: 1_000_001n }, terms)).toEqual([{ section: "budget", code: "aboveMaximum" }]);
  });
  it("keeps a proposal with a milestone ending before it starts from being submitted", () => {
    const base = { ...complete, milestones: [{ startsOn: new Date("2027-05-01"), dueOn: new Date("2027-04-01") }] };
    expect(submissionProblems(base, terms)).toEqual([{ section: "work-plan", code: "dueBeforeStart" }]);
  });

  it("reads the call's required kinds, ignoring unknown values and duplicates", () => {
    expect(requiredKindsOf(["CHARTER", "X", "CHARTER", 3, "CV"], DOCUMENT_KINDS)).toEqual(["CHARTER", "CV"]);
    expect(requiredKindsOf("CHARTER", DOCUMENT_KINDS)).toEqual([]);
  });
});

describe("money and totals", () => {
  it("adds requested and co-financing separately", () => {
    expect(budgetTotals([])).toEqual({ requested: 0n, cofinancing: 0n });
    expect(
      budgetTotals([
        { requested: 9_007_199_254_740_993n, cofinancing: 1n },
        { requested: 7n, cofinancing: 2n },
      ]),
    ).toEqual({ requested: 9_007_199_254_741_000n, cofinancing: 3n });
  });
});

describe("the canonical serialization hashed on a receipt", () => {
  it("sorts keys at every level and does not depend on insertion order", () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: "x" } })).toBe('{"a":{"c":"x","d":[3,{"y":2,"z":1}]},"b":1}');
    expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }));
  });

  it("writes BigInt and Date as strings, drops undefined and keeps Kyrgyz letters", () => {
    expect(canonicalJson({ n: 10n, d: new Date("2026-01-01T00:00:00Z"), u: undefined, t: "ңөү" })).toBe(
      '{"d":"2026-01-01T00:00:00.000Z","n":"10","t":"ңөү"}',
    );
  });

  it("gives the same text for the value read back from JSON", () => {
    const value = { x: [1, "2", null], y: { k: true } };
    expect(canonicalJson(JSON.parse(JSON.stringify(value)))).toBe(canonicalJson(value));
  });
});

describe("receipt numbers", () => {
  it("are the reference and the version number", () => {
    expect(receiptNumberFor("SZ-2026-01-AB12CD", 1)).toBe("SZ-2026-01-AB12CD-01");
    expect(receiptNumberFor("SZ-2026-01-AB12CD", 12)).toBe("SZ-2026-01-AB12CD-12");
  });
});

describe("deadline reminders", () => {
  it.each([
    [-8 * DAY_MS, null],
    [-7 * DAY_MS - 1, null],
    [-7 * DAY_MS, "7d"],
    [-2 * DAY_MS, "7d"],
    [-DAY_MS - 1, "7d"],
    [-DAY_MS, "1d"],
    [-1, "1d"],
    [0, null],
    [5, null],
  ])("at deadline%+d ms: %s", (offset, kind) => {
    expect(reminderDue(at(offset), deadline)).toBe(kind);
  });
});

describe("milestone dates", () => {
  const period = { startsOn: "2027-03-01", endsOn: "2027-12-31" };
  it("marks an end before the start (blocking) and dates outside the implementation period (a warning)", () => {
    expect(milestoneIssues({ startsOn: "2027-04-01", dueOn: "2027-05-01" }, period)).toEqual([]);
    expect(milestoneIssues({ startsOn: "2027-05-01", dueOn: "2027-04-01" }, period)).toEqual([
      { field: "dueOn", code: "dueBeforeStart", blocking: true },
    ]);
    expect(milestoneIssues({ startsOn: "2027-02-28", dueOn: "2028-01-01" }, period)).toEqual([
      { field: "startsOn", code: "outsidePeriod", blocking: false },
      { field: "dueOn", code: "outsidePeriod", blocking: false },
    ]);
    expect(milestoneIssues({ startsOn: "2027-03-01", dueOn: "2027-12-31" }, period)).toEqual([]);
    // Unfinished dates are the form's own check, not these.
    expect(milestoneIssues({ startsOn: "", dueOn: "2027-0" }, period)).toEqual([]);
  });

  it("takes the implementation period from the fiscal year, starting when the review ends", () => {
    expect(implementationPeriod({ fiscalYear: 2027, reviewEndsAt: new Date("2027-02-28T18:00:00Z") })).toEqual({
      startsOn: "2027-03-01",
      endsOn: "2027-12-31",
    });
    expect(implementationPeriod({ fiscalYear: 2027, reviewEndsAt: null, submissionDeadline: new Date("2026-12-20T12:00:00Z") })).toEqual({
      startsOn: "2027-01-01",
      endsOn: "2027-12-31",
    });
  });
});
