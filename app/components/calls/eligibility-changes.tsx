import { useTranslation } from "react-i18next";
import type { EligibilityChange } from "~/domains/calls/calls-rules";
import { changedFieldLabel } from "./call-display";

/** The label of one value of an eligibility list, in the reader's language. */
function useValueLabel() {
  const { t } = useTranslation("calls");
  const { t: tOrg } = useTranslation("organizations");
  return (field: string, value: string) =>
    field === "eligibleLegalForms"
      ? tOrg(`legalFormValue.${value}`)
      : field === "eligibleRegions"
        ? t(`region.${value}`)
        : t(`documentKind.${value}`);
}

/**
 * What an amendment changes in who may apply and what they must attach,
 * shown before it is saved. The hidden token confirms exactly these changes:
 * if the officer changes the boxes again, the server asks again.
 */
export function EligibilityConfirmation({ changes, token }: { changes: EligibilityChange[]; token: string }) {
  const { t } = useTranslation("calls");
  const label = useValueLabel();
  const list = (field: string, values: string[]) => values.map((value) => label(field, value)).join(", ");
  return (
    <div className="alert alert-warn confirm-changes" role="alert" aria-labelledby="confirm-changes-title">
      <h2 id="confirm-changes-title">{t("amend.confirmTitle")}</h2>
      <p>{t("amend.confirmLead")}</p>
      <ul>
        {changes.map((change) => (
          <li key={change.field}>
            <strong>{changedFieldLabel(t, change.field)}</strong>
            {"added" in change ? (
              <>
                {change.added.length ? (
                  <span className="change-added"> {t("amend.added", { values: list(change.field, change.added) })}</span>
                ) : null}
                {change.removed.length ? (
                  <span className="change-removed"> {t("amend.removed", { values: list(change.field, change.removed) })}</span>
                ) : null}
              </>
            ) : (
              <span> {t("amend.ageChanged", { before: change.before, after: change.after })}</span>
            )}
          </li>
        ))}
      </ul>
      <input type="hidden" name="confirmEligibility" value={token} />
    </div>
  );
}
