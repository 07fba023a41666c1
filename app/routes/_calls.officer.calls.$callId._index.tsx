import { redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { IntegrityFlags } from "~/components/integrity/integrity-flags";
import { callIntegrityFlags } from "~/domains/integrity/integrity.server";
import { Badge, DoneNotice, donePath, FormAlert } from "~/components/ui/alerts";
import { changedFieldLabel, pickText, PHASE_TONE, ProblemList, problemText } from "~/components/calls/call-display";
import { CallCockpitPanel, PublishConfirmation } from "~/components/calls/call-cockpit";
import { Field, TextAreaField } from "~/components/ui/field";
import { useValidatedForm } from "~/components/forms/use-validated-form";
import { allocateEnvelope } from "~/domains/budgets/budgets.server";
import { tyiynToSomInput } from "~/domains/budgets/money";
import { callRefusal, type CallFailureDetails } from "~/domains/calls/call-forms.server";
import { AnswerSchema, CancelSchema, EnvelopeSchema } from "~/domains/calls/call-schemas";
import { getCallCockpit } from "~/domains/calls/call-cockpit.server";
import { allowedTransitions, callPhase, officerNextStep } from "~/domains/calls/calls-rules";
import { cancelCall, changeCallStatus, getCallForOfficer, publishCall } from "~/domains/calls/calls.server";
import { answerQuestion, listQuestionsForOfficer } from "~/domains/calls/clarifications.server";
import callsStyles from "~/styles/calls.css";
import { formatDateTime, formatMoney, localized, LOCALES, type AppLocale } from "~/utils/i18n";
import { formToObject, intentOf, readForm, unknownIntent, validateForm, type FormFailure } from "~/utils/forms.server";
import { requirePermission } from "~/utils/session.server";
import { pageTitle } from "~/utils/page-title";
import { useLocale } from "~/components/ui/use-locale";

/** The intents this route's action dispatches on; its forms send the same constants. */
export const INTENT = { allocate: "allocate", publish: "publish", startReview: "startReview", cancel: "cancel", answer: "answer" } as const;

/** The answer form's fields sent back on a refusal; `questionId` says which question's form shows it. */
const ANSWER_FIELDS = ["questionId", "question", "answerKy", "answerRu", "answerEn"];

type Failure = FormFailure<CallFailureDetails>;

export const links: LinksFunction = () => [{ rel: "stylesheet", href: callsStyles }];

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(matches, "titles.officerCall", data?.title);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "manage:call:any");
  const now = new Date();
  const call = await getCallForOfficer({ actor, callId: params.callId ?? "", now });
  if (!call) throw new Response("Not found", { status: 404 });
  const [questions, cockpit, integrity] = await Promise.all([
    listQuestionsForOfficer({ actor, callId: call.id }),
    getCallCockpit({ actor, callId: call.id }),
    callIntegrityFlags(call.id, now),
  ]);
  if (!cockpit) throw new Response("Not found", { status: 404 });
  const phase = callPhase(call, now);
  const next = officerNextStep({
    phase,
    problems: call.problems.length,
    unanswered: cockpit.unanswered,
    toScreen: cockpit.proposals.toScreen,
    eligible: cockpit.proposals.eligible,
    members: cockpit.members,
    scoring: cockpit.scoring,
  });
  // The publication is confirmed on a second step that says what it does (a GET, so it works without JavaScript).
  const confirmingPublish =
    new URL(request.url).searchParams.get("confirm") === "publish" && call.status === "DRAFT" && call.problems.length === 0;
  return {
    call,
    questions,
    cockpit,
    next,
    confirmingPublish,
    integrity,
    now,
    phase,
    title: `${call.reference} — ${pickText(call, "title", actor.locale).text}`,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "manage:call:any");
  const callId = params.callId ?? "";
  const form = await readForm(request);
  const intent = intentOf(form, INTENT);
  if (!intent) return unknownIntent();
  const back = (done: string) => redirect(donePath(`/officer/calls/${callId}`, done));
  try {
    switch (intent) {
      case INTENT.allocate: {
        const { data: input, failure } = validateForm(form, EnvelopeSchema, ["envelope"], intent);
        if (failure) return failure;
        await allocateEnvelope({ actor, callId, envelope: input.envelope });
        return back("allocated");
      }
      case INTENT.publish:
        await publishCall({ actor, callId, confirmed: form.get("confirm") === "publish" });
        return back("published");
      case INTENT.startReview:
        await changeCallStatus({ actor, callId, to: "IN_REVIEW" });
        return back("reviewStarted");
      case INTENT.cancel: {
        const { data: input, failure } = validateForm(form, CancelSchema, ["reason"], intent);
        if (failure) return failure;
        await cancelCall({ actor, callId, reason: input.reason });
        return back("cancelled");
      }
      case INTENT.answer: {
        const { data: input, failure } = validateForm(form, AnswerSchema, ANSWER_FIELDS, intent);
        if (failure) return failure;
        await answerQuestion({ actor, callId, ...input });
        return redirect(`${donePath(`/officer/calls/${callId}`, "answered")}#questions`);
      }
      default:
        return unknownIntent();
    }
  } catch (error) {
    return callRefusal(error, { intent, values: formToObject(form) });
  }
}

