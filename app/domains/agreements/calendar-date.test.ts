import { describe, expect, it } from "vitest";
import { ManualPaymentSchema } from "~/domains/disbursements/payment-schemas";
import { VisitSchema } from "~/domains/monitoring/monitoring-schemas";
import { ChangeRequestSchema, SignSchema } from "./agreement-schemas";
import { dateProblem } from "./calendar-date";

const now = new Date("2026-12-06T17:30:00Z"); // 23:30 in Bishkek

describe("calendar dates typed in the grants and finance forms", () => {
  it("refuses days that do not exist instead of rolling them over (2026-02-30 is not 2 March)", () => {
    expect(
      ["2026-02-30", "2026-02-29", "2026-13-01", "2026-04-31", "15.03.2026", "", "2026-3-1"].map((d) => dateProblem(d, { now })),
    ).toEqual(Array(7).fill("date"));
    expect(dateProblem("2028-02-29", { now })).toBeNull();
  });

  it("refuses years no grant concerns", () => {
    expect(dateProblem("1999-12-31", { now })).toBe("dateRange");
    expect(dateProblem("2101-01-01", { now })).toBe("dateRange");
  });

  it("refuses a day after today in Bishkek where the form records what happened", () => {
    expect(dateProblem("2026-12-06", { past: true, now })).toBeNull();
    expect(dateProblem("2026-12-07", { past: true, now })).toBe("dateFuture");
    expect(dateProblem("2099-01-01", { past: true, now })).toBe("dateFuture");
    expect(dateProblem("2027-03-01", { past: true, now })).toBe("dateFuture");
    expect(dateProblem("2027-03-01", { now })).toBeNull();
  });

  it("applies to every date field of the area's forms", () => {
    const issue = (result: { success: boolean; error?: { issues: { message: string }[] } }) =>
      result.success ? null : result.error!.issues[0]!.message;
    const payment = { trancheId: "t", idempotencyKey: "k".repeat(20), bankReference: "" };
    expect(issue(ManualPaymentSchema.safeParse({ ...payment, paidOn: "2026-02-30" }))).toBe("finance:v.date");
    expect(issue(ManualPaymentSchema.safeParse({ ...payment, paidOn: "2099-01-01" }))).toBe("finance:v.dateFuture");
    expect(issue(ManualPaymentSchema.safeParse({ ...payment, paidOn: "1999-12-31" }))).toBe("finance:v.dateRange");
    expect(issue(ManualPaymentSchema.safeParse({ ...payment, paidOn: "2090-01-01" }))).toBe("finance:v.dateFuture");
    expect(issue(SignSchema.safeParse({ signedOn: "2026-02-30" }))).toBe("grants:v.date");
    expect(issue(SignSchema.safeParse({ signedOn: "2090-01-01" }))).toBe("grants:v.dateFuture");
    expect(issue(VisitSchema.safeParse({ visitedOn: "2026-06-31", findings: "x" }))).toBe("grants:v.date");
    expect(
      issue(ChangeRequestSchema.safeParse({ kind: "MILESTONE_DATE", milestonePosition: "1", newDueOn: "2026-02-30", justification: "x" })),
    ).toBe("grants:v.date");
  });
});
