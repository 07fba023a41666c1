import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { LetterUpload, UPLOAD_INTENT } from "~/components/reviews/letter-upload";
import { useFocusOnArrival } from "~/components/reviews/review-ui";
import { Badge, fieldError } from "~/components/ui/alerts";
import { useLocale } from "~/components/ui/use-locale";
import { Field } from "~/components/ui/field";
import { HashSchema } from "~/domains/awards/award-schemas";
import { getLetterByCode, matchHash, type HashMatch } from "~/domains/awards/letters.server";
import { identifyUploadedDocument, type UploadCheck } from "~/domains/awards/verify-upload.server";
import { getAgreementByCode } from "~/domains/agreements/agreement-documents.server";
import { fieldErrorsOf, invalidForm, refusedForm, type FormFailure } from "~/utils/forms.server";
import styles from "~/styles/reviews.css";
import type { TextRole } from "~/domains/pdf/text-roles";
import { formatDate, formatDateTime, formatMoney, localized, LOCALE_NAMES, type AppLocale } from "~/utils/i18n";
import { pageTitle } from "~/utils/page-title";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageTitle(matches, "titles.verifyResult", data?.letter?.code ?? data?.agreement?.code);

/** A code is an award letter's or an agreement version's; the two share one format and one page. */
async function documentByCode(code: string) {
  const letter = await getLetterByCode(code);
  return { letter, agreement: letter ? null : await getAgreementByCode(code) };
}

export async function loader({ params }: LoaderFunctionArgs) {
  const { letter, agreement } = await documentByCode(params.code ?? "");
  // A public page: an unknown code is said plainly, with the 404 status.
  if (!letter && !agreement)
    return data<VerifyData>({ letter: null, agreement: null, code: (params.code ?? "").slice(0, 40) }, { status: 404 });
  return data<VerifyData>({ letter, agreement, code: (letter ?? agreement)!.code });
}

type VerifyData = {
  letter: Awaited<ReturnType<typeof getLetterByCode>>;
  agreement: Awaited<ReturnType<typeof getAgreementByCode>>;
  code: string;
};

/** Which form a refusal belongs to: the hash typed in, or the file uploaded (LetterUpload shows its own). */
const FORM = { hash: "hash", file: UPLOAD_INTENT } as const;

/** The answer to a check: whether the hash or the file matches this document (and which other one it is, if any). */
type Checked = { match: HashMatch; via: "hash" | "file"; sha256?: string; otherCode?: string | null };

export async function action({ request, params }: ActionFunctionArgs) {
  const { letter, agreement } = await documentByCode(params.code ?? "");
  const document = letter ?? agreement;
  if (!document) throw new Response("Not found", { status: 404 });
  if ((request.headers.get("Content-Type") ?? "").startsWith("multipart/form-data")) {
    let check: UploadCheck;
    try {
      check = await identifyUploadedDocument(request);
    } catch (error) {
      return refusedForm(error, { intent: FORM.file });
    }
    const match: HashMatch = check.sha256 === document.fileSha256 ? "file" : "none";
    return {
      match,
      via: "file",
      sha256: check.sha256,
      otherCode: match === "none" ? (check.document?.code ?? null) : null,
    } satisfies Checked;
  }
  const parsed = HashSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return invalidForm(fieldErrorsOf(parsed.error), { intent: FORM.hash });
  // An agreement prints no content hash: only its file hash can match.
  const match = letter
    ? matchHash(letter, parsed.data.hash)
    : matchHash({ fileSha256: document.fileSha256, contentSha256: "" }, parsed.data.hash);
  return { match: match ?? "none", via: "hash" } satisfies Checked;
}

/** What the action answered: a check's verdict or a refused form. */
type CheckAnswer = Checked | FormFailure;

/** The refused form in an answer, for the form alerts and field errors. */
function failureOf(result: CheckAnswer | undefined) {
  return result && "errors" in result ? result : undefined;
}

