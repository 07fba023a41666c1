import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { LetterUpload } from "~/components/reviews/letter-upload";
import { Badge, useLocale } from "~/components/reviews/review-ui";
import { Field } from "~/components/ui/field";
import { HashSchema } from "~/domains/awards/award-schemas";
import { getLetterByCode, matchHash, type HashMatch } from "~/domains/awards/letters.server";
import { identifyUploadedLetter } from "~/domains/awards/verify-upload.server";
import type { ActionFailure } from "~/domains/reviews/http.server";
import styles from "~/styles/reviews.css";
import { formatDateTime, formatMoney, LOCALE_NAMES } from "~/utils/i18n";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export const meta: MetaFunction = ({ data }) => {
  const letter = (data as VerifyData | undefined)?.letter;
  return [{ title: letter ? `${letter.code} — ${letter.content.awardReference}` : "Катты текшерүү / Проверка письма / Verify a letter" }];
};

export async function loader({ params }: LoaderFunctionArgs) {
  const letter = await getLetterByCode(params.code ?? "");
  // A public page: an unknown code is said plainly, with the 404 status.
  if (!letter) return data<VerifyData>({ letter: null, code: (params.code ?? "").slice(0, 40) }, { status: 404 });
  return data<VerifyData>({ letter, code: letter.code });
}

type VerifyData = { letter: Awaited<ReturnType<typeof getLetterByCode>>; code: string };

type CheckResult = ActionFailure & { match?: HashMatch; via?: "hash" | "file"; sha256?: string; otherCode?: string | null };

export async function action({ request, params }: ActionFunctionArgs) {
  const letter = await getLetterByCode(params.code ?? "");
  if (!letter) throw new Response("Not found", { status: 404 });
  if ((request.headers.get("Content-Type") ?? "").startsWith("multipart/form-data")) {
    const check = await identifyUploadedLetter(request);
    if (!check.ok) return data<CheckResult>({ errors: {}, formError: check.code, params: check.params, target: "file" }, { status: check.status });
    const match: HashMatch = check.sha256 === letter.fileSha256 ? "file" : "none";
    return { errors: {}, match, via: "file", sha256: check.sha256, otherCode: match === "none" ? (check.letter?.verificationCode ?? null) : null } satisfies CheckResult;
  }
  const parsed = HashSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data<CheckResult>({ errors: parsed.error.flatten().fieldErrors, target: "hash" }, { status: 400 });
  return { errors: {}, match: matchHash(letter, parsed.data.hash) ?? "none", via: "hash" } satisfies CheckResult;
}

export default function VerifyLetter() {
  const loaded = useLoaderData() as VerifyData;
  const result = useActionData<typeof action>() as CheckResult | undefined;
  const { t } = useTranslation("awards");
  const locale = useLocale();
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
        <p className="meta">{letter.revokedAt ? t("verify.revokedAt", { date: formatDateTime(letter.revokedAt, locale) }) : t("verify.validLead")}</p>
      </header>
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
            [t("verify.language"), LOCALE_NAMES[letter.language]],
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
      <p className="meta">{t("verify.hashesExplained")}</p>
      <Verdict result={result} />
      <div className="panel">
        <h2>{t("verify.byHash")}</h2>
        <Form method="post" className="narrow">
          <Field label={t("verify.hashLabel")} name="hash" autoComplete="off" spellCheck={false} error={result?.target === "hash" ? result.errors?.hash?.[0] : undefined} />
          <button type="submit" className="button">
            {t("verify.check")}
          </button>
        </Form>
      </div>
      <div className="panel">
        <h2>{t("verify.byFile")}</h2>
        <LetterUpload result={result} />
      </div>
    </section>
  );
}

function Verdict({ result }: { result?: CheckResult }) {
  const { t } = useTranslation("awards");
  if (!result?.match) return null;
  const ok = result.match !== "none";
  return (
    <div className={`verdict ${ok ? "verdict-ok" : "verdict-bad"}`} role="status">
      {t(`verify.match.${result.via}.${result.match}`)}
      {result.otherCode ? (
        <>
          {" "}
          <Link to={`/verify/${result.otherCode}`}>{t("verify.otherLetter", { code: result.otherCode })}</Link>
        </>
      ) : null}
      {result.sha256 ? <p className="hash">SHA-256: {result.sha256}</p> : null}
    </div>
  );
}
