import { redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams, useSubmit } from "@remix-run/react";
import { useMemo, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Field, TextAreaField } from "~/components/ui/field";
import { useValidatedForm } from "~/components/forms/use-validated-form";
import { ConfirmStep } from "~/components/reviews/confirm-step";
import { DoneNotice, donePath, FormAlert } from "~/components/ui/alerts";
import { useLocale } from "~/components/ui/use-locale";
import { AnswersList } from "~/components/proposals/answers-list";
import { orRespond } from "~/utils/loader-refusal.server";
import { fraction, fractionToFixed2 } from "~/domains/reviews/review-rules";
import { ConsensusSchema, scoreSheetSchema } from "~/domains/reviews/review-schemas";
import { getProposalForReview, recordConsensus, saveScoreSheet } from "~/domains/reviews/scoring.server";
import styles from "~/styles/reviews.css";
import { DomainError } from "~/utils/domain-error";
import { fieldErrorsOf, formToObject, intentOf, invalidForm, refusedForm, unknownIntent } from "~/utils/forms.server";
import { formatDate, formatMoney, localized } from "~/utils/i18n";
import { requirePermission } from "~/utils/session.server";
import { pageTitle } from "~/utils/page-title";
import { scrollRegion } from "~/components/ui/scroll-region";

/** The intents this route's action dispatches on; its forms send the same constants. */
export const INTENT = { consensus: "consensus", save: "save", submit: "submit" } as const;

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageTitle(matches, "titles.reviewProposal", data?.proposal.reference);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "read:proposal:assigned");
  const callId = params.callId ?? "";
  try {
    return await getProposalForReview({ actor, callId, proposalId: params.proposalId ?? "" });
  } catch (error) {
    // Declarations come first: the member is sent to make them, and sees nothing of the proposal.
    if (error instanceof DomainError && error.code === "reviews:errors.declareFirst") throw redirect(`/review/${callId}`);
    if (error instanceof DomainError) throw new Response(error.code, { status: error.status });
    throw error;
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "read:proposal:assigned");
  const callId = params.callId ?? "";
  const proposalId = params.proposalId ?? "";
  const raw = formToObject(await request.formData());
  const intent = intentOf(raw, INTENT, INTENT.save);
  if (!intent) return unknownIntent();
  const back = (done: string) => redirect(donePath(`/review/${callId}/proposals/${proposalId}`, done));
  try {
    if (intent === INTENT.consensus) {
      const parsed = ConsensusSchema.safeParse(raw);
      if (!parsed.success) return invalidForm(fieldErrorsOf(parsed.error), { intent: `consensus-${raw.criterionId}`, values: raw });
      await recordConsensus({ actor, callId, proposalId, ...parsed.data });
      return back("consensus");
    }
    const view = await orRespond(() => getProposalForReview({ actor, callId, proposalId }));
    const parsed = scoreSheetSchema(view.criteria).safeParse(raw);
    if (!parsed.success) return invalidForm(fieldErrorsOf(parsed.error), { intent: "scores", values: raw });
    // A final submission comes only from its confirmation step. Before it, the
    // scores are kept as a draft and the member is shown what they will submit.
    const confirmed = parsed.data.submit && raw.confirmed === "yes";
    await saveScoreSheet({ actor, callId, proposalId, scores: parsed.data.scores, submit: confirmed });
    if (parsed.data.submit && !confirmed) return redirect(`/review/${callId}/proposals/${proposalId}?confirm=submit`);
    return back(confirmed ? "submitted" : "draftSaved");
  } catch (error) {
    if (error instanceof Response) throw error;
    return refusedForm(error, { intent: intent === INTENT.consensus ? `consensus-${raw.criterionId}` : "scores", values: raw });
  }
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;

export default function ProposalReview() {
  const data = useLoaderData<typeof loader>();
  const { proposal, call } = data;
  const { t } = useTranslation("reviews");
  const locale = useLocale();
  const [search] = useSearchParams();
  return (
    <article aria-labelledby="proposal-title">
      <header className="page-head">
        <p className="meta">
          <Link to={`/review/${call.id}`}>← {call.reference}</Link> · {proposal.reference}
        </p>
        <h1 id="proposal-title">{proposal.title || proposal.reference}</h1>
        <p className="meta">
          {localized(proposal.organization, "name", locale)} ·{" "}
          {t("proposal.requested", { amount: formatMoney(proposal.requestedTotal, locale) })}
        </p>
      </header>
      <DoneNotice ns="reviews" />
      {search.get("confirm") === "submit" ? <SubmitConfirmation /> : null}
      <div className="two-columns">
        <div>
          <ProposalContent proposal={proposal} callId={call.id} />
          <AnswersList
            answers={data.answers}
            locale={locale}
            fileHref={(fileId) => `/review/${call.id}/proposals/${proposal.id}/files/${fileId}`}
          />
        </div>
        <div>
          <ScoreSheet />
          {data.revealed ? null : <BlindNotice />}
        </div>
      </div>
      {data.revealed ? <Revealed /> : null}
    </article>
  );
}

