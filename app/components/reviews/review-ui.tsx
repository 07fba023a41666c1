import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { Badge, type BadgeTone } from "~/components/ui/alerts";
import type {
  AppealStatus as AppealStatusValue,
  AwardStatus as AwardStatusValue,
  ProposalStatus as ProposalStatusValue,
} from "~/generated/sqlite/enums";

// Small pieces shared by the review, award, results and verification pages:
// each status as the shared Badge with its word and colour.

const PROPOSAL_TONE: Partial<Record<ProposalStatusValue, BadgeTone>> = {
  SUBMITTED: "wait",
  ELIGIBLE: "ok",
  INELIGIBLE: "bad",
  AWARDED: "ok",
  NOT_AWARDED: "neutral",
};
const AWARD_TONE: Partial<Record<AwardStatusValue, BadgeTone>> = {
  PROPOSED: "wait",
  REDUCED_OFFERED: "wait",
  DECLINED: "neutral",
  FINAL: "ok",
  CANCELLED: "neutral",
  CLOSED: "neutral",
};
const APPEAL_TONE: Partial<Record<AppealStatusValue, BadgeTone>> = { OPEN: "wait", UPHELD: "ok", DISMISSED: "neutral" };

export function ProposalStatus({ status }: { status: ProposalStatusValue }) {
  const { t } = useTranslation("reviews");
  return <Badge tone={PROPOSAL_TONE[status] ?? "neutral"}>{t(`proposalStatus.${status}`)}</Badge>;
}

export function AwardStatus({ status }: { status: AwardStatusValue }) {
  const { t } = useTranslation("awards");
  return <Badge tone={AWARD_TONE[status] ?? "neutral"}>{t(`status.${status}`)}</Badge>;
}

export function AppealStatus({ status }: { status: AppealStatusValue }) {
  const { t } = useTranslation("reviews");
  return <Badge tone={APPEAL_TONE[status] ?? "neutral"}>{t(`appealStatus.${status}`)}</Badge>;
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

/** The protocol's Kyrgyz (binding) text and its Russian parallel text, as list items of a page's links (decision 0080). */
export function ProtocolLinks({ callId }: { callId: string }) {
  const { t } = useTranslation("reviews");
  return (
    <>
      <li>
        <a href={`/review/${callId}/protocol.pdf`}>{t("hub.protocol")}</a>
      </li>
      <li>
        <a href={`/review/${callId}/protocol.pdf?language=ru`}>{t("hub.protocolRu")}</a>
      </li>
    </>
  );
}
