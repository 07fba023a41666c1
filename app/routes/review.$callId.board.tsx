import { redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useValidatedForm } from "~/components/forms/use-validated-form";
import { LikelyConflicts } from "~/components/reviews/likely-conflicts";
import { ActionNotice, AwardStatus, Badge, DoneNotice, useLocale } from "~/components/reviews/review-ui";
import { Field } from "~/components/ui/field";
import { OfferSchema } from "~/domains/awards/award-schemas";
import { getDecisionBoard, offerReducedAmount, publishDecision } from "~/domains/awards/decision.server";
import { tyiynToSomInput } from "~/domains/budgets/money";
import { invalid, orRespond, refusal, type ActionFailure } from "~/domains/reviews/http.server";
import { hundredthsToFixed } from "~/domains/reviews/review-rules";
import styles from "~/styles/reviews.css";
import { formToObject } from "~/utils/forms.server";
import { formatDateTime, formatMoney, localized } from "~/utils/i18n";
import { requirePermission } from "~/utils/session.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.call.reference} — ranking` : "" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "chair:commission:assigned");
  return orRespond(() => getDecisionBoard({ actor, callId: params.callId ?? "" }));
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "chair:commission:assigned");
  const callId = params.callId ?? "";
  const raw = formToObject(await request.formData());
  try {
    if (raw.intent === "publish") {
      await publishDecision({ actor, callId });
      return redirect(`/review/${callId}/board?done=published`);
    }
    if (raw.intent === "offer") {
      const parsed = OfferSchema.safeParse(raw);
      if (!parsed.success) return invalid(parsed.error.flatten().fieldErrors, `offer-${raw.proposalId}`, raw);
      await offerReducedAmount({ actor, callId, ...parsed.data });
      return redirect(`/review/${callId}/board?done=offered`);
    }
  } catch (error) {
    return refusal(error, raw.intent === "offer" ? `offer-${raw.proposalId}` : "publish", raw);
  }
  throw new Response("Bad request", { status: 400 });
}

