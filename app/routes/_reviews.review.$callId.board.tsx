import { redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useValidatedForm } from "~/components/forms/use-validated-form";
import { ConfirmStep } from "~/components/reviews/confirm-step";
import { LikelyConflicts } from "~/components/reviews/likely-conflicts";
import { AwardStatus, ProtocolLinks } from "~/components/reviews/review-ui";
import { Badge, DoneNotice, donePath, FormAlert } from "~/components/ui/alerts";
import { useLocale } from "~/components/ui/use-locale";
import { Field } from "~/components/ui/field";
import { OfferSchema, PublishSchema } from "~/domains/awards/award-schemas";
import { getDecisionBoard, offerReducedAmount, publishDecision } from "~/domains/awards/decision.server";
import { tyiynToSomInput } from "~/domains/budgets/money";
import { orRespond } from "~/utils/loader-refusal.server";
import { remindScorer } from "~/domains/reviews/reminders.server";
import { hundredthsToFixed } from "~/domains/reviews/review-rules";
import { SeatSchema } from "~/domains/reviews/review-schemas";
import styles from "~/styles/reviews.css";
import { fieldErrorsOf, type FormFailure, formToObject, intentOf, invalidForm, refusedForm, unknownIntent } from "~/utils/forms.server";
import { formatDateTime, formatMoney, localized } from "~/utils/i18n";
import { requirePermission } from "~/utils/session.server";
import { pageTitle } from "~/utils/page-title";

/** The intents this route's action dispatches on; its forms send the same constants. */
export const INTENT = { publish: "publish", remind: "remind", offer: "offer" } as const;

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(matches, "titles.board", data?.call.reference);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "chair:commission:assigned");
  return orRespond(() => getDecisionBoard({ actor, callId: params.callId ?? "" }));
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "chair:commission:assigned");
  const callId = params.callId ?? "";
  const raw = formToObject(await request.formData());
  const intent = intentOf(raw, INTENT);
  if (!intent) return unknownIntent();
  try {
    if (intent === INTENT.publish) {
      // Published only from the confirmation step, with the awards the chair saw there.
      const parsed = PublishSchema.safeParse(raw);
      if (!parsed.success) return redirect(`/review/${callId}/board?confirm=publish`);
      await publishDecision({ actor, callId, confirmed: parsed.data.confirmed });
      return redirect(donePath(`/review/${callId}/board`, "published"));
    }
    if (intent === INTENT.remind) {
      const parsed = SeatSchema.safeParse(raw);
      if (!parsed.success) throw new Response("Bad request", { status: 400 });
      await remindScorer({ actor, callId, membershipId: parsed.data.membershipId });
      return redirect(`${donePath(`/review/${callId}/board`, "reminded")}#waiting-title`);
    }
    if (intent === INTENT.offer) {
      const parsed = OfferSchema.safeParse(raw);
      if (!parsed.success) return invalidForm(fieldErrorsOf(parsed.error), { intent: `offer-${raw.proposalId}`, values: raw });
      await offerReducedAmount({ actor, callId, ...parsed.data });
      return redirect(donePath(`/review/${callId}/board`, "offered"));
    }
  } catch (error) {
    if (error instanceof Response) throw error;
    const target =
      intent === INTENT.offer ? `offer-${raw.proposalId}` : intent === INTENT.remind ? `remind-${raw.membershipId}` : INTENT.publish;
    return refusedForm(error, { intent: target, values: raw });
  }
  throw new Response("Bad request", { status: 400 });
}

export default function DecisionBoard() {
  const { call, rows, problems, terms, funded, criteria, likelyConflicts, openAppeals } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation("reviews");
  const locale = useLocale();
  const [search] = useSearchParams();
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
          <ProtocolLinks callId={call.id} />
          {call.status !== "IN_REVIEW" ? (
            <li>
              <Link to={`/results/${call.id}`}>{t("board.publicResults")}</Link>
            </li>
          ) : null}
        </ul>
      </header>
      <DoneNotice ns="reviews" hidden={Boolean(result)} />
      {call.status === "IN_REVIEW" && problems.length === 0 && search.get("confirm") === "publish" ? (
        <PublishConfirmation result={result} />
      ) : null}
      {call.status === "IN_REVIEW" ? <WaitingFor result={result} /> : null}

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
                  {row.revealed ? (
                    <Link to={`/review/${call.id}/proposals/${row.proposalId}`}>{row.title || row.reference}</Link>
                  ) : (
                    row.title || row.reference
                  )}
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
                    {row.rank && row.meetsThreshold ? (
                      <OfferForm proposalId={row.proposalId} result={result} suggested={row.line?.amount} />
                    ) : null}
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
          <>
            {search.get("confirm") === "publish" ? null : <FormAlert failure={result} intent={INTENT.publish} />}
            <p>{t("board.publishLead", { days: call.standstillDays })}</p>
            {/* The decision is published from its confirmation step, which lists the awards and amounts. */}
            <Link to={`/review/${call.id}/board?confirm=publish`} className="button">
              {t("board.publish")}
            </Link>
          </>
        )}
      </section>

      <LikelyConflicts conflicts={likelyConflicts} />
    </section>
  );
}

