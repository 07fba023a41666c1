import { useTranslation } from "react-i18next";

/**
 * A note that informs, not a failure (read-only, withdrawn receipt, restored draft):
 * `code` is a key of the "proposals" namespace. Failures are FormAlert, confirmations DoneNotice.
 */
export function InfoNote({ code, params }: { code: string; params?: Record<string, string | number> }) {
  const { t } = useTranslation("proposals");
  return (
    <div className="alert alert-info" role="status">
      {t(code, params)}
    </div>
  );
}
