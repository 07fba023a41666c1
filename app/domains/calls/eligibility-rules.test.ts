import { describe, expect, it } from "vitest";
import { startOfDay } from "~/utils/time";
import { failedCheckList, organizationEligibility, refusingChecks, regionKey, type CallEligibilityTerms } from "./eligibility-rules";

const call = (overrides: Partial<CallEligibilityTerms> = {}): CallEligibilityTerms => ({
  eligibleLegalForms: ["PUBLIC_UNION", "PUBLIC_FOUNDATION"],
  eligibleRegions: ["ISSYK_KUL"],
  minOrganizationAgeMonths: 12,
  requiredDocuments: ["CHARTER"],
  ...overrides,
});

const organization = {
  legalForm: "PUBLIC_UNION",
  region: "ISSYK_KUL",
  registeredOn: startOfDay("2025-06-15"),
  verification: "VERIFIED",
};

const charter = { kind: "CHARTER", validUntil: null, archivedAt: null };
// Noon in Bishkek on 2026-06-15: exactly twelve months after the registration day.
const now = new Date("2026-06-15T06:00:00Z");

const check = (result: ReturnType<typeof organizationEligibility>, code: string) => result.checks.find((c) => c.code === code);

describe("organizationEligibility", () => {
  it("passes an organization that meets every condition, listing every check", () => {
    const result = organizationEligibility(call(), organization, [charter], now);
    expect(result.eligible).toBe(true);
    expect(result.checks.map((c) => [c.code, c.ok])).toEqual([
      ["legalForm", true],
      ["region", true],
      ["organizationAge", true],
      ["document", true],
      ["verified", true],
    ]);
  });

  it("counts the age in whole months on Bishkek's calendar: exactly N months passes, a day less fails", () => {
    expect(check(organizationEligibility(call(), organization, [charter], now), "organizationAge")).toEqual({
      code: "organizationAge",
      ok: true,
      params: { months: 12, required: 12 },
    });
    // 23:59 on 2026-06-14 in Bishkek is still 2026-06-14 there, though UTC says the 14th at 17:59.
    const dayBefore = new Date("2026-06-14T17:59:00Z");
    expect(check(organizationEligibility(call(), organization, [charter], dayBefore), "organizationAge")).toMatchObject({
      ok: false,
      params: { months: 11, required: 12 },
    });
    // 00:30 on the 15th in Bishkek is 18:30 on the 14th in UTC: already twelve months.
    const justAfterMidnight = new Date("2026-06-14T18:30:00Z");
    expect(check(organizationEligibility(call(), organization, [charter], justAfterMidnight), "organizationAge")?.ok).toBe(true);
  });

  it("accepts any age when the call asks none, and never reports a negative age", () => {
    const young = { ...organization, registeredOn: startOfDay("2026-07-01") };
    expect(check(organizationEligibility(call({ minOrganizationAgeMonths: 0 }), young, [charter], now), "organizationAge")).toEqual({
      code: "organizationAge",
      ok: false,
      params: { months: 0, required: 0 },
    });
    expect(check(organizationEligibility(call({ minOrganizationAgeMonths: 0 }), organization, [charter], now), "organizationAge")?.ok).toBe(
      true,
    );
  });

  it("refuses a legal form the call does not list; an empty list accepts any", () => {
    const foundation = { ...organization, legalForm: "ASSOCIATION" };
    expect(check(organizationEligibility(call(), foundation, [charter], now), "legalForm")).toEqual({
      code: "legalForm",
      ok: false,
      params: { legalForm: "ASSOCIATION", allowed: "PUBLIC_UNION,PUBLIC_FOUNDATION" },
    });
    expect(check(organizationEligibility(call({ eligibleLegalForms: [] }), foundation, [charter], now), "legalForm")?.ok).toBe(true);
  });

  it("compares regions by code, whatever the case, spaces or separators; an empty list is any region", () => {
    for (const region of ["ISSYK_KUL", "issyk_kul", " Issyk-Kul ", "issyk kul", "ISSYK  -  KUL"]) {
      expect(check(organizationEligibility(call(), { ...organization, region }, [charter], now), "region")?.ok, region).toBe(true);
    }
    expect(check(organizationEligibility(call(), { ...organization, region: "NARYN" }, [charter], now), "region")).toEqual({
      code: "region",
      ok: false,
      params: { region: "NARYN", allowed: "ISSYK_KUL" },
    });
    expect(check(organizationEligibility(call(), { ...organization, region: "ISSYKKUL" }, [charter], now), "region")?.ok).toBe(false);
    expect(
      check(
        organizationEligibility(call({ eligibleRegions: [] }), { ...organization, region: "Иссык-Кульская область" }, [charter], now),
        "region",
      )?.ok,
    ).toBe(true);
    expect(regionKey(" jalal - abad ")).toBe("JALAL_ABAD");
  });

  it("needs each required document in the vault, active and valid on Bishkek's today", () => {
    const terms = call({ requiredDocuments: ["CHARTER", "TAX_CLEARANCE", "CHARTER"] });
    const missing = organizationEligibility(terms, organization, [charter], now);
    expect(missing.checks.filter((c) => c.code === "document")).toEqual([
      { code: "document", ok: true, params: { kind: "CHARTER", state: "present" } },
      { code: "document", ok: false, params: { kind: "TAX_CLEARANCE", state: "missing" } },
    ]);

    // Valid through its last day (2026-06-15 in Bishkek), expired the day after.
    const clearance = { kind: "TAX_CLEARANCE", validUntil: startOfDay("2026-06-15"), archivedAt: null };
    expect(organizationEligibility(terms, organization, [charter, clearance], now).eligible).toBe(true);
    const tomorrow = new Date("2026-06-15T18:00:00Z");
    expect(organizationEligibility(terms, organization, [charter, clearance], tomorrow).checks[4]).toEqual({
      code: "document",
      ok: false,
      params: { kind: "TAX_CLEARANCE", state: "expired" },
    });
    // One valid copy among expired ones is enough; an archived one does not count.
    const newer = { kind: "TAX_CLEARANCE", validUntil: null, archivedAt: null };
    expect(organizationEligibility(terms, organization, [charter, clearance, newer], tomorrow).eligible).toBe(true);
    const archived = { ...newer, archivedAt: now };
    expect(organizationEligibility(terms, organization, [charter, archived], now).checks[4]?.params.state).toBe("missing");
  });

  it("reports verification, but a REFUSE call refuses only for the organization's own facts (decision 0066)", () => {
    const pending = organizationEligibility(call(), { ...organization, verification: "PENDING" }, [charter], now);
    expect(pending.eligible).toBe(false);
    expect(check(pending, "verified")).toEqual({ code: "verified", ok: false, params: { state: "PENDING" } });
    expect(refusingChecks(pending)).toEqual([]);

    const failing = organizationEligibility(
      call({ requiredDocuments: ["CHARTER", "CV"] }),
      { ...organization, legalForm: "OTHER", verification: "RETURNED" },
      [charter],
      now,
    );
    expect(failedCheckList(refusingChecks(failing))).toBe("legalForm,document:CV");
  });

  it("reads malformed JSON lists as empty", () => {
    const result = organizationEligibility(
      call({ eligibleLegalForms: "x", eligibleRegions: null, requiredDocuments: { a: 1 } }),
      organization,
      [],
      now,
    );
    expect(result.eligible).toBe(true);
    expect(result.checks).toHaveLength(4);
  });
});