/** What publishing will do, in full, before it is done: notices, the standstill, the awards and their amounts. */
function PublishConfirmation({ result }: { result?: FormFailure }) {
  const { call, rows, funded, fingerprint, notified, standstillWouldEnd } = useLoaderData<typeof loader>();
  const { t } = useTranslation("reviews");
  const locale = useLocale();
  const awarded = rows.filter((row) => row.line && BigInt(row.line.amount) > 0n);
  return (
    <ConfirmStep
      title={t("board.confirm.title")}
      action={`/review/${call.id}/board?confirm=publish`}
      fields={{ intent: INTENT.publish, confirmed: fingerprint }}
      submitLabel={t("board.confirm.submit")}
      cancelTo={`/review/${call.id}/board`}
      cancelLabel={t("board.confirm.cancel")}
      result={result}
      intent={INTENT.publish}
    >
      <ul>
        <li>{t("board.confirm.notify", { n: notified })}</li>
        <li>{t("board.confirm.standstill", { days: call.standstillDays, date: formatDateTime(standstillWouldEnd, locale) })}</li>
        <li>{t("board.confirm.final")}</li>
      </ul>
      <h3>{t("board.confirm.awards", { n: awarded.length })}</h3>
      {awarded.length ? (
        <div className="table-scroll">
          <table className="stack-table">
            <thead>
              <tr>
                <th scope="col">{t("board.rank")}</th>
                <th scope="col">{t("board.proposal")}</th>
                <th scope="col" className="numeric">
                  {t("board.proposed")}
                </th>
              </tr>
            </thead>
            <tbody>
              {awarded.map((row) => (
                <tr key={row.proposalId}>
                  <td data-label={t("board.rank")}>{row.rank}</td>
                  <td data-label={t("board.proposal")}>
                    {localized(row.organization, "name", locale)}
                    <br />
                    <span className="meta">{row.reference}</span>
                  </td>
                  <td data-label={t("board.proposed")} className="numeric">
                    {formatMoney(row.line!.amount, locale)}
                  </td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row" colSpan={2}>
                  {t("board.confirm.total")}
                </th>
                <td className="numeric" data-label={t("board.confirm.total")}>
                  {formatMoney(funded, locale)}
                </td>
              </tr>
            </tfoot>
          </table>
        </div>
      ) : (
        <p>{t("board.confirm.noAwards")}</p>
      )}
      <p className="meta">{t("board.confirm.notFunded", { n: rows.length - awarded.length })}</p>
    </ConfirmStep>
  );
}

/** Who the scoring still waits for, with a reminder the chair may send each of them once an hour. */
function WaitingFor({ result }: { result?: FormFailure }) {
  const { waiting } = useLoaderData<typeof loader>();
  const { t } = useTranslation("reviews");
  const locale = useLocale();
  const navigation = useNavigation();
  return (
    <section className="panel" aria-labelledby="waiting-title">
      <h2 id="waiting-title">{t("board.waiting.title")}</h2>
      {waiting.length === 0 ? (
        <p>{t("board.waiting.none")}</p>
      ) : (
        <ul className="waiting-list">
          {waiting.map((w) => (
            <li key={w.membershipId}>
              <span>{t("board.waiting.member", { name: w.name, count: w.missing })}</span>
              <Form method="post">
                <FormAlert failure={result} intent={`remind-${w.membershipId}`} />
                <input type="hidden" name="membershipId" value={w.membershipId} />
                {w.nextReminderAt ? (
                  <span className="meta">
                    {t("board.waiting.reminded", {
                      date: formatDateTime(w.lastRemindedAt!, locale),
                      next: formatDateTime(w.nextReminderAt, locale),
                    })}
                  </span>
                ) : (
                  <button
                    type="submit"
                    name="intent"
                    value={INTENT.remind}
                    className="button small secondary"
                    disabled={navigation.state === "submitting"}
                    aria-label={t("board.waiting.remindLabel", { name: w.name })}
                  >
                    {t("board.waiting.remind")}
                  </button>
                )}
              </Form>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function OfferForm({ proposalId, result, suggested }: { proposalId: string; result?: FormFailure; suggested?: bigint | string }) {
  const { t } = useTranslation("reviews");
  const mine = result?.intent === `offer-${proposalId}` ? result : undefined;
  const { register, errorFor, onSubmit } = useValidatedForm(OfferSchema, { serverErrors: mine?.errors });
  return (
    <Form method="post" onSubmit={onSubmit} noValidate className="inline-form">
      <FormAlert failure={mine} />
      <input type="hidden" name="intent" value={INTENT.offer} />
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
