import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Badge } from "~/components/ui/alerts";
import type { CallPhase } from "~/domains/calls/calls-rules";
import { formatDateTime, formatMoney, localized, type AppLocale } from "~/utils/i18n";
import { Countdown, LocalizedText, PHASE_TONE } from "./call-display";

export type CallCardData = Record<string, unknown> & {
  id: string;
  reference: string;
  phase: CallPhase;
  envelope: bigint | string;
  minGrant: bigint | string;
  maxGrant: bigint | string;
  submissionDeadline: Date | string | null;
  /** Whose call it is: a deployment may serve several municipalities. */
  municipality: { nameKy: string; nameRu: string; nameEn: string };
};

/** A call in a list: the home page and the calls page show the same card. */
export function CallCard({
  call,
  locale,
  serverNow,
  headingLevel = 2,
}: {
  call: CallCardData;
  locale: AppLocale;
  serverNow: Date | string;
  headingLevel?: 2 | 3;
}) {
  const { t } = useTranslation("calls");
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <li className="card call-card">
      <p className="call-reference">
        {localized(call.municipality, "name", locale)} · {t("page.reference", { reference: call.reference })}{" "}
        <Badge tone={PHASE_TONE[call.phase]}>{t(`phase.${call.phase}`)}</Badge>
      </p>
      <Heading>
        <Link to={`/calls/${call.id}`}>
          <LocalizedText as="span" record={call} field="title" locale={locale} />
        </Link>
      </Heading>
      <LocalizedText as="p" record={call} field="summary" locale={locale} />
      <p className="meta">
        {call.submissionDeadline ? t("card.deadline", { date: formatDateTime(call.submissionDeadline, locale) }) : null}
        {call.phase === "open" && call.submissionDeadline ? (
          <>
            {" · "}
            <Countdown deadline={call.submissionDeadline} serverNow={serverNow} />
          </>
        ) : null}
      </p>
      <p className="meta">
        {t("card.envelope", { amount: formatMoney(call.envelope, locale) })} ·{" "}
        {t("card.grants", { min: formatMoney(call.minGrant, locale), max: formatMoney(call.maxGrant, locale) })}
      </p>
    </li>
  );
}
