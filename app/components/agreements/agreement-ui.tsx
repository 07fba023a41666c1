import type React from "react";
import { forwardRef } from "react";
// Small pieces shared by the grants and finance pages.
import { useTranslation } from "react-i18next";
import type { LinksFunction } from "@remix-run/node";
import type { BadgeTone } from "~/components/ui/alerts";
import grantsStyles from "~/styles/grants.css";

export const grantsLinks: LinksFunction = () => [{ rel: "stylesheet", href: grantsStyles }];

// Each status of an agreement, milestone, tranche, report, change, payment or statement line, as a colour.
const TONES: Record<string, BadgeTone> = {
  SIGNED: "info",
  CLOSED: "neutral",
  DRAFT: "wait",
  PENDING: "wait",
  REPORTED: "info",
  CHANGES_REQUESTED: "wait",
  ACCEPTED: "ok",
  REJECTED: "bad",
  PLANNED: "neutral",
  PAYABLE: "wait",
  ORDERED: "info",
  PAID: "ok",
  SUBMITTED: "info",
  APPROVED: "ok",
  REFUSED: "bad",
  CREATED: "wait",
  SENT: "info",
  EXECUTED: "ok",
  RECORDED_MANUALLY: "ok",
  MATCHED: "ok",
  AWAITING_SECOND: "wait",
  AMOUNT_DIFFERS: "bad",
  UNMATCHED: "bad",
  RESOLVED: "neutral",
};

/** The colour of a status for `<Badge tone>`. */
export function statusTone(status: string): BadgeTone {
  return TONES[status] ?? "neutral";
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
