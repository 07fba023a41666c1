// Whether an organization may apply to a call, checked before it starts a
// draft (decision 0074): the call's legal forms, regions, minimum age of
// registration and required documents against the organization and its
// vault, plus the office's verification. Pure: the server feeds it rows.
import { isDocumentExpired } from "~/domains/organizations/organization-rules";
import { monthsBetween } from "~/domains/reviews/review-rules";
import { stringList } from "./call-options";

export const ELIGIBILITY_ENFORCEMENTS = ["WARN", "REFUSE"] as const;
export type EligibilityEnforcementValue = (typeof ELIGIBILITY_ENFORCEMENTS)[number];

export type EligibilityCheckCode = "legalForm" | "region" | "organizationAge" | "document" | "verified";

/** One check; `params` carry what the reason names (shown as `calls:eligibility.<code>.<ok|failed|…>`). */
export type EligibilityCheck = { code: EligibilityCheckCode; ok: boolean; params: Record<string, string | number> };

export type Eligibility = { eligible: boolean; checks: EligibilityCheck[] };

export type CallEligibilityTerms = {
  eligibleLegalForms: unknown;
  eligibleRegions: unknown;
  minOrganizationAgeMonths: number;
  requiredDocuments: unknown;
};

export type OrganizationFacts = { legalForm: string; region: string; registeredOn: Date; verification: string };

export type VaultDocumentFacts = { kind: string; validUntil: Date | null; archivedAt?: Date | null };

/**
 * The registry keeps a region as its code (`ISSYK_KUL`); rows typed before
 * the list existed, or imported, may say "issyk-kul " or "Issyk Kul". Case,
 * surrounding spaces and the separators between words do not make another region.
 */
export function regionKey(value: string): string {
  return value
    .trim()
    .toUpperCase()
    .replace(/[\s\-_]+/g, "_");
}

/**
 * Every check the portal can make of the organization for this call, in the
 * order the panel lists them. An empty list of legal forms or regions means any.
 */
export function organizationEligibility(
  call: CallEligibilityTerms,
  organization: OrganizationFacts,
  vaultDocuments: readonly VaultDocumentFacts[],
  now: Date,
): Eligibility {
  const legalForms = stringList(call.eligibleLegalForms);
  const regions = stringList(call.eligibleRegions);
  const age = monthsBetween(organization.registeredOn, now);
  const active = vaultDocuments.filter((document) => !document.archivedAt);
  const checks: EligibilityCheck[] = [
    {
      code: "legalForm",
      ok: legalForms.length === 0 || legalForms.includes(organization.legalForm),
      params: { legalForm: organization.legalForm, allowed: legalForms.join(",") },
    },
    {
      code: "region",
      ok: regions.length === 0 || regions.some((region) => regionKey(region) === regionKey(organization.region)),
      params: { region: organization.region.trim(), allowed: regions.join(",") },
    },
    {
      code: "organizationAge",
      ok: age >= call.minOrganizationAgeMonths,
      params: { months: Math.max(age, 0), required: call.minOrganizationAgeMonths },
    },
    ...[...new Set(stringList(call.requiredDocuments))].map((kind): EligibilityCheck => {
      const ofKind = active.filter((document) => document.kind === kind);
      const valid = ofKind.some((document) => !isDocumentExpired(document.validUntil, now));
      return { code: "document", ok: valid, params: { kind, state: valid ? "present" : ofKind.length ? "expired" : "missing" } };
    }),
    { code: "verified", ok: organization.verification === "VERIFIED", params: { state: organization.verification } },
  ];
  return { eligible: checks.every((check) => check.ok), checks };
}

/**
 * The failed checks a REFUSE call refuses for. Verification is the office's
 * work, not the organization's: decision 0066 keeps drafting and submitting
 * open to an organization the officer has not verified yet (screening
 * requires it), so an unverified organization is warned, never refused here.
 */
export function refusingChecks(eligibility: Eligibility): EligibilityCheck[] {
  return eligibility.checks.filter((check) => !check.ok && check.code !== "verified");
}

/** The failed checks as one stable text for an error's params: "legalForm,document:CHARTER". */
export function failedCheckList(checks: readonly EligibilityCheck[]): string {
  return checks.map((check) => (check.code === "document" ? `document:${check.params.kind}` : check.code)).join(",");
}
