import { describe, expect, it } from "vitest";
import { ReportDraftSchema, reportFormFields } from "./monitoring-schemas";

describe("the report form kept as a draft", () => {
  it("keeps the form's own fields as typed, wrong numbers included, and drops empty and foreign ones", () => {
    const typed = reportFormFields({
      narrative: "  Провели 6 занятий ",
      beneficiariesReached: "около 40",
      "indicator-0": "Занятия",
      "target-0": "",
      "expense-cl1abc": "1 000,50",
      intent: "draft",
      "indicator-9": "beyond the form's rows",
      role: "ADMIN",
    });
    expect(typed).toEqual({
      narrative: "Провели 6 занятий",
      beneficiariesReached: "около 40",
      "indicator-0": "Занятия",
      "expense-cl1abc": "1 000,50",
    });
  });

  it("refuses only a field longer than the form allows, naming it", () => {
    const parsed = ReportDraftSchema.safeParse({ narrative: "x".repeat(8001), "target-1": "12" });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.flatten().fieldErrors).toEqual({ narrative: ["tooLong"] });
    expect(ReportDraftSchema.parse({ narrative: "x".repeat(8000), "target-1": "12" })).toEqual({
      narrative: "x".repeat(8000),
      "target-1": "12",
    });
  });
});
