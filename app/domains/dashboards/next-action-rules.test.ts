import { describe, expect, it } from "vitest";
import { DAY_MS } from "~/utils/time";
import { milestonesToReport, sortActions, urgencyOf, type NextAction } from "./next-action-rules";

const now = new Date("2026-12-06T06:00:00Z");
const at = (days: number) => new Date(now.getTime() + days * DAY_MS);
const action = (key: string, due: Date | null): NextAction => ({ key, to: `/${key}`, due: due?.toISOString() ?? null, params: {} });

describe("next-action rules", () => {
  it("tells overdue, soon (within 7 days) and later apart, and nothing without a deadline", () => {
    expect(urgencyOf(at(-0.01).toISOString(), now)).toBe("overdue");
    expect(urgencyOf(at(0.5).toISOString(), now)).toBe("soon");
    expect(urgencyOf(at(7).toISOString(), now)).toBe("soon");
    expect(urgencyOf(at(7.01).toISOString(), now)).toBe("later");
    expect(urgencyOf(null, now)).toBeNull();
  });

  it("puts the nearest deadline first and keeps actions without one in their order after them", () => {
    const sorted = sortActions([action("a", null), action("b", at(10)), action("c", at(-3)), action("d", null), action("e", at(2))]);
    expect(sorted.map((a) => a.key)).toEqual(["c", "e", "b", "a", "d"]);
  });

  it("reports: corrections and overdue ones always, otherwise only the next pending milestone of each agreement", () => {
    const m = (agreementId: string, position: number, status: string, dueInDays: number) => ({
      agreementId,
      position,
      status,
      dueOn: at(dueInDays),
      id: `${agreementId}${position}`,
    });
    const picked = milestonesToReport(
      [
        m("A", 1, "ACCEPTED", -60),
        m("A", 2, "CHANGES_REQUESTED", -20),
        m("A", 3, "PENDING", 40),
        m("A", 4, "PENDING", 90),
        m("B", 1, "PENDING", -5),
        m("B", 2, "PENDING", 30),
        m("C", 1, "REPORTED", 3),
      ],
      now,
    );
    expect(picked.map((x) => x.id).sort()).toEqual(["A2", "A3", "B1"]);
  });
});
