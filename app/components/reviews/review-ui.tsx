import { useRouteLoaderData } from "@remix-run/react";
import { useEffect, useRef, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { RootData } from "~/root";
import { DEFAULT_LOCALE, type AppLocale } from "~/utils/i18n";

// Small pieces shared by the review, award, results and verification pages.

export function useLocale(): AppLocale {
  return useRouteLoaderData<RootData>("root")?.locale ?? DEFAULT_LOCALE;
}

type Tone = "ok" | "bad" | "wait" | "neutral";

export function Badge({ tone, children }: { tone: Tone; children: ReactNode }) {
  return <span className={`badge badge-${tone}`}>{children}</span>;
}

const PROPOSAL_TONE: Record<string, Tone> = { SUBMITTED: "wait", ELIGIBLE: "ok", INELIGIBLE: "bad", AWARDED: "ok", NOT_AWARDED: "neutral" };
const AWARD_TONE: Record<string, Tone> = {
  PROPOSED: "wait",
  REDUCED_OFFERED: "wait",
  DECLINED: "neutral",
  FINAL: "ok",
  CANCELLED: "neutral",
  CLOSED: "neutral",
};
const APPEAL_TONE: Record<string, Tone> = { OPEN: "wait", UPHELD: "ok", DISMISSED: "neutral" };

export function ProposalStatus({ status }: { status: string }) {
  const { t } = useTranslation("reviews");
  return <Badge tone={PROPOSAL_TONE[status] ?? "neutral"}>{t(`proposalStatus.${status}`)}</Badge>;
}

export function AwardStatus({ status }: { status: string }) {
  const { t } = useTranslation("awards");
  return <Badge tone={AWARD_TONE[status] ?? "neutral"}>{t(`status.${status}`)}</Badge>;
}

export function AppealStatus({ status }: { status: string }) {
  const { t } = useTranslation("reviews");
  return <Badge tone={APPEAL_TONE[status] ?? "neutral"}>{t(`appealStatus.${status}`)}</Badge>;
}

/** A refusal or a form-level error for the form it belongs to (`target`), in the user's language. */
export function ActionNotice({
  result,
  target,
}: {
  result?: { formError?: string; target?: string; params?: Record<string, string | number> } | null;
  target?: string;
}) {
  const { t } = useTranslation("errors");
  if (!result?.formError || (target !== undefined && result.target !== target)) return null;
  return (
    <div className="alert alert-error" role="alert">
      {t(result.formError, { ...result.params, defaultValue: t("forbidden") })}
    </div>
  );
}

/** The confirmation after a redirect (?done=...), announced politely. */
export function DoneNotice({ done, ns }: { done: string | null; ns: "reviews" | "awards" }) {
  const { t } = useTranslation(ns);
  if (!done) return null;
  return (
    <div className="alert alert-success" role="status">
      {t(`done.${done}`, { defaultValue: t("done.saved") })}
    </div>
  );
}

/**
 * A ref for an answer that arrives after a POST: it takes the focus (and so
 * the scroll) when a new answer comes, so the person sees it first.
 */
export function useFocusOnArrival(answer: unknown) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (answer) ref.current?.focus();
  }, [answer]);
  return ref;
}