export default function DecisionBoard() {
  const { call, rows, problems, terms, funded, criteria, likelyConflicts, openAppeals } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionFailure | undefined;
  const { t } = useTranslation("reviews");
  const locale = useLocale();
  const [search] = useSearchParams();
  const navigation = useNavigation();
  const heaviest = [...criteria].sort((a, b) => b.weight - a.weight || a.position - b.position)[0];
  return (
    <section aria-labelledby="board-title">
      <header className="page-head">
        <p className="meta">
          <Link to={`/review/${call.id}`}>← {call.reference}</Link>
        </p>
        <h1 id="board-title">{t("board.title")}</h1>
        <p className="meta">{localized(call, "title", locale)}</p>
        <ul className="subnav">
          <li>
            <Link to={`/review/${call.id}/appeals`}>{t("board.appeals", { n: openAppeals })}</Link>
          </li>
          <li>
            <a href={`/review/${call.id}/protocol.pdf`}>{t("hub.protocol")}</a>
          </li>
          {call.status !== "IN_REVIEW" ? (
            <li>
              <Link to={`/results/${call.id}`}>{t("board.publicResults")}</Link>
            </li>
          ) : null}
        </ul>
      </header>
      <DoneNotice done={search.get("done")} ns="reviews" />

      <dl className="facts">
        <div>
          <dt>{t("board.available")}</dt>
          <dd>{formatMoney(terms.available, locale)}</dd>
        </div>
        <div>
          <dt>{t("board.funded")}</dt>
          <dd>{formatMoney(funded, locale)}</dd>
        </div>
        <div>
          <dt>{t("board.grantLimits")}</dt>
          <dd>
            {formatMoney(terms.minGrant, locale)} – {formatMoney(terms.maxGrant, locale)}
          </dd>
        </div>
        <div>
          <dt>{t("board.threshold")}</dt>
          <dd>{t("board.points", { score: call.minScore })}</dd>
        </div>
        <div>
          <dt>{t("board.tieBreak")}</dt>
          <dd>{t("board.tieBreakRule", { criterion: heaviest ? localized(heaviest, "name", locale) : "—" })}</dd>
        </div>
      </dl>

      <h2>{t("board.ranking")}</h2>
      <div className="table-scroll">
        <table className="stack-table">
          <thead>
            <tr>
              <th scope="col">{t("board.rank")}</th>
              <th scope="col">{t("board.proposal")}</th>
              <th scope="col">{t("board.progress")}</th>
              <th scope="col" className="numeric">
                {t("board.score")}
              </th>
              <th scope="col" className="numeric">
                {t("board.requested")}
              </th>
              <th scope="col" className="numeric">
                {t("board.proposed")}
              </th>
              {call.status === "IN_REVIEW" ? <th scope="col">{t("board.offer")}</th> : null}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.proposalId} className={row.line?.amount ? "funded" : row.meetsThreshold === false ? "below" : undefined}>
                <td data-label={t("board.rank")} className="rank">
                  {row.rank ?? "—"}
                </td>
                <td data-label={t("board.proposal")}>
                  {row.revealed ? <Link to={`/review/${call.id}/proposals/${row.proposalId}`}>{row.title || row.reference}</Link> : row.title || row.reference}
                  <br />
                  <span className="meta">
                    {row.reference} · {localized(row.organization, "name", locale)}
                  </span>
                </td>
                <td data-label={t("board.progress")}>
                  {t("board.sheets", { submitted: row.submitted, expected: row.expected })}
                  {!row.revealed ? (
                    <>
                      <br />
                      <span className="meta">{t(row.chairScores ? "board.scoreFirst" : "board.hiddenUntilComplete")}</span>
                    </>
                  ) : null}
                  {row.unresolved.length ? (
                    <>
                      <br />
                      <Link className="divergent" to={`/review/${call.id}/proposals/${row.proposalId}`}>
                        {t("board.divergence", { n: row.unresolved.length })}
                      </Link>
                    </>
                  ) : null}
                </td>
                <td data-label={t("board.score")} className="numeric">
                  {row.finalScore !== null ? hundredthsToFixed(row.finalScore) : "—"}
                  {row.meetsThreshold === false ? (
                    <>
                      <br />
                      <Badge tone="neutral">{t("board.belowThreshold")}</Badge>
                    </>
                  ) : null}
                </td>
                <td data-label={t("board.requested")} className="numeric">
                  {formatMoney(row.requested, locale)}
                </td>
                <td data-label={t("board.proposed")} className="numeric">
                  {row.line ? (
                    <>
                      {row.line.amount ? formatMoney(row.line.amount, locale) : "—"}
                      <br />
                      <span className="meta">{t(`board.outcome.${row.line.outcome}`)}</span>
                    </>
                  ) : (
                    "—"
                  )}
                  {row.award ? (
                    <>
                      <br />
                      <AwardStatus status={row.award.status} />
                    </>
                  ) : null}
                </td>
                {call.status === "IN_REVIEW" ? (
                  <td data-label={t("board.offer")}>
                    {row.rank && row.meetsThreshold ? <OfferForm proposalId={row.proposalId} result={result} suggested={row.line?.amount} /> : null}
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <section className="panel" aria-labelledby="publish-title">
        <h2 id="publish-title">{t("board.publishTitle")}</h2>
        {call.status !== "IN_REVIEW" ? (
          <p>
            {t("board.published", {
              date: call.decisionPublishedAt ? formatDateTime(call.decisionPublishedAt, locale) : "—",
              until: call.standstillEndsAt ? formatDateTime(call.standstillEndsAt, locale) : "—",
            })}
          </p>
        ) : problems.length ? (
          <>
            <p>{t("board.notYet")}</p>
            <ul>
              {problems.map((problem) => (
                <li key={problem}>{t(`board.problem.${problem}`)}</li>
              ))}
            </ul>
          </>
        ) : (
          <Form method="post">
            <ActionNotice result={result} target="publish" />
            <p>{t("board.publishLead", { days: call.standstillDays })}</p>
            <button type="submit" name="intent" value="publish" className="button" disabled={navigation.state === "submitting"}>
              {t("board.publish")}
            </button>
          </Form>
        )}
      </section>

      <LikelyConflicts conflicts={likelyConflicts} />
    </section>
  );
}

function OfferForm({ proposalId, result, suggested }: { proposalId: string; result?: ActionFailure; suggested?: bigint | string }) {
  const { t } = useTranslation("reviews");
  const mine = result?.target === `offer-${proposalId}` ? result : undefined;
  const { register, errorFor, onSubmit } = useValidatedForm(OfferSchema, { serverErrors: mine?.errors });
  return (
    <Form method="post" onSubmit={onSubmit} noValidate className="inline-form">
      <ActionNotice result={mine} />
      <input type="hidden" name="intent" value="offer" />
      <input type="hidden" value={proposalId} {...register("proposalId")} />
      <Field
        id={`offer-${proposalId}`}
        label={t("board.offerAmount")}
        inputMode="decimal"
        defaultValue={mine?.values?.amount ?? (suggested ? tyiynToSomInput(BigInt(suggested)) : "")}
        error={errorFor("amount")}
        {...register("amount")}
      />
      <button type="submit" className="button small secondary">
        {t("board.offerSubmit")}
      </button>
    </Form>
  );
}