export default function ManageCall() {
  const { call, questions, phase, cockpit, next, confirmingPublish, integrity } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const locale = useLocale();
  const { t } = useTranslation("calls");
  const [search] = useSearchParams();
  const until = search.get("until");
  const free = call.appropriation.amount - call.appropriation.allocated;
  const usedPercent = call.appropriation.amount > 0n ? Number((call.appropriation.allocated * 1000n) / call.appropriation.amount) / 10 : 0;
  const canCancel = allowedTransitions(call.status).includes("CANCELLED");
  const formFailure = (intent: string) => (failure?.intent === intent ? failure : undefined);
  // The page's own buttons (publish, start review) and a form that sent no known intent answer at the top.
  const pageFailure =
    failure && (failure.intent === INTENT.publish || failure.intent === INTENT.startReview || !failure.intent) ? failure : undefined;

  return (
    <section aria-labelledby="manage-title">
      <p>
        <Link to="/officer/calls">← {t("officer.backToList")}</Link>
      </p>
      <p className="call-reference">
        {t("page.reference", { reference: call.reference })} <Badge tone={PHASE_TONE[phase]}>{t(`phase.${phase}`)}</Badge>
      </p>
      <h1 id="manage-title">{pickText(call, "title", locale).text}</h1>
      <CallCockpitPanel call={call} phase={phase} cockpit={cockpit} next={next} locale={locale} />

      <DoneNotice ns="calls" params={until ? { date: formatDateTime(until, locale) } : undefined} />
      <FormAlert failure={pageFailure} />
      <ProblemList problems={pageFailure?.details?.problems} />

      <div className="panel-grid">
        {call.status === "DRAFT" ? (
          <div className="panel" aria-labelledby="readiness-title">
            <h2 id="readiness-title">{t("officer.readiness")}</h2>
            {call.problems.length ? (
              <>
                <p>{t("officer.notReady")}</p>
                <ul className="checklist">
                  {call.problems.map((problem, index) => (
                    <li key={index}>{problemText(t, problem)}</li>
                  ))}
                </ul>
              </>
            ) : (
              <p>{t("officer.ready")}</p>
            )}
            {confirmingPublish ? (
              <PublishConfirmation call={call} locale={locale} />
            ) : (
              // A GET to the confirmation step; disabled while the checklist has blockers (the server refuses them too).
              <Form method="get" action={`/officer/calls/${call.id}#publish-confirm`}>
                <button
                  type="submit"
                  name="confirm"
                  value="publish"
                  className="button"
                  disabled={call.problems.length > 0}
                  aria-describedby={call.problems.length ? "publish-blocked" : undefined}
                >
                  {t("officer.publish")}
                </button>
                {call.problems.length ? (
                  <p className="meta" id="publish-blocked">
                    {t("publish.blocked")}
                  </p>
                ) : null}
              </Form>
            )}
          </div>
        ) : null}

        <div className="panel" aria-labelledby="budget-title">
          <h2 id="budget-title">{t("officer.budget")}</h2>
          <p className="meta">
            {t("officer.appropriation", {
              year: call.appropriation.fiscalYear,
              programme: `${call.appropriation.programme.code} ${localized(call.appropriation.programme, "name", locale)}`,
            })}
          </p>
          <dl className="money-row">
            <div>
              <dt>{t("officer.envelope")}</dt>
              <dd>{formatMoney(call.envelope, locale)}</dd>
            </div>
            <div>
              <dt>{t("officer.free")}</dt>
              <dd>{formatMoney(free, locale)}</dd>
            </div>
          </dl>
          <div className="meter" aria-hidden="true">
            <span style={{ width: `${Math.min(100, usedPercent)}%` }} />
          </div>
          {call.status === "DRAFT" ? (
            <EnvelopeForm envelope={call.envelope} failure={formFailure(INTENT.allocate)} />
          ) : (
            <p className="meta">{t("officer.envelopeLocked")}</p>
          )}
          {call.ledger.length ? (
            <details>
              <summary>{t("officer.ledger")}</summary>
              <ul>
                {call.ledger.map((entry) => (
                  <li key={entry.id}>
                    {formatDateTime(entry.createdAt, locale)} · {t(`budgets:kind.${entry.kind}`)} · {formatMoney(entry.amount, locale)}
                  </li>
                ))}
              </ul>
            </details>
          ) : null}
        </div>
      </div>

      <div className="panel" id="questions" aria-labelledby="questions-title">
        <h2 id="questions-title">{t("officer.questions")}</h2>
        {questions.length === 0 ? <p className="meta">{t("officer.noQuestions")}</p> : null}
        {questions.map((question) =>
          question.answeredAt ? (
            <div key={question.id} className="question-card">
              <p className="qa-question" lang={question.language}>
                {question.question}
              </p>
              <p className="prose">{localized(question, "answer", locale)}</p>
              <p className="meta">{t("officer.answered", { date: formatDateTime(question.answeredAt, locale) })}</p>
            </div>
          ) : (
            <AnswerForm
              key={question.id}
              question={question}
              locale={locale}
              failure={failure?.intent === INTENT.answer && failure.values?.questionId === question.id ? failure : undefined}
            />
          ),
        )}
        {call._count.subscriptions ? <p className="meta">{t("officer.followers", { count: call._count.subscriptions })}</p> : null}
      </div>

      {phase === "closed" || canCancel ? (
        <div className="panel" aria-labelledby="lifecycle-title">
          <h2 id="lifecycle-title">{t("officer.lifecycle")}</h2>
          {phase === "closed" ? (
            <Form method="post">
              <p>{t("officer.startReviewHint")}</p>
              <button type="submit" name="intent" value={INTENT.startReview} className="button">
                {t("officer.startReview")}
              </button>
            </Form>
          ) : null}
          {canCancel ? <CancelForm failure={formFailure(INTENT.cancel)} /> : null}
        </div>
      ) : null}

      {call.amendments.length ? (
        <div className="panel" aria-labelledby="amendments-title">
          <h2 id="amendments-title">{t("officer.amendments")}</h2>
          <ol className="amendments">
            {call.amendments.map((amendment) => (
              <li key={amendment.id}>
                <p className="meta">{t("page.amendedOn", { date: formatDateTime(amendment.createdAt, locale) })}</p>
                <p className="prose">{amendment.reason}</p>
                <p className="meta">
                  {t("officer.changedFields", {
                    fields: Object.keys(amendment.changes && typeof amendment.changes === "object" ? amendment.changes : {})
                      .map((key) => changedFieldLabel(t, key))
                      .join(", "),
                  })}
                </p>
              </li>
            ))}
          </ol>
        </div>
      ) : null}
      <IntegrityFlags flags={integrity} />
    </section>
  );
}

