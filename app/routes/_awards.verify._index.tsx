import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { LetterUpload, UPLOAD_INTENT } from "~/components/reviews/letter-upload";
import { useFocusOnArrival } from "~/components/reviews/review-ui";
import { Field } from "~/components/ui/field";
import { normalizeVerificationCode } from "~/domains/awards/award-rules";
import { identifyUploadedDocument, type IssuedDocument } from "~/domains/awards/verify-upload.server";
import styles from "~/styles/reviews.css";
import { pageTitle } from "~/utils/page-title";
import { refusedForm } from "~/utils/forms.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "titles.verify");

/** A code typed into the form arrives as ?code=; a valid one goes to its page. */
type CodeForm = { typed: string | null; invalid: boolean };

export async function loader({ request }: LoaderFunctionArgs) {
  const typed = new URL(request.url).searchParams.get("code");
  if (typed === null) return data<CodeForm>({ typed: null, invalid: false });
  const code = normalizeVerificationCode(typed);
  if (code) throw redirect(`/verify/${code}`);
  return data<CodeForm>({ typed: typed.slice(0, 40), invalid: true }, { status: 400 });
}

/** The answer to an upload: the file's hash and the issued document with exactly those bytes, if any. */
type Identified = { sha256: string; document: IssuedDocument | null };

export async function action({ request }: ActionFunctionArgs) {
  try {
    const check = await identifyUploadedDocument(request);
    return { sha256: check.sha256, document: check.document } satisfies Identified;
  } catch (error) {
    return refusedForm(error, { intent: UPLOAD_INTENT });
  }
}

/** Where the verdict on an uploaded file is worded: letters in the awards namespace, agreements in grants. */
const VERDICT = { letter: "awards:verify.", agreement: "grants:verify." } as const;

export default function Verify() {
  const { typed, invalid } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const identified = result && "sha256" in result ? result : undefined;
  const { t } = useTranslation(["awards", "grants"]);
  return (
    <section aria-labelledby="verify-title" className="narrow-wide">
      <h1 id="verify-title">{t("verify.title")}</h1>
      {/* The answer to an upload comes first, where the person looks after sending the file (and on a phone). */}
      <UploadVerdict result={identified} />
      <p>{t("verify.lead")}</p>
      <div className="panel">
        <h2>{t("verify.byCode")}</h2>
        <Form method="get" className="narrow">
          <Field
            label={t("verify.codeLabel")}
            name="code"
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            defaultValue={typed ?? ""}
            error={invalid ? "awards:validation.code" : undefined}
            hint={t("verify.codeHint")}
          />
          <button type="submit" className="button">
            {t("verify.check")}
          </button>
        </Form>
      </div>
      <div className="panel">
        <h2>{t("verify.byFile")}</h2>
        <LetterUpload result={result && "errors" in result ? result : undefined} />
      </div>
    </section>
  );
}

function UploadVerdict({ result }: { result?: Identified }) {
  const { t } = useTranslation(["awards", "grants"]);
  const focus = useFocusOnArrival(result);
  if (!result) return null;
  return result.document ? (
    <div className={`verdict ${result.document.inForce ? "verdict-ok" : "verdict-bad"}`} role="status" tabIndex={-1} ref={focus}>
      {t(
        `${VERDICT[result.document.kind]}${result.document.inForce ? "fileIssued" : result.document.kind === "letter" ? "fileRevoked" : "fileSuperseded"}`,
      )}{" "}
      <Link to={`/verify/${result.document.code}`}>{result.document.code}</Link>
    </div>
  ) : (
    <div className="verdict verdict-bad" role="status" tabIndex={-1} ref={focus}>
      {t("verify.fileUnknown")}
      <p className="hash">SHA-256: {result.sha256}</p>
    </div>
  );
}
