import { redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useValidatedForm } from "~/components/forms/use-validated-form";
import { AwardStatus } from "~/components/reviews/review-ui";
import { DoneNotice, donePath, FormAlert } from "~/components/ui/alerts";
import { useLocale } from "~/components/ui/use-locale";
import { Field } from "~/components/ui/field";
import { IssueLetterSchema, OfferResponseSchema } from "~/domains/awards/award-schemas";
import { getOwnAward, respondToOffer } from "~/domains/awards/decision.server";
import { issueLetter } from "~/domains/awards/letters.server";
import { tyiynToSomInput } from "~/domains/budgets/money";
import { orRespond } from "~/utils/loader-refusal.server";
import { hundredthsToFixed } from "~/domains/reviews/review-rules";
import styles from "~/styles/reviews.css";
import { fieldErrorsOf, formToObject, intentOf, invalidForm, refusedForm, unknownIntent } from "~/utils/forms.server";
import { formatDateTime, formatMoney, LOCALE_NAMES, localized } from "~/utils/i18n";
import { can } from "~/utils/permissions";
import { requireActor } from "~/utils/session.server";
import { pageTitle } from "~/utils/page-title";

/** The intents this route's action dispatches on; its forms send the same constants. */
export const INTENT = { respond: "respond", issue: "issue" } as const;

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(matches, "titles.award", data?.award.reference);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const found = await orRespond(() => getOwnAward({ actor, awardId: params.awardId ?? "" }));
  return { ...found, canIssue: can(actor, "issue:letter:any") && found.award.status === "FINAL" };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const awardId = params.awardId ?? "";
  const raw = formToObject(await request.formData());
  const intent = intentOf(raw, INTENT);
  if (!intent) return unknownIntent();
  try {
    if (intent === INTENT.respond) {
      const parsed = OfferResponseSchema.safeParse(raw);
      if (!parsed.success) return invalidForm(fieldErrorsOf(parsed.error), { intent: INTENT.respond, values: raw });
      await respondToOffer({ actor, awardId, ...parsed.data });
      return redirect(donePath(`/awards/${awardId}`, parsed.data.accept ? "offerAccepted" : "offerDeclined"));
    }
    if (intent === INTENT.issue) {
      const parsed = IssueLetterSchema.safeParse({ ...raw, awardId });
      if (!parsed.success) return invalidForm(fieldErrorsOf(parsed.error), { intent: INTENT.issue, values: raw });
      await issueLetter({ actor, awardId, courtesyEnglish: parsed.data.courtesyEnglish });
      return redirect(donePath(`/awards/${awardId}`, "letterIssued"));
    }
  } catch (error) {
    return refusedForm(error, { intent, values: raw });
  }
  return unknownIntent();
}

export default function AwardPage() {
  const { award, canRespond, canIssue } = useLoaderData<typeof loader>();
  const { t } = useTranslation("awards");
  const locale = useLocale();
  return (
    <section aria-labelledby="award-title">
      <header className="page-head">
        <p className="meta">
          {award.call.reference} · {localized(award.call, "title", locale)}
        </p>
        <h1 id="award-title">
          {t("award.title", { reference: award.reference })} <AwardStatus status={award.status} />
        </h1>
        <p className="meta">
          {award.proposal.title} · {localized(award.organization, "name", locale)}
        </p>
      </header>
      <DoneNotice ns="awards" />
      <dl className="facts">
        <div>
          <dt>{t("award.rank")}</dt>
          <dd>{t("award.rankValue", { rank: award.rank, score: hundredthsToFixed(award.finalScore) })}</dd>
        </div>
        <div>
          <dt>{t("award.requested")}</dt>
          <dd>{formatMoney(award.requestedAmount, locale)}</dd>
        </div>
        <div>
          <dt>{t(award.status === "REDUCED_OFFERED" ? "award.offered" : "award.amount")}</dt>
          <dd>
            <strong>{formatMoney(award.amount, locale)}</strong>
          </dd>
        </div>
        {award.call.standstillEndsAt ? (
          <div>
            <dt>{t("award.standstill")}</dt>
            <dd>{formatDateTime(award.call.standstillEndsAt, locale)}</dd>
          </div>
        ) : null}
        {award.finalizedAt ? (
          <div>
            <dt>{t("award.finalized")}</dt>
            <dd>{formatDateTime(award.finalizedAt, locale)}</dd>
          </div>
        ) : null}
      </dl>
      {canRespond ? <RespondForm offered={award.amount} minGrant={award.call.minGrant} /> : null}
      <section className="panel" aria-labelledby="letter-title">
        <h2 id="letter-title">{t("award.letter")}</h2>
        {award.letters.length ? (
          <>
            <ul className="plain-list">
              {award.letters.map((letter) => (
                <li key={letter.id}>
                  <p>
                    <a className="button" href={`/awards/${award.id}/letter.pdf?language=${letter.language}`}>
                      {t("award.download", { language: LOCALE_NAMES[letter.language] })}
                    </a>{" "}
                    <span className="meta">{t(`award.textRole.${letter.textRole}`)}</span>
                  </p>
                  <p>
                    {t("award.code")}:{" "}
                    <Link to={`/verify/${letter.verificationCode}`} className="code-box">
                      {letter.verificationCode}
                    </Link>
                  </p>
                  <p className="meta">
                    {t("award.fileHash")}: <span className="hash">{letter.sha256}</span>
                  </p>
                </li>
              ))}
            </ul>
            <p className="meta">{t("award.issuedAt", { date: formatDateTime(award.letters[0]!.issuedAt, locale) })}</p>
          </>
        ) : (
          <p>{t(award.status === "FINAL" ? "award.noLetterYet" : "award.letterAfterFinal")}</p>
        )}
        {canIssue ? <IssueForm preferred={award.organization.preferredLocale} reissue={award.letters.length > 0} /> : null}
      </section>
      <p>
        <Link to={`/results/${award.call.id}`}>{t("award.publicResults")}</Link>
      </p>
    </section>
  );
}

