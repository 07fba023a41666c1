import { describe, expect, it } from "vitest";
import { checkExpenses, isOverdue, mayReview, maySubmitReport, statusAfterReview, type MilestoneStatus } from "./monitoring-rules";
import { startOfDay } from "~/utils/time";

const ALL: MilestoneStatus[] = ["PENDING", "REPORTED", "CHANGES_REQUESTED", "ACCEPTED", "REJECTED"];

describe("milestone transitions", () => {
  it("lets the NCO report only when a report is owed, and the officer review only a reported milestone", () => {
    expect(ALL.filter(maySubmitReport)).toEqual(["PENDING", "CHANGES_REQUESTED"]);
    expect(ALL.filter(mayReview)).toEqual(["REPORTED"]);
    expect(statusAfterReview("ACCEPT")).toBe("ACCEPTED");
    expect(statusAfterReview("REQUEST_CHANGES")).toBe("CHANGES_REQUESTED");
    expect(statusAfterReview("REJECT")).toBe("REJECTED");
  });
});

describe("overdue", () => {
  const due = startOfDay("2026-04-01");
  it("is overdue only after the due day has ended in Bishkek", () => {
    expect(due.toISOString()).toBe("2026-03-31T18:00:00.000Z");
    expect(isOverdue({ status: "PENDING", dueOn: due }, new Date("2026-04-01T17:59:59.999Z"))).toBe(false);
    expect(isOverdue({ status: "PENDING", dueOn: due }, new Date("2026-04-01T18:00:00.000Z"))).toBe(true);
    expect(isOverdue({ status: "CHANGES_REQUESTED", dueOn: due }, new Date("2026-05-01T00:00:00Z"))).toBe(true);
    expect(isOverdue({ status: "REPORTED", dueOn: due }, new Date("2026-05-01T00:00:00Z"))).toBe(false);
    expect(isOverdue({ status: "ACCEPTED", dueOn: due }, new Date("2026-05-01T00:00:00Z"))).toBe(false);
  });
});

describe("checkExpenses", () => {
  const approved = [
    { budgetLineId: "a", amount: 1000n },
    { budgetLineId: "b", amount: 500n },
  ];
  it("accepts spending within each line, counting what the other milestones reported", () => {
    expect(checkExpenses(approved, new Map([["a", 400n]]), [{ budgetLineId: "a", amount: 600n }])).toBeNull();
  });
  it("refuses a line overspent, an unknown line and a negative amount", () => {
    expect(checkExpenses(approved, new Map([["a", 400n]]), [{ budgetLineId: "a", amount: 601n }])).toEqual({
      code: "lineExceeded",
      budgetLineId: "a",
      excess: 1n,
    });
    expect(checkExpenses(approved, new Map(), [{ budgetLineId: "z", amount: 1n }])).toEqual({ code: "unknownLine", budgetLineId: "z" });
    expect(checkExpenses(approved, new Map(), [{ budgetLineId: "b", amount: -1n }])).toEqual({ code: "negative", budgetLineId: "b" });
  });
});
