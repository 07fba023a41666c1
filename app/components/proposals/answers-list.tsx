import { useTranslation } from "react-i18next";
import { optionText, questionText, type QuestionKind, type QuestionOption } from "~/domains/calls/call-questions";
import { formatBytes } from "~/domains/files/file-rules";

type Answer = {
  id: string;
  kind: QuestionKind;
  labelKy: string;
  labelRu: string;
  labelEn: string;
  options: QuestionOption[];
  value: string;
  file: { id: string; originalName: string; size: number; sha256: string } | null;
};

/** The call's extra questions with the proposal's answers (decision 0077); files link through `fileHref`. */
export function AnswersList({ answers, locale, fileHref }: { answers: Answer[]; locale: string; fileHref: (fileId: string) => string }) {
  const { t } = useTranslation("proposals");
  if (!answers.length) return null;
  return (
    <section aria-labelledby="answers-title" className="panel proposal-answers">
      <h3 id="answers-title">{t("questions.title")}</h3>
      <dl>
        {answers.map((a) => (
          <div key={a.id}>
            <dt>{questionText(a, locale)}</dt>
            <dd>
              {a.kind === "FILE" ? (
                a.file ? (
                  <>
                    <a href={fileHref(a.file.id)} download>
                      {a.file.originalName}
                    </a>{" "}
                    ({formatBytes(a.file.size)}, SHA-256 <code>{a.file.sha256.slice(0, 12)}…</code>)
                  </>
                ) : (
                  t("questions.unanswered")
                )
              ) : a.value === "" ? (
                t("questions.unanswered")
              ) : a.kind === "CHOICE" ? (
                optionText(a.options[Number(a.value)], locale)
              ) : (
                <span className="preserve-lines">{a.value}</span>
              )}
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
