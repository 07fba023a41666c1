import { describe, expect, it } from "vitest";
import { parseSomToTyiyn, tyiynToSomInput } from "~/domains/budgets/money";
import { completeCallForm } from "../../../tests/factories-calls";
import { fieldErrorsOf } from "~/utils/forms.server";
import { CallAmendSchema, CallCreateSchema, CallDraftSchema, readCallForm } from "./call-schemas";

const now = new Date("2026-03-10T06:00:00Z");
const parse = (entries: [string, string][]) => CallDraftSchema.safeParse(readCallForm(entries));
const errorsOf = (entries: [string, string][]) => {
  const result = parse(entries);
  if (result.success) throw new Error("expected the form to be refused");
  return fieldErrorsOf(result.error);
};

describe("money typed in som", () => {
  it("reads spaces, a decimal comma or point, and keeps exact tyiyn", () => {
    expect(parseSomToTyiyn("400 000")).toBe(40_000_000n);
    expect(parseSomToTyiyn("400\u00a0000,5")).toBe(40_000_050n);
    expect(parseSomToTyiyn("1250.75")).toBe(125_075n);
    expect(parseSomToTyiyn("0")).toBe(0n);
  });

  it("refuses what is not an amount", () => {
    for (const bad of ["", "-5", "1e6", "12,345", "1.234", "abc", "10 000 000 000 000"]) expect(parseSomToTyiyn(bad)).toBeNull();
  });

  it("writes tyiyn back as a form value", () => {
    expect(tyiynToSomInput(40_000_000n)).toBe("400000");
    expect(tyiynToSomInput(125_075n)).toBe("1250.75");
  });
});

describe("the call form", () => {
  it("reads a complete form: lists, money, Bishkek dates and criteria", () => {
    const result = parse(completeCallForm(now));
    expect(result.success).toBe(true);
    const call = result.data!;
    expect(call.legalForms).toEqual(["PUBLIC_UNION", "PUBLIC_FOUNDATION"]);
    expect(call.regions).toEqual(["ISSYK_KUL"]);
    expect(call.minGrant).toBe(5_000_000n);
    expect(call.submissionDeadline?.toISOString()).toBe(new Date(now.getTime() + 20 * 86_400_000).toISOString());
    expect(call.criteria).toEqual([
      expect.objectContaining({ nameRu: "Актуальность", maxScore: 10, weight: 60 }),
      expect.objectContaining({ nameRu: "Обоснованность бюджета", maxScore: 10, weight: 40 }),
    ]);
  });

  it("drops criterion rows left empty, wherever they are, without shifting the error of another row", () => {
    const entries = completeCallForm(now, { "criteria.3.nameRu": "Устойчивость", "criteria.3.maxScore": "5", "criteria.3.weight": "abc" });
    entries.push(["criteria.2.nameKy", ""], ["criteria.2.weight", ""]);
    expect(errorsOf(entries)).toEqual({ "criteria.3.weight": ["calls:form.error.weight"] });
  });

  it("accepts a draft that is far from complete, as long as it has a title", () => {
    const result = parse([["titleRu", "Черновик"]]);
    expect(result.success).toBe(true);
    expect(result.data!.criteria).toEqual([]);
    expect(result.data!.maxProposalsPerOrganization).toBe(1);
    expect(errorsOf([["summaryRu", "Без названия"]])).toEqual({ titleKy: ["calls:form.error.titleRequired"] });
  });

  it("names each wrong field with a translatable key", () => {
    const errors = errorsOf(
      completeCallForm(now, {
        minGrant: "десять",
        maxProposalsPerOrganization: "0",
        submissionDeadline: "2026-02-30T10:00",
        legalForms: ["PUBLIC_UNION", "LLC"],
        "criteria.0.maxScore": "0",
        "criteria.1.nameKy": "",
        "criteria.1.nameRu": "",
      }),
    );
    expect(errors).toEqual({
      minGrant: ["calls:form.error.amount"],
      maxProposalsPerOrganization: ["calls:form.error.wholeNumber"],
      submissionDeadline: ["calls:form.error.dateTime"],
      "legalForms.1": ["invalid"],
      "criteria.0.maxScore": ["calls:form.error.maxScore"],
      "criteria.1.nameKy": ["calls:form.error.criterionName"],
    });
  });

  it("keeps the grant range and the timeline in order where both ends are given", () => {
    expect(errorsOf(completeCallForm(now, { minGrant: "200000" }))).toEqual({ maxGrant: ["calls:form.error.grantRange"] });
    const swapped = completeCallForm(now, {
      clarificationDeadline: "2026-05-01T10:00",
      submissionDeadline: "2026-04-01T10:00",
      reviewStartsAt: "",
      reviewEndsAt: "",
    });
    expect(errorsOf(swapped)).toEqual({ submissionDeadline: ["calls:form.error.after.clarificationDeadline"] });
  });

  it("caps text lengths", () => {
    expect(errorsOf(completeCallForm(now, { titleKy: "а".repeat(201) }))).toEqual({ titleKy: ["tooLong"] });
  });

  it("reads the shape react-hook-form builds in the browser the same way", () => {
    const browser = { ...readCallForm(completeCallForm(now)), legalForms: false, regions: "ISSYK_KUL" };
    const result = CallDraftSchema.safeParse(browser);
    expect(result.success).toBe(true);
    expect(result.data!.legalForms).toEqual([]);
    expect(result.data!.regions).toEqual(["ISSYK_KUL"]);
  });

  it("needs an appropriation to create and a reason to amend", () => {
    expect(fieldErrorsOf(CallCreateSchema.safeParse(readCallForm(completeCallForm(now))).error!)).toEqual({
      appropriationId: ["required"],
    });
    expect(fieldErrorsOf(CallAmendSchema.safeParse(readCallForm(completeCallForm(now, { reason: "typo" }))).error!)).toEqual({
      reason: ["calls:form.error.reasonShort"],
    });
  });
});
