import { useTranslation } from "react-i18next";

/** A rule violation or failed form, with its parameters; `code` is a namespaced key. */
export function ProposalAlert({
  code,
  params,
  tone = "error",
}: {
  code?: string;
  params?: Record<string, string | number>;
  tone?: "error" | "success" | "info";
}) {
  const { t } = useTranslation("proposals");
  if (!code) return null;
  return (
    <div className={`alert alert-${tone}`} role={tone === "error" ? "alert" : "status"}>
      {t(code, { ...params, defaultValue: t("errors:forbidden") })}
    </div>
  );
}
