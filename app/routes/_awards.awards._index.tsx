import { redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { TextAreaField } from "~/components/ui/field";
import { useValidatedForm } from "~/components/forms/use-validated-form";
import { AppealStatus, AwardStatus, ProposalStatus } from "~/components/reviews/review-ui";
import { Badge, DoneNotice, donePath, FormAlert } from "~/components/ui/alerts";
import { useLocale } from "~/components/ui/use-locale";
import { AppealSchema } from "~/domains/reviews/review-schemas";
import { fileAppeal, listOwnReviewResults } from "~/domains/reviews/screening.server";
import styles from "~/styles/reviews.css";
import { fieldErrorsOf, formToObject, invalidForm, refusedForm } from "~/utils/forms.server";
import { formatDateTime, formatMoney, localized } from "~/utils/i18n";
import { can } from "~/utils/permissions";
import { requireActor, requirePermission } from "~/utils/session.server";
import { pageTitle } from "~/utils/page-title";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "titles.awards");

const AppealFormSchema = AppealSchema.extend({ kind: z.enum(["ELIGIBILITY", "DECISION"]) });

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  // Staff manage awards from the review pages; this page is the organization's.
  if (!can(actor, "read:award:own")) throw redirect("/review");
  return { proposals: await listOwnReviewResults({ actor }) };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "file:appeal:own");
  const raw = formToObject(await request.formData());
  const parsed = AppealFormSchema.safeParse(raw);
  const target = `${raw.kind}-${raw.proposalId}`;
  if (!parsed.success) return invalidForm(fieldErrorsOf(parsed.error), { intent: target, values: raw });
  try {
    await fileAppeal({ actor, ...parsed.data });
  } catch (error) {
    return refusedForm(error, { intent: target, values: raw });
  }
  return redirect(donePath("/awards", "appealFiled"));
}

export default function OwnResults() {
  const { proposals } = useLoaderData<typeof loader>();
  const { t } = useTranslation("awards");
  const locale = useLocale();
  return (
    <section aria-labelledby="results-title">
      <h1 id="results-title">{t("own.title")}</h1>
      <DoneNotice ns="awards" />
      <p>{t("own.lead")}</p>
      {proposals.length === 0 ? <p className="empty-state">{t("own.none")}</p> : null}
      <ul className="item-list">
        {proposals.map((p) => (
          <li key={p.id} className="item">
            <div className="item-head">
              <h2>{p.title || p.reference}</h2>
              <ProposalStatus status={p.status} />
            </div>
            <p className="meta">
              {p.reference} · {localized(p.organization, "name", locale)} · {localized(p.call, "title", locale)} ({p.call.reference})
            </p>
            {p.eligibility && !p.eligibility.eligible ? (
              <>
                <h3>{t("own.ineligibleReason")}</h3>
                <p className="prose quote">{p.eligibility.reason}</p>
                {p.eligibilityAppealUntil ? (
                  <p className="meta">{t("own.appealUntil", { date: formatDateTime(p.eligibilityAppealUntil, locale) })}</p>
                ) : null}
              </>
            ) : null}
            {p.award ? (
              <p>
                <AwardStatus status={p.award.status} />{" "}
                {t("own.award", { reference: p.award.reference, amount: formatMoney(p.award.amount, locale) })}{" "}
                <Link to={`/awards/${p.award.id}`}>{t(p.award.status === "REDUCED_OFFERED" ? "own.answerOffer" : "own.openAward")}</Link>
              </p>
            ) : null}
            {p.call.status === "DECIDED" && p.call.standstillEndsAt ? (
              <p className="meta">
                {p.standstillOpen ? t("own.standstill", { date: formatDateTime(p.call.standstillEndsAt, locale) }) : t("own.final")}{" "}
                <Link to={`/results/${p.call.id}`}>{t("own.results")}</Link>
              </p>
            ) : null}
            {p.appeals.map((a) => (
              <div key={a.id} className="quote">
                <p className="meta">
                  <Badge tone="neutral">{t(`appealKind.${a.kind}`)}</Badge> <AppealStatus status={a.status} />{" "}
                  {formatDateTime(a.filedAt, locale)}
                </p>
                <p className="prose">{a.grounds}</p>
                {a.decision ? (
                  <p className="prose">
                    <strong>{t("own.chairDecision")}:</strong> {a.decision}
                  </p>
                ) : null}
              </div>
            ))}
            {p.canAppealEligibility ? <AppealForm proposalId={p.id} kind="ELIGIBILITY" /> : null}
            {p.canAppealDecision ? <AppealForm proposalId={p.id} kind="DECISION" /> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

function AppealForm({ proposalId, kind }: { proposalId: string; kind: "ELIGIBILITY" | "DECISION" }) {
  const result = useActionData<typeof action>();
  const mine = result?.intent === `${kind}-${proposalId}` ? result : undefined;
  const { t } = useTranslation("awards");
  const navigation = useNavigation();
  const { register, errorFor, onSubmit } = useValidatedForm(AppealSchema, { serverErrors: mine?.errors });
  return (
    <details open={Boolean(mine)}>
      <summary>{t(`own.appeal.${kind}`)}</summary>
      <Form method="post" onSubmit={onSubmit} noValidate>
        <FormAlert failure={mine} />
        <input type="hidden" name="kind" value={kind} />
        <input type="hidden" value={proposalId} {...register("proposalId")} />
        <TextAreaField
          id={`grounds-${kind}-${proposalId}`}
          label={t("own.grounds")}
          hint={t("own.groundsHint")}
          rows={4}
          defaultValue={mine?.values?.grounds}
          error={errorFor("grounds")}
          {...register("grounds")}
        />
        <button type="submit" className="button" disabled={navigation.state === "submitting"}>
          {t("own.fileAppeal")}
        </button>
      </Form>
    </details>
  );
}