function EnvelopeForm({ envelope, failure }: { envelope: bigint; failure?: Failure }) {
  const { t } = useTranslation("calls");
  const navigation = useNavigation();
  const { register, errorFor, onSubmit } = useValidatedForm(EnvelopeSchema, { serverErrors: failure?.errors });
  return (
    <Form method="post" onSubmit={onSubmit} noValidate>
      <input type="hidden" name="intent" value={INTENT.allocate} />
      <FormAlert failure={failure} />
      <Field
        label={t("officer.setEnvelope")}
        hint={t("officer.envelopeHint")}
        inputMode="decimal"
        defaultValue={String(failure?.values?.envelope ?? (envelope > 0n ? tyiynToSomInput(envelope) : ""))}
        error={errorFor("envelope")}
        {...register("envelope")}
      />
      <button type="submit" className="button" disabled={navigation.state === "submitting"}>
        {t("officer.allocate")}
      </button>
    </Form>
  );
}

type OfficerQuestion = Awaited<ReturnType<typeof listQuestionsForOfficer>>[number];

function AnswerForm({ question, locale, failure }: { question: OfficerQuestion; locale: AppLocale; failure?: Failure }) {
  const { t } = useTranslation("calls");
  const navigation = useNavigation();
  const { register, errorFor, onSubmit } = useValidatedForm(AnswerSchema, { serverErrors: failure?.errors });
  const value = (name: string, fallback = "") => String(failure?.values?.[name] ?? fallback);
  const id = (name: string) => `q-${question.id}-${name}`;
  return (
    <Form method="post" onSubmit={onSubmit} noValidate className="question-card" aria-label={t("clarifications.question")}>
      <input type="hidden" name="intent" value={INTENT.answer} />
      <input type="hidden" {...register("questionId")} value={question.id} />
      <p className="meta">
        {t("officer.askedBy", {
          name: question.askedBy.fullName,
          organization: question.organization ? localized(question.organization, "name", locale) : "—",
          date: formatDateTime(question.createdAt, locale),
          language: t(`language.${question.language}`),
        })}
      </p>
      <FormAlert failure={failure} />
      <TextAreaField
        id={id("question")}
        label={t("officer.questionPublic")}
        rows={3}
        defaultValue={value("question", question.question)}
        error={errorFor("question")}
        {...register("question")}
      />
      {LOCALES.map((language) => {
        const name = `answer${language === "ky" ? "Ky" : language === "ru" ? "Ru" : "En"}` as const;
        const label = `${t("officer.answerIn", { language: t(`language.${language}`) })}${language === "en" ? ` (${t("officer.optional")})` : ""}`;
        return (
          <TextAreaField
            key={language}
            id={id(name)}
            lang={language}
            label={label}
            rows={3}
            defaultValue={value(name)}
            error={errorFor(name)}
            {...register(name)}
          />
        );
      })}
      <button type="submit" className="button" disabled={navigation.state === "submitting"}>
        {t("officer.publishAnswer")}
      </button>
    </Form>
  );
}

function CancelForm({ failure }: { failure?: Failure }) {
  const { t } = useTranslation("calls");
  const { register, errorFor, onSubmit } = useValidatedForm(CancelSchema, { serverErrors: failure?.errors });
  return (
    <Form method="post" onSubmit={onSubmit} noValidate>
      <input type="hidden" name="intent" value={INTENT.cancel} />
      <FormAlert failure={failure} />
      <TextAreaField
        label={t("officer.cancelReason")}
        hint={t("officer.cancelHint")}
        rows={2}
        defaultValue={String(failure?.values?.reason ?? "")}
        error={errorFor("reason")}
        {...register("reason")}
      />
      <button type="submit" className="button danger">
        {t("officer.cancel")}
      </button>
    </Form>
  );
}