function ProposalContent({ proposal, callId }: { proposal: Data["proposal"]; callId: string }) {
  const { t } = useTranslation("reviews");
  const locale = useLocale();
  const sections = [
    ["summary", proposal.summary],
    ["problem", proposal.problem],
    ["targetGroup", proposal.targetGroup],
    ["objectives", proposal.objectives],
    ["activities", proposal.activities],
    ["team", proposal.team],
  ] as const;
  return (
    <div>
      <section className="panel" lang={proposal.language}>
        {sections.map(([key, text]) => (
          <div key={key}>
            <h2 className="h3">{t(`proposal.${key}`)}</h2>
            <p className="prose">{text || "—"}</p>
          </div>
        ))}
        <p>{t("proposal.beneficiaries", { n: proposal.beneficiaries })}</p>
      </section>
      <section className="panel">
        <h2>{t("proposal.milestones")}</h2>
        <ol>
          {proposal.milestones.map((m) => (
            <li key={m.position}>
              <strong>{m.title}</strong> — {formatDate(m.startsOn, locale)} – {formatDate(m.dueOn, locale)}
              {m.deliverables ? <p className="prose meta">{m.deliverables}</p> : null}
            </li>
          ))}
        </ol>
      </section>
      <section className="panel">
        <h2>{t("proposal.budget")}</h2>
        <div className="table-scroll">
          <table className="stack-table">
            <thead>
              <tr>
                <th scope="col">{t("proposal.line")}</th>
                <th scope="col" className="numeric">
                  {t("proposal.lineRequested")}
                </th>
                <th scope="col" className="numeric">
                  {t("proposal.lineCofinancing")}
                </th>
              </tr>
            </thead>
            <tbody>
              {proposal.budgetLines.map((line) => (
                <tr key={line.position}>
                  <td>
                    {line.description}{" "}
                    <span className="meta">({t(`proposals:budget.category.${line.category}`, { defaultValue: line.category })})</span>
                  </td>
                  <td className="numeric" data-label={t("proposal.lineRequested")}>
                    {formatMoney(line.requested, locale)}
                  </td>
                  <td className="numeric" data-label={t("proposal.lineCofinancing")}>
                    {formatMoney(line.cofinancing, locale)}
                  </td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">{t("proposal.total")}</th>
                <td className="numeric" data-label={t("proposal.lineRequested")}>
                  {formatMoney(proposal.requestedTotal, locale)}
                </td>
                <td className="numeric" data-label={t("proposal.lineCofinancing")}>
                  {formatMoney(proposal.cofinancingTotal, locale)}
                </td>
              </tr>
            </tfoot>
          </table>
        </div>
        <p>
          <a className="button secondary" href={`/review/${callId}/proposals/${proposal.id}/dossier.pdf`} download>
            {t("dossier.one")}
          </a>
        </p>
        {proposal.attachments.length ? (
          <>
            <h3>{t("proposal.documents")}</h3>
            <ul>
              {proposal.attachments.map((a, i) => {
                const fileId = a.attachmentId ?? a.storedDocument?.attachmentId;
                const name = a.attachment?.originalName ?? a.storedDocument?.title ?? a.kind;
                return (
                  <li key={i}>
                    {fileId ? (
                      <a href={`/review/${callId}/proposals/${proposal.id}/files/${fileId}`} download>
                        {name}
                      </a>
                    ) : (
                      name
                    )}
                  </li>
                );
              })}
            </ul>
          </>
        ) : null}
      </section>
    </div>
  );
}

function ScoreSheet() {
  const { criteria, own, canScore, seat, progress } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const mine = result?.intent === "scores" ? result : undefined;
  const { t } = useTranslation("reviews");
  const locale = useLocale();
  const navigation = useNavigation();
  const submit = useSubmit();
  const schema = useMemo(() => scoreSheetSchema(criteria), [criteria]);
  const { register, errorFor, form } = useValidatedForm(schema, { serverErrors: mine?.errors });
  // The clicked button says save or submit; react-hook-form would drop it, so it is passed on explicitly.
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    const native = event.nativeEvent;
    const submitter = "submitter" in native && native.submitter instanceof HTMLButtonElement ? native.submitter : null;
    const target = event.currentTarget;
    void form.handleSubmit(() => submit(submitter ?? target))(event);
  };
  const ownScore = (criterionId: string) => own.scores.find((s) => s.criterionId === criterionId);
  if (seat.role === "OBSERVER")
    return <p className="panel">{t("score.observer", { submitted: progress.submitted, expected: progress.expected })}</p>;
  if (!canScore) {
    return (
      <section className="panel" aria-labelledby="own-title">
        <h2 id="own-title">{t("score.yours")}</h2>
        {own.submittedAt ? (
          <p className="meta">{t("score.submittedAt", { date: formatDate(own.submittedAt, locale) })}</p>
        ) : (
          <p>{t("score.closed")}</p>
        )}
        <ul className="item-list">
          {criteria.map((c) => (
            <li key={c.id}>
              <strong>{localized(c, "name", locale)}</strong>: {ownScore(c.id)?.score ?? "—"} / {c.maxScore}
              <p className="prose meta">{ownScore(c.id)?.comment}</p>
            </li>
          ))}
        </ul>
      </section>
    );
  }
  return (
    <section className="panel" aria-labelledby="score-title">
      <h2 id="score-title">{t("score.title")}</h2>
      <p className="meta">{t("score.lead")}</p>
      <Form method="post" onSubmit={onSubmit} noValidate>
        <FormAlert failure={mine} />
        {criteria.map((c) => (
          <div key={c.id} className="criterion">
            <h3>
              {criteria.indexOf(c) + 1}. {localized(c, "name", locale)}
            </h3>
            <p className="meta">
              {t("score.weight", { weight: c.weight, max: c.maxScore })}
              {localized(c, "description", locale) ? ` — ${localized(c, "description", locale)}` : ""}
            </p>
            <Field
              className="score-input"
              label={t("score.score", { max: c.maxScore })}
              type="number"
              inputMode="numeric"
              min={0}
              max={c.maxScore}
              step={1}
              defaultValue={mine?.values?.[`score_${c.id}`] ?? ownScore(c.id)?.score}
              error={errorFor(`score_${c.id}`)}
              {...register(`score_${c.id}`)}
            />
            <TextAreaField
              label={t("score.comment")}
              rows={3}
              defaultValue={mine?.values?.[`comment_${c.id}`] ?? ownScore(c.id)?.comment}
              error={errorFor(`comment_${c.id}`)}
              {...register(`comment_${c.id}`)}
            />
          </div>
        ))}
        <p className="meta">{t("score.finalWarning")}</p>
        <p className="meta">{t("score.confirmFirst")}</p>
        <div className="actions">
          <button type="submit" name="intent" value={INTENT.save} className="button secondary" disabled={navigation.state === "submitting"}>
            {t("score.saveDraft")}
          </button>
          <button type="submit" name="intent" value={INTENT.submit} className="button" disabled={navigation.state === "submitting"}>
            {t("score.submit")}
          </button>
        </div>
      </Form>
    </section>
  );
}

/** The member's draft as it will be submitted, and what submitting means; only when the draft is complete. */
function SubmitConfirmation() {
  const { call, proposal, criteria, own, canScore } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation("reviews");
  const locale = useLocale();
  const scoreOf = (criterionId: string) => own.scores.find((s) => s.criterionId === criterionId);
  const complete = criteria.every((c) => scoreOf(c.id) && (scoreOf(c.id)?.comment.trim().length ?? 0) >= 3);
  if (!canScore || !complete) return null;
  const fields: Record<string, string> = { intent: INTENT.submit, confirmed: "yes" };
  for (const c of criteria) {
    fields[`score_${c.id}`] = String(scoreOf(c.id)!.score);
    fields[`comment_${c.id}`] = scoreOf(c.id)!.comment;
  }
  const url = `/review/${call.id}/proposals/${proposal.id}`;
  return (
    <ConfirmStep
      title={t("score.confirm.title")}
      action={`${url}?confirm=submit`}
      fields={fields}
      submitLabel={t("score.confirm.submit")}
      cancelTo={url}
      cancelLabel={t("score.confirm.cancel")}
      result={result?.intent === "scores" ? result : undefined}
    >
      <p>{t("score.confirm.lead")}</p>
      <ul>
        {criteria.map((c) => (
          <li key={c.id}>
            <strong>
              {criteria.indexOf(c) + 1}. {localized(c, "name", locale)}: {scoreOf(c.id)!.score} / {c.maxScore}
            </strong>
            <p className="prose meta">{scoreOf(c.id)!.comment}</p>
          </li>
        ))}
      </ul>
    </ConfirmStep>
  );
}

function BlindNotice() {
  const { progress, own } = useLoaderData<typeof loader>();
  const { t } = useTranslation("reviews");
  return (
    <p className="panel meta">
      {t(own.submittedAt ? "score.waitingForOthers" : "score.blind", { submitted: progress.submitted, expected: progress.expected })}
    </p>
  );
}

function Revealed() {
  const { revealed, criteria, seat } = useLoaderData<typeof loader>();
  const { t } = useTranslation("reviews");
  const locale = useLocale();
  if (!revealed) return null;
  const consensusOf = (criterionId: string) => revealed.consensus.find((c) => c.criterionId === criterionId);
  return (
    <section className="panel" aria-labelledby="all-scores">
      <h2 id="all-scores">{t("revealed.title")}</h2>
      <p className="meta">{t(revealed.complete ? "revealed.complete" : "revealed.partial")}</p>
      <div className="table-scroll" {...scrollRegion(t("revealed.title"))}>
        <table className="score-grid stack-table">
          <thead>
            <tr>
              <th scope="col">{t("revealed.criterion")}</th>
              {revealed.sheets.map((sheet) => (
                <th key={sheet.membershipId} scope="col" className="numeric">
                  {sheet.own ? t("revealed.you") : sheet.name}
                </th>
              ))}
              <th scope="col" className="numeric">
                {t("revealed.value")}
              </th>
            </tr>
          </thead>
          <tbody>
            {criteria.map((c) => {
              const scores = revealed.sheets.map((s) => s.scores.find((x) => x.criterionId === c.id)?.score ?? null);
              const counted = scores.filter((s): s is number => s !== null);
              const consensus = consensusOf(c.id);
              const mean = counted.length
                ? fractionToFixed2(
                    fraction(
                      counted.reduce((a, b) => a + b, 0),
                      counted.length,
                    ),
                  )
                : "—";
              const divergent = revealed.divergent.includes(c.id);
              return (
                <tr key={c.id}>
                  <th scope="row">
                    {localized(c, "name", locale)} <span className="meta">/ {c.maxScore}</span>
                    {divergent ? <span className="divergent"> · {t("revealed.divergent")}</span> : null}
                  </th>
                  {scores.map((score, i) => (
                    <td key={i} className="numeric" data-label={revealed.sheets[i]!.own ? t("revealed.you") : revealed.sheets[i]!.name}>
                      {score ?? "—"}
                    </td>
                  ))}
                  <td className="numeric" data-label={t("revealed.value")}>
                    {consensus ? t("revealed.consensusValue", { score: consensus.score }) : mean}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <details>
        <summary>{t("revealed.comments")}</summary>
        {revealed.sheets.map((sheet) => (
          <div key={sheet.membershipId}>
            <h3>{sheet.own ? t("revealed.you") : sheet.name}</h3>
            <ul>
              {sheet.scores.map((s) => (
                <li key={s.criterionId}>
                  <strong>{localized(criteria.find((c) => c.id === s.criterionId) ?? {}, "name", locale)}</strong>: {s.comment}
                </li>
              ))}
            </ul>
          </div>
        ))}
      </details>
      {revealed.consensus.length ? (
        <>
          <h3>{t("consensus.recorded")}</h3>
          <ul>
            {revealed.consensus.map((c) => (
              <li key={c.criterionId}>
                <strong>{localized(criteria.find((x) => x.id === c.criterionId) ?? {}, "name", locale)}</strong>: {c.score} — {c.rationale}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {seat.role === "CHAIR" && revealed.complete
        ? criteria
            .filter((c) => revealed.divergent.includes(c.id))
            .map((c) => <ConsensusForm key={c.id} criterion={c} current={consensusOf(c.id)} />)
        : null}
    </section>
  );
}

function ConsensusForm({ criterion, current }: { criterion: Data["criteria"][number]; current?: { score: number; rationale: string } }) {
  const result = useActionData<typeof action>();
  const mine = result?.intent === `consensus-${criterion.id}` ? result : undefined;
  const { t } = useTranslation("reviews");
  const locale = useLocale();
  const { register, errorFor, onSubmit } = useValidatedForm(ConsensusSchema, { serverErrors: mine?.errors });
  return (
    <Form
      method="post"
      onSubmit={onSubmit}
      noValidate
      className="item"
      aria-label={t("consensus.formFor", { criterion: localized(criterion, "name", locale) })}
    >
      <h3>{t("consensus.title", { criterion: localized(criterion, "name", locale) })}</h3>
      <FormAlert failure={mine} />
      <input type="hidden" name="intent" value={INTENT.consensus} />
      <input type="hidden" value={criterion.id} {...register("criterionId")} />
      <Field
        id={`consensus-score-${criterion.id}`}
        label={t("consensus.score", { max: criterion.maxScore })}
        type="number"
        min={0}
        max={criterion.maxScore}
        defaultValue={mine?.values?.score ?? current?.score}
        error={errorFor("score")}
        {...register("score")}
      />
      <TextAreaField
        id={`consensus-rationale-${criterion.id}`}
        label={t("consensus.rationale")}
        rows={3}
        defaultValue={mine?.values?.rationale ?? current?.rationale}
        error={errorFor("rationale")}
        {...register("rationale")}
      />
      <button type="submit" className="button">
        {t(current ? "consensus.update" : "consensus.record")}
      </button>
    </Form>
  );
}
