import { describe, expect, it } from "vitest";
import { nestFields } from "./form-fields";
import {
  BudgetSchema,
  DocumentsSchema,
  PaperIntakeSchema,
  schemaForSent,
  sentSectionFields,
  SummarySchema,
  TargetGroupSchema,
  WorkPlanSchema,
} from "./proposal-schemas";

const errorsOf = (result: { success: boolean; error?: { flatten: () => { fieldErrors: Record<string, string[] | undefined> } } }) =>
  result.success ? {} : result.error!.flatten().fieldErrors;

describe("posted field names", () => {
  it("nest into rows in index order", () => {
    expect(
      nestFields({ activities: "a", "milestones.1.title": "second", "milestones.0.title": "first", "milestones.0.dueOn": "2026-01-01" }),
    ).toEqual({
      activities: "a",
      milestones: [{ title: "first", dueOn: "2026-01-01" }, { title: "second" }],
    });
  });

  it("ignore prototype keys, deep paths and huge indexes", () => {
    const nested = nestFields({ "__proto__.polluted": "x", "a.constructor.b": "y", "lines.5000.unit": "z", "a.b.c.d.e": "deep", ok: "1" });
    expect(nested).toEqual({ ok: "1" });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("section schemas", () => {
  it("drafts may be incomplete but not too long", () => {
    expect(SummarySchema.safeParse({ title: "", summary: "", language: "ky" }).success).toBe(true);
    expect(errorsOf(SummarySchema.safeParse({ title: "x".repeat(201), summary: "", language: "ky" }))).toEqual({ title: ["tooLong"] });
    expect(errorsOf(SummarySchema.safeParse({ title: "t", summary: "", language: "de" }))).toHaveProperty("language");
  });

  it("reads the number of beneficiaries with spaces, and refuses fractions", () => {
    expect(TargetGroupSchema.parse({ targetGroup: "g", beneficiaries: "1 200" }).beneficiaries).toBe(1200);
    expect(TargetGroupSchema.parse({ targetGroup: "g", beneficiaries: "" }).beneficiaries).toBe(0);
    expect(errorsOf(TargetGroupSchema.safeParse({ targetGroup: "g", beneficiaries: "12,5" }))).toEqual({
      beneficiaries: ["proposals:validation.wholeNumber"],
    });
  });

  it("drops blank and removed milestone rows and checks the dates of the others", () => {
    const parsed = WorkPlanSchema.parse(
      nestFields({
        activities: "a",
        "milestones.0.title": "Open",
        "milestones.0.startsOn": "2026-06-01",
        "milestones.0.dueOn": "2026-06-30",
        "milestones.1.title": "",
        "milestones.1.startsOn": "",
        "milestones.1.dueOn": "",
        "milestones.2.title": "Gone",
        "milestones.2.startsOn": "2026-06-01",
        "milestones.2.dueOn": "2026-06-30",
        "milestones.2.remove": "on",
      }),
    );
    expect(parsed.milestones).toEqual([{ title: "Open", deliverables: "", startsOn: "2026-06-01", dueOn: "2026-06-30" }]);
    // An end before the start is a draft as typed: saved, marked, refused only at submission (proposal-rules).
    const reversed = WorkPlanSchema.safeParse({
      activities: "",
      milestones: [{ title: "x", deliverables: "", startsOn: "2026-07-01", dueOn: "2026-06-30" }],
    });
    expect(reversed.data?.milestones).toEqual([{ title: "x", deliverables: "", startsOn: "2026-07-01", dueOn: "2026-06-30" }]);
    const impossible = WorkPlanSchema.safeParse({
      activities: "",
      milestones: [{ title: "x", deliverables: "", startsOn: "2026-02-30", dueOn: "2026-03-01" }],
    });
    expect(impossible.error!.issues[0]).toMatchObject({ path: ["milestones", 0, "startsOn"], message: "proposals:validation.date" });
  });

  it("computes budget lines in tyiyn, and fills the requested amount when left empty", () => {
    const parsed = BudgetSchema.parse({
      lines: [
        {
          category: "STAFF",
          description: "Teacher",
          unit: "month",
          quantity: "6",
          unitCost: "1 000,50",
          requested: "",
          cofinancing: "1000",
        },
        {
          category: "RENT",
          description: "Hall",
          unit: "day",
          quantity: "2,5",
          unitCost: "1500.50",
          requested: "3 751,25",
          cofinancing: "",
        },
      ],
    });
    expect(parsed.lines[0]).toMatchObject({ quantity: 600, unitCost: 100_050n, cofinancing: 100_000n, requested: 500_300n });
    expect(parsed.lines[1]).toMatchObject({ quantity: 250, unitCost: 150_050n, cofinancing: 0n, requested: 375_125n });
  });

  it("derives whichever of requested and co-financing is left empty, again when the price changes", () => {
    const line = { category: "STAFF", description: "d", unit: "u", quantity: "2" };
    expect(BudgetSchema.parse({ lines: [{ ...line, unitCost: "100", requested: "", cofinancing: "" }] }).lines[0]).toMatchObject({
      requested: 20_000n,
      cofinancing: 0n,
    });
    expect(BudgetSchema.parse({ lines: [{ ...line, unitCost: "150", requested: "", cofinancing: "50" }] }).lines[0]).toMatchObject({
      requested: 25_000n,
      cofinancing: 5_000n,
    });
    expect(BudgetSchema.parse({ lines: [{ ...line, unitCost: "150", requested: "200", cofinancing: "" }] }).lines[0]).toMatchObject({
      requested: 20_000n,
      cofinancing: 10_000n,
    });
    const unreadable = BudgetSchema.safeParse({ lines: [{ ...line, unitCost: "150", requested: "", cofinancing: "abc" }] });
    expect(unreadable.error!.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["lines.0.cofinancing", "proposals:validation.money"],
    ]);
  });

  it("checks only the fields that were sent, and none sent is no schema at all", () => {
    expect(sentSectionFields("summary", { title: "t", intent: "save" })).toEqual(["title"]);
    expect(schemaForSent("summary", { intent: "save" })).toBeNull();
    expect(schemaForSent("work-plan", {})).toBeNull();
    expect(schemaForSent("summary", { title: " t " })!.parse({ title: " t " })).toEqual({ title: "t" });
    expect(schemaForSent("budget", { lines: [] })!.parse({ lines: [] })).toEqual({ lines: [] });
  });

  it("refuses a line whose requested and co-financing do not add up to quantity times unit cost", () => {
    const bad = BudgetSchema.safeParse({
      lines: [{ category: "STAFF", description: "d", unit: "u", quantity: "1", unitCost: "100", requested: "90", cofinancing: "5" }],
    });
    expect(bad.error!.issues.map((i) => [i.path.join("."), i.message])).toEqual([["lines.0.requested", "proposals:validation.lineTotal"]]);
    const negative = BudgetSchema.safeParse({
      lines: [{ category: "STAFF", description: "d", unit: "u", quantity: "1", unitCost: "100", requested: "", cofinancing: "200" }],
    });
    expect(negative.success).toBe(false);
  });

  it("explains each wrong cell of a line", () => {
    const bad = BudgetSchema.safeParse({
      lines: [{ category: "FOOD", description: "", unit: "u", quantity: "0", unitCost: "abc", requested: "", cofinancing: "" }],
    });
    const byPath = Object.fromEntries(bad.error!.issues.map((i) => [i.path.join("."), i.message]));
    expect(byPath).toEqual({
      "lines.0.category": "required",
      "lines.0.description": "required",
      "lines.0.quantity": "proposals:validation.quantity",
      "lines.0.unitCost": "proposals:validation.money",
    });
  });

  it("keeps only known document kinds", () => {
    expect(DocumentsSchema.parse(nestFields({ "documents.CHARTER": "doc1", "documents.HACK": "x" })).documents).toEqual({
      CHARTER: "doc1",
    });
    expect(DocumentsSchema.parse({}).documents).toEqual({});
  });

  it("needs the essentials of a paper proposal", () => {
    const parsed = PaperIntakeSchema.safeParse({
      callId: "",
      organizationId: "o",
      language: "ru",
      title: "",
      summary: "s",
      beneficiaries: "0",
      requested: "1 500",
      cofinancing: "",
      pages: "12",
      idempotencyKey: "short",
    });
    expect(Object.keys(errorsOf(parsed)).sort()).toEqual(["beneficiaries", "callId", "idempotencyKey", "title"]);
  });
});
