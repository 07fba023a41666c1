import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { grantsLinks } from "~/components/agreements/agreement-ui";
import { DoneNotice, FormAlert, Notice, donePath, fieldError } from "~/components/ui/alerts";
import { Field, TextAreaField } from "~/components/ui/field";
import { useLocale } from "~/components/ui/use-locale";
import { feedbackUrl } from "~/domains/agreements/feedback-pdf.server";
import { CodesSchema, ReplySchema } from "~/domains/agreements/feedback-schemas";
import { generateCodes, getFeedbackAdmin, issueFeedbackLink, replyToRating } from "~/domains/agreements/feedback.server";
import { intentOf, readForm, refusedForm, unknownIntent, validateForm } from "~/utils/forms.server";
import { formatDateTime } from "~/utils/i18n";
import { orRespond } from "~/utils/loader-refusal.server";
import { pageTitle } from "~/utils/page-title";
import { requireActor } from "~/utils/session.server";
import { ScoreSummary } from "~/components/agreements/feedback-summary";

/** The intents this route's action dispatches on; its forms send the same constants. */
export const INTENT = { link: "link", codes: "codes", reply: "reply" } as const;

export const links = grantsLinks;
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "titles.feedbackAdmin");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return orRespond(async () => {
    const admin = await getFeedbackAdmin({ actor, agreementId: params.agreementId ?? "" });
    return { ...admin, url: admin.slug ? feedbackUrl(admin.slug) : null };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const agreementId = params.agreementId ?? "";
  const path = `/agreements/${agreementId}/feedback`;
  const form = await readForm(request);
  const intent = intentOf(form, INTENT);
  if (!intent) return unknownIntent();
  try {
    switch (intent) {
      case INTENT.link:
        await issueFeedbackLink({ actor, agreementId });
        return redirect(donePath(path, "feedbackLinkIssued"));
      case INTENT.codes: {
        const { data, failure } = validateForm(form, CodesSchema, ["count"], intent);
        if (failure) return failure;
        await generateCodes({ actor, agreementId, count: data.count });
        return redirect(donePath(path, "feedbackCodesGenerated"));
      }
      case INTENT.reply: {
        const { data, failure } = validateForm(form, ReplySchema, ["ratingId", "reply"], intent);
        if (failure) return failure;
        await replyToRating({ actor, agreementId, ratingId: data.ratingId, reply: data.reply });
        return redirect(donePath(path, "feedbackReplied"));
      }
    }
  } catch (error) {
    return refusedForm(error, { intent });
  }
}

export default function FeedbackAdminPage() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const locale = useLocale();
  const { t } = useTranslation("grants");
  const base = `/agreements/${data.agreement.id}/feedback`;
  return (
    <section aria-labelledby="feedback-admin-title">
      <p>
        <Link to={`/agreements/${data.agreement.id}`}>{t("feedback.backToAgreement")}</Link>
      </p>
      <h1 id="feedback-admin-title">
        {t("feedback.manage")} · {data.agreement.number}
      </h1>
      <DoneNotice ns="grants" hidden={Boolean(result)} />
      {data.alarm ? <Notice tone="warn">{t(`feedback.alarm.${data.alarm}`)}</Notice> : null}
      <p className="lead">{t("feedback.manageLead")}</p>
      {data.url ? (
        <ul className="facts-list">
          <li>
            {t("feedback.link")}: <a href={`/f/${data.slug}`}>{data.url}</a>
          </li>
          <li>
            <a className="button secondary small" href={`${base}/card`}>
              {t("feedback.cardPdf")}
            </a>
          </li>
        </ul>
      ) : (
        <Form method="post">
          <FormAlert failure={result} intent={INTENT.link} />
          <button type="submit" name="intent" value={INTENT.link}>
            {t("feedback.issueLink")}
          </button>
        </Form>
      )}
      <h2>{t("feedback.heading")}</h2>
      <ScoreSummary summary={data.summary} />
      <h2>{t("feedback.codesHeading")}</h2>
      <p>{t("feedback.codesLead")}</p>
      {data.batches.length > 0 ? (
        <ul>
          {data.batches.map((b) => (
            <li key={b.batch}>
              {t("feedback.batchRow", { batch: b.batch, count: b.count, used: b.used })} ·{" "}
              <a href={`${base}/codes/${b.batch}`}>{t("feedback.batchPdf")}</a>
            </li>
          ))}
        </ul>
      ) : null}
      <Form method="post" className="inline-form">
        <FormAlert failure={result} intent={INTENT.codes} />
        <input type="hidden" name="intent" value={INTENT.codes} />
        <Field
          label={t("feedback.codeCount")}
          name="count"
          type="number"
          min={1}
          max={200}
          defaultValue={result?.intent === INTENT.codes ? result.values?.count : "30"}
          error={fieldError(result, "count", INTENT.codes)}
        />
        <button type="submit">{t("feedback.generate")}</button>
      </Form>
      <h2>{t("feedback.ratings")}</h2>
      {data.ratings.length === 0 ? <p className="empty-state">{t("feedback.none")}</p> : null}
      <ol className="card-list">
        {data.ratings.map((r) => (
          <li key={r.id} className="card">
            <p>
              <strong>{t("feedback.stars", { score: r.score })}</strong> ·{" "}
              <span className="meta">{formatDateTime(r.createdAt, locale)}</span>
              {r.codeId ? <span className="meta"> · {t("feedback.withCode")}</span> : null}
            </p>
            {r.comment ? (
              <p className="pre-line" lang={r.locale}>
                {r.comment}
              </p>
            ) : null}
            {r.reply ? (
              <p className="meta pre-line">
                {t("feedback.reply")}: {r.reply}
              </p>
            ) : null}
            {data.canReply ? (
              <Form method="post">
                <FormAlert failure={result?.values?.ratingId === r.id ? result : null} intent={INTENT.reply} />
                <input type="hidden" name="intent" value={INTENT.reply} />
                <input type="hidden" name="ratingId" value={r.id} />
                <TextAreaField
                  id={`reply-${r.id}`}
                  label={t("feedback.replyLabel")}
                  name="reply"
                  rows={2}
                  maxLength={1000}
                  defaultValue={result?.values?.ratingId === r.id ? result.values.reply : (r.reply ?? "")}
                  error={result?.values?.ratingId === r.id ? fieldError(result, "reply", INTENT.reply) : undefined}
                />
                <button type="submit" className="secondary small">
                  {t("feedback.replySubmit")}
                </button>
              </Form>
            ) : null}
          </li>
        ))}
      </ol>
    </section>
  );
}
