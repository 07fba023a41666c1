import type React from "react";
import { forwardRef } from "react";
// Small pieces shared by the grants and finance pages.
import { useTranslation } from "react-i18next";
import type { LinksFunction } from "@remix-run/node";
import grantsStyles from "~/styles/grants.css";

export const grantsLinks: LinksFunction = () => [{ rel: "stylesheet", href: grantsStyles }];

const TONES: Record<string, "ok" | "warn" | "bad" | "info" | "muted"> = {
  SIGNED: "info",
  CLOSED: "muted",
  DRAFT: "warn",
  PENDING: "warn",
  REPORTED: "info",
  CHANGES_REQUESTED: "warn",
  ACCEPTED: "ok",
  REJECTED: "bad",
  PLANNED: "muted",
  PAYABLE: "warn",
  ORDERED: "info",
  PAID: "ok",
  SUBMITTED: "info",
  APPROVED: "ok",
  REFUSED: "bad",
  CREATED: "warn",
  SENT: "info",
  EXECUTED: "ok",
  RECORDED_MANUALLY: "ok",
  MATCHED: "ok",
  AWAITING_SECOND: "warn",
  AMOUNT_DIFFERS: "bad",
  UNMATCHED: "bad",
  RESOLVED: "muted",
};

/** A status as a word with a colour; the word alone carries the meaning. */
export function StatusBadge({ status, label }: { status: string; label: string }) {
  return <span className={`badge badge-${TONES[status] ?? "muted"}`}>{label}</span>;
}

/** The message of a refused form, in the reader's language (codes are "ns:key"). */
export function IntentAlert({
  result,
  intent,
}: {
  result?: { intent?: string; formError?: string; formParams?: Record<string, string | number> };
  intent: string;
}) {
  const { t } = useTranslation("errors");
  if (!result || result.intent !== intent || !result.formError) return null;
  return (
    <div className="alert alert-error" role="alert">
      {t(result.formError, { ...result.formParams, defaultValue: t("forbidden") })}
    </div>
  );
}

export function fieldError(
  result: { intent?: string; errors?: Record<string, string[] | undefined> } | undefined,
  intent: string,
  name: string,
) {
  return result?.intent === intent ? result.errors?.[name]?.[0] : undefined;
}

/** A labelled textarea with its error announced, like Field (forwards the ref for react-hook-form). */
export const TextArea = forwardRef<
  HTMLTextAreaElement,
  { label: string; name: string; error?: string } & React.TextareaHTMLAttributes<HTMLTextAreaElement>
>(function TextArea({ label, name, error, rows = 4, ...rest }, ref) {
  const { t } = useTranslation("validation");
  const id = `field-${name}`;
  return (
    <div className={error ? "field field-invalid wide" : "field wide"}>
      <label htmlFor={id}>{label}</label>
      <textarea
        ref={ref}
        id={id}
        name={name}
        rows={rows}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        {...rest}
      />
      {error ? (
        <p className="field-error" id={`${id}-error`} role="alert">
          {t(error, { defaultValue: t("invalid") })}
        </p>
      ) : null}
    </div>
  );
});
