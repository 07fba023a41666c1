import { Form, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormAlert } from "~/components/ui/alerts";

/** Upload a PDF to compare it, byte for byte (by SHA-256), with the issued letters. Works without JavaScript. */
/** The upload form's intent: a refused file comes back with it. */
export const UPLOAD_INTENT = "file";

export function LetterUpload({
  result,
}: {
  result?: { formError?: string; intent?: string; formParams?: Record<string, string | number> };
}) {
  const { t } = useTranslation("awards");
  const navigation = useNavigation();
  return (
    <Form method="post" encType="multipart/form-data" className="narrow">
      <FormAlert failure={result} intent={UPLOAD_INTENT} />
      <div className="field">
        <label htmlFor="letter-file">{t("verify.uploadLabel")}</label>
        <p className="hint" id="letter-file-hint">
          {t("verify.uploadHint")}
        </p>
        <input id="letter-file" type="file" name="file" accept=".pdf,application/pdf" required aria-describedby="letter-file-hint" />
      </div>
      <button type="submit" className="button secondary" disabled={navigation.state === "submitting"}>
        {t("verify.uploadSubmit")}
      </button>
    </Form>
  );
}
