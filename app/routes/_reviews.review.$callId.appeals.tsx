import { redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { TextAreaField } from "~/components/ui/field";
import { useValidatedForm } from "~/components/forms/use-validated-form";
import { AppealStatus, ProposalStatus } from "~/components/reviews/review-ui";
import { Badge, DoneNotice, donePath, FormAlert } from "~/components/ui/alerts";
import { useLocale } from "~/components/ui/use-locale";
import { decideAppeal } from "~/domains/reviews/appeals.server";
import { orRespond } from "~/utils/loader-refusal.server";
import { AppealDecisionSchema } from "~/domains/reviews/review-schemas";
import { listAppeals } from "~/domains/reviews/screening.server";
import styles from "~/styles/reviews.css";
import { fieldErrorsOf, formToObject, invalidForm, refusedForm } from "~/utils/forms.server";
import { formatDateTime, localized } from "~/utils/i18n";
import { requirePermission } from "~/utils/session.server";
import { pageTitle } from "~/utils/page-title";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(matches, "titles.appeals", data?.call.reference);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "chair:commission:assigned");
  return orRespond(() => listAppeals({ actor, callId: params.callId ?? "" }));
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "chair:commission:assigned");
  const callId = params.callId ?? "";
  const raw = formToObject(await request.formData());
  const parsed = AppealDecisionSchema.safeParse(raw);
  if (!parsed.success) return invalidForm(fieldErrorsOf(parsed.error), { intent: raw.appealId, values: raw });
  try {
    await decideAppeal({
      actor,
      callId,
      appealId: parsed.data.appealId,
      upheld: parsed.data.outcome === "UPHELD",
      decision: parsed.data.decision,
    });
  } catch (error) {
    return refusedForm(error, { intent: parsed.data.appealId, values: raw });
  }
  return redirect(donePath(`/review/${callId}/appeals`, "appealDecided"));
}

export default function Appeals() {
  const { call, appeals } = useLoaderData<typeof loader>();
  const { t } = useTranslation("reviews");
  const locale = useLocale();
  return (
    <section aria-labelledby="appeals-title">
      <header className="page-head">
        <p className="meta">
          <Link to={`/review/${call.id}`}>← {call.reference}</Link>
        </p>
        <h1 id="appeals-title">{t("appeals.title")}</h1>
        <p className="meta">{localized(call, "title", locale)}</p>
      </header>
      <DoneNotice ns="reviews" />
      {appeals.length === 0 ? <p className="empty-state">{t("appeals.none")}</p> : null}
      <ul className="item-list">
        {appeals.map((appeal) => (
          <li key={appeal.id} className="item">
            <div className="item-head">
              <h2>
                {appeal.proposal.reference} · {appeal.proposal.title}
              </h2>
              <AppealStatus status={appeal.status} />
            </div>
            <p className="meta">
              <Badge tone="neutral">{t(`appealKind.${appeal.kind}`)}</Badge> {localized(appeal.proposal.organization, "name", locale)} ·{" "}
              {t("appeals.filedAt", { date: formatDateTime(appeal.filedAt, locale) })} · <ProposalStatus status={appeal.proposal.status} />
            </p>
            {appeal.kind === "ELIGIBILITY" && appeal.proposal.eligibility?.reason ? (
              <p className="meta">
                {t("appeals.officerReason")}: <span className="quote">{appeal.proposal.eligibility.reason}</span>
              </p>
            ) : null}
            <h3>{t("appeals.grounds")}</h3>
            <p className="prose quote">{appeal.grounds}</p>
            {appeal.status === "OPEN" ? (
              <DecideForm appealId={appeal.id} kind={appeal.kind} language={appeal.proposal.organization.preferredLocale} />
            ) : (
              <>
                <h3>{t("appeals.decision")}</h3>
                <p className="prose">{appeal.decision}</p>
                {appeal.decidedAt ? <p className="meta">{formatDateTime(appeal.decidedAt, locale)}</p> : null}
              </>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

function DecideForm({ appealId, kind, language }: { appealId: string; kind: string; language: string }) {
  const result = useActionData<typeof action>();
  const mine = result?.intent === appealId ? result : undefined;
  const { t } = useTranslation("reviews");
  const navigation = useNavigation();
  const { register, errorFor, onSubmit } = useValidatedForm(AppealDecisionSchema, { serverErrors: mine?.errors });
  return (
    <Form method="post" onSubmit={onSubmit} noValidate aria-label={t("appeals.decide")}>
      <FormAlert failure={mine} />
      <input type="hidden" value={appealId} {...register("appealId")} />
      <fieldset className="choice-row">
        <legend>{t("appeals.outcome")}</legend>
        <label className="choice">
          <input type="radio" value="UPHELD" {...register("outcome")} />{" "}
          {t(kind === "DECISION" ? "appeals.upholdDecision" : "appeals.uphold")}
        </label>
        <label className="choice">
          <input type="radio" value="DISMISSED" {...register("outcome")} /> {t("appeals.dismiss")}
        </label>
      </fieldset>
      {errorFor("outcome") ? (
        <p className="field-error" role="alert">
          {t(errorFor("outcome")!)}
        </p>
      ) : null}
      <TextAreaField
        id={`decision-${appealId}`}
        label={t("appeals.reason")}
        hint={t("appeals.reasonHint")}
        lang={language}
        rows={3}
        defaultValue={mine?.values?.decision}
        error={errorFor("decision")}
        {...register("decision")}
      />
      <button type="submit" className="button" disabled={navigation.state === "submitting"}>
        {t("appeals.submit")}
      </button>
    </Form>
  );
}
