import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormAlert, Notice } from "~/components/ui/alerts";
import {
  failedCheckList,
  regionKey,
  refusingChecks,
  type Eligibility,
  type EligibilityCheck,
  type EligibilityEnforcementValue,
} from "~/domains/calls/eligibility-rules";
import type { eligibilityForActor } from "~/domains/calls/eligibility.server";
import { localized, type AppLocale } from "~/utils/i18n";

// What a signed-in NCO member sees of an organization's eligibility for a
// call (decision 0074): one panel per organization, each check with ✓/✗, the
// reason in the reader's language and a link to fix what can be fixed.

export type OrganizationEligibility = NonNullable<Awaited<ReturnType<typeof eligibilityForActor>>>[number];

function useLabels() {
  const { t } = useTranslation("calls");
  const { t: tOrg } = useTranslation("organizations");
  const legalForm = (value: string | number) => tOrg(`legalFormValue.${value}`, { defaultValue: String(value) });
  const region = (value: string | number) => t(`region.${regionKey(String(value))}`, { defaultValue: String(value) });
  const list = (value: string | number, label: (item: string) => string) => String(value).split(",").filter(Boolean).map(label).join(", ");
  return { t, legalForm, region, list };
}

/** The sentence that explains one check. */
function useReason() {
  const { t, legalForm, region, list } = useLabels();
  return (check: EligibilityCheck) => {
    const p = check.params;
    switch (check.code) {
      case "legalForm":
        return t(`eligibility.legalForm.${check.ok ? "ok" : "failed"}`, {
          legalForm: legalForm(p.legalForm ?? ""),
          allowed: list(p.allowed ?? "", legalForm),
        });
      case "region":
        if (check.ok && !p.allowed) return t("eligibility.region.any");
        return t(`eligibility.region.${check.ok ? "ok" : "failed"}`, {
          region: region(p.region ?? ""),
          allowed: list(p.allowed ?? "", region),
        });
      case "organizationAge":
        if (check.ok && !p.required) return t("eligibility.organizationAge.none");
        return t(`eligibility.organizationAge.${check.ok ? "ok" : "failed"}`, { count: Number(p.months), required: p.required });
      case "document":
        return t(`eligibility.document.${p.state}`, { document: t(`documentKind.${p.kind}`) });
      case "verified":
        return t(`eligibility.verified.${p.state}`);
    }
  };
}

/** Short names of failed checks, for a refusal's message and the draft's warning. */
export function useFailedNames() {
  const { t } = useLabels();
  return (checks: string) =>
    checks
      .split(",")
      .filter(Boolean)
      .map((code) => (code.startsWith("document:") ? t(`documentKind.${code.slice("document:".length)}`) : t(`eligibility.name.${code}`)))
      .join("; ");
}

function FixLink({ check, organizationId }: { check: EligibilityCheck; organizationId: string }) {
  const { t } = useTranslation("calls");
  if (check.ok) return null;
  if (check.code === "document") return <Link to={`/organizations/${organizationId}/documents`}>{t("eligibility.fix.vault")}</Link>;
  if (check.code === "legalForm" || check.code === "region" || (check.code === "verified" && check.params.state === "RETURNED")) {
    return <Link to={`/organizations/${organizationId}/edit`}>{t("eligibility.fix.profile")}</Link>;
  }
  return null;
}

function summaryKey(result: OrganizationEligibility, enforcement: EligibilityEnforcementValue) {
  if (result.eligible) return "eligibility.eligible";
  if (refusingChecks(result).length === 0) return "eligibility.pendingOnly";
  return enforcement === "REFUSE" ? "eligibility.refused" : "eligibility.warned";
}

export function EligibilityPanels({
  results,
  enforcement,
  locale,
}: {
  results: OrganizationEligibility[];
  enforcement: EligibilityEnforcementValue;
  locale: AppLocale;
}) {
  const { t } = useTranslation("calls");
  const reason = useReason();
  return (
    <>
      {results.map((result) => {
        const name = localized(result.organization, "name", locale);
        const headingId = `eligibility-${result.organization.id}`;
        const blocking = refusingChecks(result).length > 0;
        return (
          <section key={result.organization.id} className="panel eligibility-panel" aria-labelledby={headingId}>
            <h3 id={headingId}>{results.length > 1 ? t("eligibility.titleFor", { name }) : t("eligibility.title")}</h3>
            <Notice tone={result.eligible ? "success" : blocking && enforcement === "REFUSE" ? "error" : "warn"} role="status">
              {t(summaryKey(result, enforcement))}
            </Notice>
            <ul className="eligibility-checks">
              {result.checks.map((check, index) => (
                <li key={index} className={check.ok ? "check-ok" : "check-failed"}>
                  <span aria-hidden="true" className="check-mark">
                    {check.ok ? "✓" : "✗"}
                  </span>{" "}
                  <span className="visually-hidden">{t(check.ok ? "eligibility.ok" : "eligibility.failed")}: </span>
                  {reason(check)} <FixLink check={check} organizationId={result.organization.id} />
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </>
  );
}

/** A refusal of a call that refuses the ineligible, naming the failed checks; any other failure as usual. */
export function EligibilityAwareAlert({
  failure,
  intent,
}: {
  failure: { intent?: string; formError?: string; formParams?: Record<string, string | number> } | null | undefined;
  intent?: string;
}) {
  const { t } = useTranslation("calls");
  const names = useFailedNames();
  if (failure?.formError === "calls:errors.ineligible" && (intent === undefined || failure.intent === intent)) {
    return <FormAlert>{t("errors.ineligible", { checks: names(String(failure.formParams?.checks ?? "")) })}</FormAlert>;
  }
  return <FormAlert failure={failure} intent={intent} />;
}

/** On a draft's page: the checks its organization fails now, and what the call does about it. */
export function EligibilityWarning({ eligibility, enforcement }: { eligibility: Eligibility; enforcement: EligibilityEnforcementValue }) {
  const { t } = useTranslation("calls");
  const names = useFailedNames();
  const failed = refusingChecks(eligibility);
  if (failed.length === 0) return null;
  const checks = names(failedCheckList(failed));
  return (
    <Notice tone={enforcement === "REFUSE" ? "error" : "warn"} role="status">
      {t(enforcement === "REFUSE" ? "eligibility.draftRefused" : "eligibility.draftWarning", { checks })}
    </Notice>
  );
}
