import { useTranslation } from "react-i18next";
import { Notice } from "~/components/ui/alerts";

/**
 * A note that informs, not a failure (read-only, withdrawn receipt, restored draft):
 * `code` is a key of the "proposals" namespace. Failures are FormAlert, confirmations DoneNotice.
 */
export function InfoNote({ code, params }: { code: string; params?: Record<string, string | number> }) {
  const { t } = useTranslation("proposals");
  return <Notice tone="info">{t(code, params)}</Notice>;
}
