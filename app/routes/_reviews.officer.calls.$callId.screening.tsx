import { redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { TextAreaField } from "~/components/ui/field";
import { useValidatedForm } from "~/components/forms/use-validated-form";
import { OfficerCallNav } from "~/components/reviews/officer-call-nav";
import { AppealStatus, ProposalStatus } from "~/components/reviews/review-ui";
import { Badge, DoneNotice, donePath, FormAlert } from "~/components/ui/alerts";
import { useLocale } from "~/components/ui/use-locale";
import { orRespond } from "~/utils/loader-refusal.server";
import { EligibilitySchema } from "~/domains/reviews/review-schemas";
import { decideEligibility, listForScreening } from "~/domains/reviews/screening.server";
import styles from "~/styles/reviews.css";
import { formatDateTime, formatMoney, LOCALE_NAMES, localized, type AppLocale } from "~/utils/i18n";
import { fieldErrorsOf, formToObject, invalidForm, refusedForm } from "~/utils/forms.server";
import { requirePermission } from "~/utils/session.server";
import { pageTitle } from "~/utils/page-title";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(matches, "titles.screening", data?.call.reference);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "screen:proposal:any");
  return orRespond(() => listForScreening({ actor, callId: params.callId ?? "" }));
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "screen:proposal:any");
  const raw = formToObject(await request.formData());
  const parsed = EligibilitySchema.safeParse(raw);
  if (!parsed.success) return invalidForm(fieldErrorsOf(parsed.error), { intent: raw.proposalId, values: { reason: raw.reason ?? "" } });
  try {
    await decideEligibility({ actor, ...parsed.data });
  } catch (error) {
    return refusedForm(error, { intent: parsed.data.proposalId });
  }
  return redirect(`${donePath(`/officer/calls/${params.callId}/screening`, "screened")}#p-${parsed.data.proposalId}`);
}

export default function Screening() {
  const { call, open, proposals } = useLoaderData<typeof loader>();
  const { t } = useTranslation("reviews");
  const locale = useLocale();
  const pending = proposals.filter((p) => p.status === "SUBMITTED").length;
  return (
    <section aria-labelledby="screening-title">
      <header className="page-head">
        <p className="meta">{call.reference}</p>
        <h1 id="screening-title">{t("screening.title")}</h1>
        <p className="meta">{localized(call, "title", locale)}</p>
        <OfficerCallNav callId={call.id} current="screening" />
      </header>
      <DoneNotice ns="reviews" />
      {!open ? <p className="empty-state">{t("screening.notYet")}</p> : null}
      <p>{t("screening.lead", { pending, total: proposals.length })}</p>
      {proposals.length === 0 ? <p className="empty-state">{t("screening.none")}</p> : null}
      <ul className="item-list">
        {proposals.map((p) => (
          <li key={p.id} id={`p-${p.id}`} className="item">
            <div className="item-head">
              <h2>{p.title || p.reference}</h2>
              <ProposalStatus status={p.status} />
            </div>
            <p className="meta">
              {p.reference} · <Link to={`/organizations/${p.organization.id}`}>{localized(p.organization, "name", locale)}</Link> ·{" "}
              {formatMoney(p.requestedTotal, locale)}
              {p.submittedAt ? ` · ${t("screening.submittedAt", { date: formatDateTime(p.submittedAt, locale) })}` : ""}
              {p.intake === "PAPER" ? ` · ${t("screening.paper")}` : ""}
            </p>
            <ul className="checks" aria-label={t("screening.checks")}>
              {p.checks.map((check) => (
                <li key={check.key}>
                  <Badge tone={check.ok ? "ok" : "bad"}>
                    {check.ok ? "✓" : "✗"} {t(`screening.check.${check.key}`)}
                    {!check.ok && check.detail ? `: ${check.detail}` : ""}
                  </Badge>
                </li>
              ))}
            </ul>
            {p.status === "SUBMITTED" && open ? (
              <DecisionForm proposalId={p.id} language={p.organization.preferredLocale} />
            ) : p.eligibility ? (
              <>
                <p className="meta">{t("screening.decidedAt", { date: formatDateTime(p.eligibility.decidedAt, locale) })}</p>
                {p.eligibility.reason ? <p className="prose quote">{p.eligibility.reason}</p> : null}
                {p.appealUntil && p.appeals.length === 0 ? (
                  <p className="meta">{t("screening.appealUntil", { date: formatDateTime(p.appealUntil, locale) })}</p>
                ) : null}
                {p.appeals.map((a) => (
                  <p key={a.id} className="meta">
                    {t("screening.appeal")} <AppealStatus status={a.status} /> {a.decision ? `— ${a.decision}` : ""}
                  </p>
                ))}
              </>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

function DecisionForm({ proposalId, language }: { proposalId: string; language: AppLocale }) {
  const { t } = useTranslation("reviews");
  const result = useActionData<typeof action>();
  const mine = result?.intent === proposalId ? result : undefined;
  const navigation = useNavigation();
  const [eligible, setEligible] = useState<string | null>(null);
  const { register, errorFor, onSubmit } = useValidatedForm(EligibilitySchema, { serverErrors: mine?.errors });
  const busy = navigation.state === "submitting" && navigation.formData?.get("proposalId") === proposalId;
  return (
    <Form method="post" onSubmit={onSubmit} noValidate aria-label={t("screening.decide")}>
      <FormAlert failure={mine} />
      <input type="hidden" value={proposalId} {...register("proposalId")} />
      <fieldset className="choice-row">
        <legend>{t("screening.decision")}</legend>
        <label className="choice">
          <input type="radio" value="true" {...register("eligible", { onChange: (e) => setEligible(e.target.value) })} />{" "}
          {t("screening.eligible")}
        </label>
        <label className="choice">
          <input type="radio" value="false" {...register("eligible", { onChange: (e) => setEligible(e.target.value) })} />{" "}
          {t("screening.ineligible")}
        </label>
      </fieldset>
      {errorFor("eligible") ? (
        <p className="field-error" role="alert">
          {t(errorFor("eligible")!)}
        </p>
      ) : null}
      <TextAreaField
        label={t("screening.reason")}
        hint={t("screening.reasonHint", { language: LOCALE_NAMES[language] })}
        rows={eligible === "true" ? 2 : 3}
        lang={language}
        defaultValue={mine?.values?.reason}
        error={errorFor("reason")}
        {...register("reason")}
        id={`reason-${proposalId}`}
      />
      <button type="submit" className="button" disabled={busy}>
        {t("screening.record")}
      </button>
    </Form>
  );
}