export default function VerifyLetter() {
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation("awards");
  const locale = useLocale();
  if (loaded.agreement) return <AgreementVerification agreement={loaded.agreement} result={result} />;
  if (!loaded.letter) {
    return (
      <section aria-labelledby="verify-title">
        <h1 id="verify-title">{t("verify.title")}</h1>
        <div className="verdict verdict-bad" role="status">
          {t("verify.unknownCode", { code: loaded.code })}
        </div>
        <p>
          <Link to="/verify">{t("verify.tryAgain")}</Link>
        </p>
      </section>
    );
  }
  const { letter } = loaded;
  const c = letter.content;
  return (
    <section aria-labelledby="verify-title">
      <header className="page-head">
        <p className="meta">{t("verify.title")}</p>
        <h1 id="verify-title">
          <span className="code-box">{letter.code}</span>{" "}
          {letter.revokedAt ? <Badge tone="bad">{t("verify.revoked")}</Badge> : <Badge tone="ok">{t("verify.valid")}</Badge>}
        </h1>
        <p className="meta">
          {letter.revokedAt ? t("verify.revokedAt", { date: formatDateTime(letter.revokedAt, locale) }) : t("verify.validLead")}
        </p>
      </header>
      <Verdict result={result} />
      <dl className="facts">
        {(
          [
            [t("verify.award"), c.awardReference],
            [t("verify.organization"), `${c.organization} (${t("verify.ids", { registrationNumber: c.registrationNumber, tin: c.tin })})`],
            [t("verify.project"), c.projectTitle],
            [t("verify.call"), c.callReference],
            [t("verify.amount"), `${formatMoney(c.amountTyiyn, locale)} — ${c.amountWords}`],
            [t("verify.issuer"), c.municipality],
            [t("verify.issuedAt"), formatDateTime(letter.issuedAt, locale)],
            [t("verify.language"), `${LOCALE_NAMES[letter.language]} — ${t(`award.textRole.${letter.textRole}`)}`],
          ] as const
        ).map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
        <div>
          <dt>{t("verify.contentHash")}</dt>
          <dd className="hash">{letter.contentSha256}</dd>
        </div>
        <div>
          <dt>{t("verify.fileHash")}</dt>
          <dd className="hash">{letter.fileSha256}</dd>
        </div>
      </dl>
      <OtherTexts texts={letter.companions} />
      <p className="meta">{t("verify.hashesExplained")}</p>
      <div className="panel">
        <h2>{t("verify.byHash")}</h2>
        <Form method="post" className="narrow">
          <Field
            label={t("verify.hashLabel")}
            name="hash"
            autoComplete="off"
            spellCheck={false}
            error={fieldError(failureOf(result), "hash", FORM.hash)}
          />
          <button type="submit" className="button">
            {t("verify.check")}
          </button>
        </Form>
      </div>
      <div className="panel">
        <h2>{t("verify.byFile")}</h2>
        <LetterUpload result={failureOf(result)} />
      </div>
    </section>
  );
}

/** The other language texts issued with this one (decision 0080), each verifiable by its own code. */
function OtherTexts({ texts }: { texts: readonly { language: AppLocale; textRole: TextRole; verificationCode: string | null }[] }) {
  const { t } = useTranslation("awards");
  if (!texts.length) return null;
  return (
    <div className="panel">
      <h2>{t("verify.otherTexts")}</h2>
      <ul>
        {texts.map((text) =>
          text.verificationCode ? (
            <li key={text.verificationCode}>
              {LOCALE_NAMES[text.language]} — {t(`award.textRole.${text.textRole}`)}:{" "}
              <Link to={`/verify/${text.verificationCode}`} className="code-box">
                {text.verificationCode}
              </Link>
            </li>
          ) : null,
        )}
      </ul>
    </div>
  );
}

/** The answer to a check, at the top of the page (under the code it was checked against), focused when it arrives. */
function Verdict({ result, kind = "letter" }: { result?: CheckAnswer; kind?: "letter" | "agreement" }) {
  const { t } = useTranslation(["awards", "grants"]);
  const focus = useFocusOnArrival(result);
  if (!result || !("match" in result)) return null;
  const ok = result.match !== "none";
  const message =
    kind === "letter"
      ? `awards:verify.match.${result.via}.${result.match}`
      : `grants:verify.${result.via === "file" ? "match" : "hashMatch"}.${result.match === "none" ? "none" : "file"}`;
  return (
    <div className={`verdict ${ok ? "verdict-ok" : "verdict-bad"}`} role="status" tabIndex={-1} ref={focus}>
      {t(message)}
      {result.otherCode ? (
        <>
          {" "}
          <Link to={`/verify/${result.otherCode}`}>
            {t(kind === "letter" ? "awards:verify.otherLetter" : "grants:verify.otherDocument", { code: result.otherCode })}
          </Link>
        </>
      ) : null}
      {result.sha256 ? <p className="hash">SHA-256: {result.sha256}</p> : null}
    </div>
  );
}

/** An agreement version's public facts, whether it is the version in force, and the same checks by hash and by file as for letters. */
function AgreementVerification({ agreement, result }: { agreement: NonNullable<VerifyData["agreement"]>; result?: CheckAnswer }) {
  const { t } = useTranslation(["grants", "awards"]);
  const locale = useLocale();
  const current = agreement.supersededBy;
  const o = agreement.organization;
  return (
    <section aria-labelledby="verify-title">
      <header className="page-head">
        <p className="meta">{t("awards:verify.title")}</p>
        <h1 id="verify-title">
          <span className="code-box">{agreement.code}</span>{" "}
          {current ? <Badge tone="bad">{t("grants:verify.superseded")}</Badge> : <Badge tone="ok">{t("grants:verify.valid")}</Badge>}
        </h1>
        <p className="meta">
          {current ? (
            <>
              {t("grants:verify.supersededLead", { version: current.number, date: formatDate(current.createdAt, locale) })}{" "}
              {current.verificationCode ? (
                <Link to={`/verify/${current.verificationCode}`}>
                  {t("grants:verify.currentVersion", { code: current.verificationCode })}
                </Link>
              ) : null}
            </>
          ) : (
            t("grants:verify.validLead")
          )}
        </p>
      </header>
      <Verdict result={result} kind="agreement" />
      <dl className="facts">
        {(
          [
            [t("grants:verify.number"), agreement.number],
            [
              t("grants:verify.version"),
              t("grants:verify.versionValue", { version: agreement.version, date: formatDate(agreement.issuedAt, locale) }),
            ],
            [t("grants:verify.status"), t(`grants:agreementStatus.${agreement.status}`)],
            [
              t("grants:verify.organization"),
              `${localized(o, "name", locale)} (${t("grants:verify.ids", { registrationNumber: o.registrationNumber, tin: o.tin })})`,
            ],
            [t("grants:verify.grantor"), localized(agreement.municipality, "name", locale)],
            [t("grants:verify.project"), agreement.projectTitle],
            [t("grants:verify.award"), `${agreement.awardReference} (${agreement.callReference})`],
            [t("grants:verify.amount"), formatMoney(agreement.amountTyiyn, locale)],
            [t("grants:verify.signedOn"), agreement.signedOn ? formatDate(agreement.signedOn, locale) : t("grants:verify.notSigned")],
            [t("grants:verify.endsOn"), agreement.endsOn ? formatDate(agreement.endsOn, locale) : "—"],
            [t("grants:verify.language"), `${LOCALE_NAMES[agreement.textLanguage]} — ${t(`awards:award.textRole.${agreement.textRole}`)}`],
          ] as const
        ).map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
        <div>
          <dt>{t("grants:verify.fileHash")}</dt>
          <dd className="hash">{agreement.fileSha256}</dd>
        </div>
      </dl>
      <OtherTexts texts={agreement.companions} />
      <p className="meta">{t("grants:verify.hashExplained")}</p>
      <div className="panel">
        <h2>{t("awards:verify.byHash")}</h2>
        <Form method="post" className="narrow">
          <Field
            label={t("awards:verify.hashLabel")}
            name="hash"
            autoComplete="off"
            spellCheck={false}
            error={fieldError(failureOf(result), "hash", FORM.hash)}
          />
          <button type="submit" className="button">
            {t("awards:verify.check")}
          </button>
        </Form>
      </div>
      <div className="panel">
        <h2>{t("awards:verify.byFile")}</h2>
        <LetterUpload result={failureOf(result)} />
      </div>
    </section>
  );
}
