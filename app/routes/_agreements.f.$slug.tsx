import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DoneNotice, FormAlert, donePath, fieldError } from "~/components/ui/alerts";
import { FieldError, Field, TextAreaField } from "~/components/ui/field";
import { useLocale } from "~/components/ui/use-locale";
import { SCORES } from "~/domains/agreements/feedback-rules";
import { RatingSchema } from "~/domains/agreements/feedback-schemas";
import { getRatingPage, submitRating } from "~/domains/agreements/feedback.server";
import { DomainError } from "~/utils/domain-error";
import { limitedForm, readForm, refusedForm, validateForm } from "~/utils/forms.server";
import { localized } from "~/utils/i18n";
import { resolveLocale } from "~/utils/i18n.server";
import { orRespond } from "~/utils/loader-refusal.server";
import { pageTitle } from "~/utils/page-title";
import { clientIp, withRetryAfter } from "~/utils/rate-limit.server";

// The beneficiary's rating page behind the short link and QR code (decision 0079): plain HTML
// without the portal's scripts (under 30 KB on a slow phone), one form that posts without JavaScript.
export const handle = { scripts: false };
export const headers = withRetryAfter;

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "titles.feedback");

export async function loader({ params }: LoaderFunctionArgs) {
  return orRespond(async () => ({ page: await getRatingPage(params.slug ?? "") }));
}

export async function action({ request, params }: ActionFunctionArgs) {
  const slug = params.slug ?? "";
  const form = await readForm(request);
  const { data, failure } = validateForm(form, RatingSchema, ["score", "comment", "code"]);
  if (failure) return failure;
  const values = { score: String(data.score), comment: data.comment ?? "", code: data.code ?? "" };
  try {
    const locale = await resolveLocale(request);
    await submitRating({ slug, input: data, locale, address: clientIp(request) });
  } catch (error) {
    if (error instanceof DomainError && error.status === 429)
      return limitedForm(Number(error.params.seconds ?? 60), error.code, { values });
    return refusedForm(error, { values });
  }
  return redirect(donePath(`/f/${slug}`, "feedbackRated"));
}

export default function RatingPage() {
  const { page } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [search] = useSearchParams();
  const locale = useLocale();
  const { t } = useTranslation("grants");
  const values = result?.values ?? {};
  const rated = search.get("done") === "feedbackRated" && !result;
  const scoreError = fieldError(result, "score");
  return (
    <section aria-labelledby="feedback-title" className="narrow">
      <h1 id="feedback-title">{t("feedback.title")}</h1>
      <DoneNotice ns="grants" hidden={Boolean(result)} />
      {rated ? (
        <p>
          <a href={`/projects/${page.projectId}`}>{t("feedback.projectLink")}</a>
        </p>
      ) : (
        <>
          <p className="lead">{t("feedback.lead", { title: page.title, organization: localized(page.organization, "name", locale) })}</p>
          <FormAlert failure={result} />
          <Form method="post">
            <fieldset className={scoreError ? "field field-invalid" : "field"} aria-describedby={scoreError ? "score-error" : undefined}>
              <legend>{t("feedback.score")}</legend>
              <div className="score-choice">
                {SCORES.map((score) => (
                  <label key={score}>
                    <input type="radio" name="score" value={score} defaultChecked={values.score === String(score)} required />
                    <span>{t("feedback.scoreOption", { score })}</span>
                  </label>
                ))}
              </div>
              {scoreError ? <FieldError id="score-error" code={scoreError} /> : null}
            </fieldset>
            <TextAreaField
              label={t("feedback.comment")}
              name="comment"
              rows={4}
              maxLength={1000}
              defaultValue={values.comment}
              hint={t("feedback.commentHint")}
              error={fieldError(result, "comment")}
            />
            <Field
              label={t("feedback.code")}
              name="code"
              autoComplete="off"
              autoCapitalize="characters"
              defaultValue={values.code}
              hint={t("feedback.codeHint")}
              error={fieldError(result, "code")}
            />
            <button type="submit">{t("feedback.submit")}</button>
          </Form>
        </>
      )}
    </section>
  );
}
