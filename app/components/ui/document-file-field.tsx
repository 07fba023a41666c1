import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { ACCEPT_ATTRIBUTE, ACCEPTED_EXTENSIONS_LABEL, formatBytes, MAX_FILE_BYTES } from "~/domains/files/file-rules";

/**
 * One required file of a document upload form. With JavaScript, a missing or
 * too large file is caught before the upload starts; the server's answer
 * (a key of the "files" namespace) shows in the same place otherwise.
 */
export function useDocumentFileCheck(onSubmit: (event: FormEvent<HTMLFormElement>) => void, serverProblem?: string) {
  const [problem, setProblem] = useState<string | undefined>();
  const checkFile = (event: FormEvent<HTMLFormElement>) => {
    const field = event.currentTarget.elements.namedItem("file");
    const input = field instanceof HTMLInputElement ? field : null;
    const file = input?.files?.[0];
    const found = !file ? "files:missingFile" : file.size > MAX_FILE_BYTES ? "files:tooLarge" : undefined;
    setProblem(found);
    if (found) {
      event.preventDefault();
      input?.focus();
      return;
    }
    onSubmit(event);
  };
  return { checkFile, problem: problem ?? serverProblem, clear: () => setProblem(undefined) };
}

/** The file input with the formats and size allowed, and its problem (a key of the "files" namespace). */
export function DocumentFileField({ label, problem, onChange }: { label: string; problem?: string; onChange: () => void }) {
  const { t } = useTranslation("files");
  const limit = formatBytes(MAX_FILE_BYTES);
  return (
    <div className={problem ? "field field-invalid" : "field"}>
      <label htmlFor="field-file">{label}</label>
      <p className="hint" id="field-file-hint">
        {t("hint", { formats: ACCEPTED_EXTENSIONS_LABEL, limit })}
      </p>
      <input
        id="field-file"
        name="file"
        type="file"
        accept={ACCEPT_ATTRIBUTE}
        required
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? "field-file-hint field-file-error" : "field-file-hint"}
        onChange={onChange}
      />
      {problem ? (
        <p className="field-error" id="field-file-error" role="alert">
          {t(problem, { limit, name: "" })}
        </p>
      ) : null}
    </div>
  );
}