function RespondForm({ offered, minGrant }: { offered: bigint; minGrant: bigint }) {
  const result = useActionData<typeof action>();
  const mine = result?.intent === INTENT.respond ? result : undefined;
  const { t } = useTranslation("awards");
  const locale = useLocale();
  const navigation = useNavigation();
  const { register, errorFor, onSubmit } = useValidatedForm(OfferResponseSchema, { serverErrors: mine?.errors });
  return (
    <section className="panel" aria-labelledby="offer-title">
      <h2 id="offer-title">{t("offer.title")}</h2>
      <p>{t("offer.lead", { amount: formatMoney(offered, locale), min: formatMoney(minGrant, locale) })}</p>
      <Form method="post" onSubmit={onSubmit} noValidate className="narrow">
        <FormAlert failure={mine} />
        <input type="hidden" name="intent" value={INTENT.respond} />
        <fieldset className="choice-row">
          <legend>{t("offer.answer")}</legend>
          <label className="choice">
            <input type="radio" value="accept" defaultChecked={mine?.values?.answer === "accept"} {...register("answer")} />{" "}
            {t("offer.accept")}
          </label>
          <label className="choice">
            <input type="radio" value="decline" defaultChecked={mine?.values?.answer === "decline"} {...register("answer")} />{" "}
            {t("offer.decline")}
          </label>
        </fieldset>
        {errorFor("answer") ? (
          <p className="field-error" role="alert">
            {t(errorFor("answer")!)}
          </p>
        ) : null}
        <Field
          label={t("offer.revisedTotal")}
          hint={t("offer.revisedHint")}
          inputMode="decimal"
          defaultValue={mine?.values?.revisedTotal ?? tyiynToSomInput(offered)}
          error={errorFor("revisedTotal")}
          {...register("revisedTotal")}
        />
        <button type="submit" className="button" disabled={navigation.state === "submitting"}>
          {t("offer.send")}
        </button>
      </Form>
    </section>
  );
}

function IssueForm({ preferred, reissue }: { preferred: string; reissue: boolean }) {
  const result = useActionData<typeof action>();
  const mine = result?.intent === INTENT.issue ? result : undefined;
  const { t } = useTranslation("awards");
  const navigation = useNavigation();
  return (
    <Form method="post" className="narrow">
      <FormAlert failure={mine} />
      <input type="hidden" name="intent" value={INTENT.issue} />
      <p className="meta">{t("award.languagesNote")}</p>
      <label className="choice">
        <input type="checkbox" name="courtesyEnglish" defaultChecked={preferred === "en"} /> {t("award.courtesyEnglish")}
      </label>
      <button type="submit" className="button secondary" disabled={navigation.state === "submitting"}>
        {t(reissue ? "award.reissue" : "award.issue")}
      </button>
    </Form>
  );
}
