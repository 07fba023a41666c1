import { redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { pickText } from "~/components/calls/call-display";
import { DoneNotice, donePath, FormAlert, Notice } from "~/components/ui/alerts";
import { CallDetails } from "~/components/calls/call-details";
import { EligibilityPanels } from "~/components/calls/eligibility-panel";
import { TextAreaField } from "~/components/ui/field";
import { useValidatedForm } from "~/components/forms/use-validated-form";
import { QuestionSchema } from "~/domains/calls/clarification-schema";
import { callPhase, clarificationOpen } from "~/domains/calls/calls-rules";
import { followCall, isFollowing, unfollowCall } from "~/domains/calls/calls.server";
import { askQuestion } from "~/domains/calls/clarifications.server";
import { eligibilityForActor } from "~/domains/calls/eligibility.server";
import { refusingChecks } from "~/domains/calls/eligibility-rules";
import { getPublicCall } from "~/domains/calls/public-calls.server";
import { IntegrityFlags } from "~/components/integrity/integrity-flags";
import { callIntegrityFlags } from "~/domains/integrity/integrity.server";
import callsStyles from "~/styles/calls.css";
import { formatDateTime } from "~/utils/i18n";
import { resolveLocale } from "~/utils/i18n.server";
import { can } from "~/utils/permissions";
import { intentOf, readForm, refusedForm, unknownIntent, validateForm, type FormFailure } from "~/utils/forms.server";
import { getActor, requireActor, requirePermission } from "~/utils/session.server";
import { pageTitle } from "~/utils/page-title";
import { useLocale } from "~/components/ui/use-locale";

/** The intents this route's action dispatches on; its forms send the same constants. */
export const INTENT = { follow: "follow", unfollow: "unfollow", ask: "ask" } as const;

export const links: LinksFunction = () => [{ rel: "stylesheet", href: callsStyles }];

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(matches, "titles.call", data?.title);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await getActor(request);
  const now = new Date();
  const call = await getPublicCall({ callId: params.callId ?? "", actor, now });
  if (!call) throw new Response("Not found", { status: 404 });
  const locale = await resolveLocale(request, actor?.locale);
  const phase = callPhase(call, now);
  const preview = phase === "draft" || phase === "scheduled";
  // Each of the member's organizations checked against the call, while it may still apply (decision 0074).
  const eligibility = preview || phase === "open" ? await eligibilityForActor({ actor, call, now }) : null;
  // A call that refuses ineligible organizations offers no start to a member none of whose organizations may apply.
  const refusedEverywhere =
    call.eligibilityEnforcement === "REFUSE" && eligibility !== null && eligibility.every((e) => refusingChecks(e).length > 0);
  return {
    call,
    now,
    phase,
    // Organizations (and people who may still register one) are invited to apply; staff are not.
    canApply: phase === "open" && !refusedEverywhere && (!actor || can(actor, "edit:proposal:own") || actor.roles.length === 0),
    title: pickText(call, "title", locale).text,
    signedIn: Boolean(actor),
    canAsk: can(actor, "ask:question:any"),
    askOpen: clarificationOpen(call, now),
    following: await isFollowing(actor, call.id),
    integrity: await callIntegrityFlags(call.id, now),
    eligibility,
    askEligibility: !actor && phase === "open",
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const callId = params.callId ?? "";
  const form = await readForm(request);
  const intent = intentOf(form, INTENT);
  if (!intent) return unknownIntent();
  switch (intent) {
    case INTENT.follow:
    case INTENT.unfollow: {
      const actor = await requireActor(request);
      try {
        await (intent === INTENT.follow ? followCall : unfollowCall)({ actor, callId });
      } catch (error) {
        return refusedForm(error, { intent });
      }
      return redirect(`/calls/${callId}#follow`);
    }
    case INTENT.ask: {
      const actor = await requirePermission(request, "ask:question:any");
      const { data: input, failure } = validateForm(form, QuestionSchema, ["question"], intent);
      if (failure) return failure;
      try {
        await askQuestion({ actor, callId, question: input.question, language: await resolveLocale(request, actor.locale) });
      } catch (error) {
        return refusedForm(error, { intent, values: { question: input.question } });
      }
      return redirect(`${donePath(`/calls/${callId}`, "asked")}#ask`);
    }
    default:
      return unknownIntent();
  }
}

export default function CallPage() {
  const { call, now, phase, signedIn, following, canAsk, askOpen, canApply, eligibility, askEligibility, integrity } =
    useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const locale = useLocale();
  const { t } = useTranslation("calls");
  const preview = phase === "draft" || phase === "scheduled";

  const actions = (
    <div className="call-actions" id="follow">
      {canApply ? (
        <p>
          <Link to={`/calls/${call.id}/proposals/new`} className="button">
            {t("proposals:start.title")}
          </Link>
        </p>
      ) : null}
      <FormAlert failure={failure} intent={INTENT.follow} />
      <FormAlert failure={failure} intent={INTENT.unfollow} />
      {preview ? null : signedIn ? (
        <Form method="post">
          <p className="meta">{following ? t("page.following") : t("page.followHint")}</p>
          <button
            type="submit"
            name="intent"
            value={following ? INTENT.unfollow : INTENT.follow}
            className={following ? "button secondary" : "button"}
          >
            {following ? t("page.unfollow") : t("page.follow")}
          </button>
        </Form>
      ) : (
        <p>
          <Link to={`/login?redirectTo=${encodeURIComponent(`/calls/${call.id}`)}`}>{t("page.signInToFollow")}</Link>
        </p>
      )}
      <p>
        <Link to={`/calls/${call.id}/print`} className="button secondary">
          {t("page.print")}
        </Link>
      </p>
    </div>
  );

  const askForm = (
    <div className="ask" id="ask">
      <h3>{t("clarifications.askTitle")}</h3>
      <DoneNotice ns="calls" />
      {!askOpen ? (
        <p className="meta">
          {call.clarificationDeadline && !preview
            ? t("clarifications.closedOn", { date: formatDateTime(call.clarificationDeadline, locale) })
            : null}
        </p>
      ) : !signedIn ? (
        <p>
          <Link to={`/login?redirectTo=${encodeURIComponent(`/calls/${call.id}#ask`)}`}>{t("clarifications.signIn")}</Link>
        </p>
      ) : !canAsk ? (
        <p className="meta">{t("clarifications.ncoOnly")}</p>
      ) : (
        <AskForm failure={failure?.intent === INTENT.ask ? failure : undefined} />
      )}
      {!askOpen ? <FormAlert failure={failure} intent={INTENT.ask} /> : null}
    </div>
  );

  return (
    <>
      {preview ? <Notice tone="warn">{t("page.preview")}</Notice> : null}
      <CallDetails
        call={call}
        phase={phase}
        locale={locale}
        serverNow={now}
        actions={actions}
        askForm={askForm}
        eligibility={
          eligibility ? (
            <EligibilityPanels results={eligibility} enforcement={call.eligibilityEnforcement} locale={locale} />
          ) : askEligibility ? (
            <p>
              <Link to={`/login?redirectTo=${encodeURIComponent(`/calls/${call.id}`)}`}>{t("eligibility.signIn")}</Link>
            </p>
          ) : null
        }
      />
      <IntegrityFlags flags={integrity} />
    </>
  );
}

function AskForm({ failure }: { failure?: FormFailure }) {
  const { t } = useTranslation("calls");
  const navigation = useNavigation();
  const { register, errorFor, onSubmit } = useValidatedForm(QuestionSchema, { serverErrors: failure?.errors });
  return (
    <Form method="post" onSubmit={onSubmit} noValidate>
      <input type="hidden" name="intent" value={INTENT.ask} />
      <p className="hint">{t("clarifications.askHint")}</p>
      <FormAlert failure={failure} />
      <TextAreaField
        label={t("clarifications.askLabel")}
        rows={4}
        maxLength={2000}
        defaultValue={failure?.values?.question ?? ""}
        error={errorFor("question")}
        {...register("question")}
      />
      <button type="submit" className="button" disabled={navigation.state === "submitting"}>
        {t("clarifications.askSubmit")}
      </button>
    </Form>
  );
}
