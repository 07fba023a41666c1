import { ProtocolLinks } from "~/components/reviews/review-ui";
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Badge } from "~/components/ui/alerts";
import { useLocale } from "~/components/ui/use-locale";
import { listSeats } from "~/domains/reviews/commission.server";
import { listCallsForReview } from "~/domains/reviews/screening.server";
import styles from "~/styles/reviews.css";
import { formatDateTime, localized } from "~/utils/i18n";
import { can } from "~/utils/permissions";
import { requireActor } from "~/utils/session.server";
import { pageTitle } from "~/utils/page-title";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "titles.review");

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const officer = can(actor, "screen:proposal:any");
  if (!officer && !can(actor, "read:proposal:assigned")) throw new Response("Forbidden", { status: 403 });
  const [calls, seats] = await Promise.all([listCallsForReview({ actor }), listSeats({ actor })]);
  return { officer, calls, seats };
}

export default function ReviewHub() {
  const { officer, calls, seats } = useLoaderData<typeof loader>();
  const { t } = useTranslation("reviews");
  const locale = useLocale();
  return (
    <section aria-labelledby="review-title">
      <h1 id="review-title">{t("hub.title")}</h1>
      {seats.length ? (
        <>
          <h2>{t("hub.seats")}</h2>
          <ul className="item-list">
            {seats.map((seat) => (
              <li key={seat.id} className="item">
                <div className="item-head">
                  <h3>
                    <Link to={`/review/${seat.call.id}`}>{localized(seat.call, "title", locale)}</Link>
                  </h3>
                  <Badge tone="neutral">{t(`role.${seat.role}`)}</Badge>
                </div>
                <p className="meta">
                  {seat.call.reference} ·{" "}
                  {seat.open
                    ? t("hub.seatProgress", { declared: seat.declared, submitted: seat.submitted })
                    : t("hub.opensAt", { date: seat.call.submissionDeadline ? formatDateTime(seat.call.submissionDeadline, locale) : "—" })}
                </p>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {officer ? (
        <>
          <h2>{t("hub.calls")}</h2>
          {calls.length === 0 ? <p className="empty-state">{t("hub.noCalls")}</p> : null}
          <ul className="item-list">
            {calls.map((call) => (
              <li key={call.id} className="item">
                <div className="item-head">
                  <h3>{localized(call, "title", locale)}</h3>
                  <Badge tone={call.status === "DECIDED" ? "ok" : "wait"}>{t(`callStatus.${call.status}`)}</Badge>
                </div>
                <p className="meta">
                  {call.reference} · {t("hub.callCounts", { applied: call.applied, toScreen: call.toScreen, seats: call.seats })}
                </p>
                <ul className="subnav">
                  <li>
                    <Link to={`/officer/calls/${call.id}/screening`}>{t("officerNav.screening")}</Link>
                  </li>
                  <li>
                    <Link to={`/officer/calls/${call.id}/commission`}>{t("officerNav.commission")}</Link>
                  </li>
                  <li>
                    <Link to={`/awards/letters/${call.id}`}>{t("officerNav.letters")}</Link>
                  </li>
                  <ProtocolLinks callId={call.id} />
                </ul>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {!officer && seats.length === 0 ? <p className="empty-state">{t("hub.noSeats")}</p> : null}
    </section>
  );
}
