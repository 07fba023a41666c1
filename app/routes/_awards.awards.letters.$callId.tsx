import { redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useRevalidator, useSearchParams } from "@remix-run/react";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { OfficerCallNav } from "~/components/reviews/officer-call-nav";
import { AwardStatus } from "~/components/reviews/review-ui";
import { donePath, FormAlert, Notice } from "~/components/ui/alerts";
import { useLocale } from "~/components/ui/use-locale";
import { getBatchProgress, startBatchIssue } from "~/domains/awards/letters.server";
import { orRespond } from "~/utils/loader-refusal.server";
import { refusedForm } from "~/utils/forms.server";
import styles from "~/styles/reviews.css";
import { formatDateTime, formatMoney, LOCALE_NAMES, localized } from "~/utils/i18n";
import { requirePermission } from "~/utils/session.server";
import { pageTitle } from "~/utils/page-title";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

const REFRESH_SECONDS = 2;

// While letters are being issued the page reloads itself: a meta refresh
// without JavaScript, a revalidation with it.
export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageTitle(
    matches,
    "titles.letters",
    data?.call.reference,
    data?.running ? [{ httpEquiv: "refresh", content: String(REFRESH_SECONDS) }] : [],
  );

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "issue:letter:any");
  return orRespond(() => getBatchProgress({ actor, callId: params.callId ?? "" }));
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "issue:letter:any");
  const callId = params.callId ?? "";
  try {
    // The letters are issued in the background; the page shows how far it got.
    await startBatchIssue({ actor, callId });
  } catch (error) {
    return refusedForm(error, { intent: "start" });
  }
  return redirect(donePath(`/awards/letters/${callId}`, "started"));
}

export default function LetterBatch() {
  const { call, awards, total, issued, awaitingFinalization, standstillOver, running, failed } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation("awards");
  const locale = useLocale();
  const navigation = useNavigation();
  const revalidator = useRevalidator();
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => revalidator.state === "idle" && revalidator.revalidate(), REFRESH_SECONDS * 1000);
    return () => clearInterval(timer);
  }, [running, revalidator]);
  const percent = total ? Math.round((issued / total) * 100) : 0;
  const [search] = useSearchParams();
  // After "Issue", the page says how it ended: every letter issued (and the NCOs notified), or which failed.
  const finished = search.get("done") === "started" && !running && !result;
  return (
    <section aria-labelledby="letters-title">
      <header className="page-head">
        <p className="meta">{call.reference}</p>
        <h1 id="letters-title">{t("batch.title")}</h1>
        <p className="meta">{localized(call, "title", locale)}</p>
        <OfficerCallNav callId={call.id} current="letters" />
      </header>
      {finished && total > 0 && issued === total && failed.length === 0 ? (
        <Notice tone="success">{t("batch.success", { count: total })}</Notice>
      ) : null}
      <div className="panel" aria-live="polite">
        <p className="progress-figure">{t("batch.figure", { issued, total })}</p>
        <progress className="progress" max={Math.max(total, 1)} value={issued} aria-label={t("batch.progressLabel", { percent })}>
          {percent}%
        </progress>
        <p>{running ? t("batch.running") : total && issued === total ? t("batch.allIssued") : t("batch.idle")}</p>
        {failed.length ? <Notice tone="error">{t("batch.failed", { awards: failed.join(", ") })}</Notice> : null}
        {awaitingFinalization ? (
          <p className="meta">
            {t(standstillOver ? "batch.awaitingDue" : "batch.awaitingStandstill", {
              n: awaitingFinalization,
              date: call.standstillEndsAt ? formatDateTime(call.standstillEndsAt, locale) : "—",
            })}
          </p>
        ) : null}
        <Form method="post">
          <FormAlert failure={result} intent="start" />
          <button
            type="submit"
            className="button"
            disabled={running || navigation.state === "submitting" || (issued === total && !(standstillOver && awaitingFinalization))}
          >
            {t("batch.start")}
          </button>
        </Form>
      </div>
      <div className="table-scroll">
        <table className="stack-table">
          <thead>
            <tr>
              <th scope="col">{t("batch.award")}</th>
              <th scope="col">{t("batch.organization")}</th>
              <th scope="col" className="numeric">
                {t("batch.amount")}
              </th>
              <th scope="col">{t("batch.letter")}</th>
            </tr>
          </thead>
          <tbody>
            {awards.map((award) => {
              return (
                <tr key={award.id}>
                  <td data-label={t("batch.award")}>
                    <Link to={`/awards/${award.id}`}>{award.reference}</Link> <AwardStatus status={award.status} />
                  </td>
                  <td data-label={t("batch.organization")}>{localized(award.organization, "name", locale)}</td>
                  <td data-label={t("batch.amount")} className="numeric">
                    {formatMoney(award.amount, locale)}
                  </td>
                  <td data-label={t("batch.letter")}>
                    {award.letters.length
                      ? award.letters.map((letter) => (
                          <div key={letter.verificationCode}>
                            <a href={`/awards/${award.id}/letter.pdf?language=${letter.language}`}>{LOCALE_NAMES[letter.language]}</a> ·{" "}
                            <Link to={`/verify/${letter.verificationCode}`}>{letter.verificationCode}</Link>
                          </div>
                        ))
                      : "—"}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
