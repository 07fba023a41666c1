import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useLocale } from "~/components/ui/use-locale";
import { localized } from "~/utils/i18n";

export type MunicipalityOption = { slug: string; nameKy: string; nameRu: string; nameEn: string; region: string };

type SelectProps = { municipalities: MunicipalityOption[]; chosen: string | null; id: string };

/**
 * The field a visitor narrows a public page to one municipality with (`?municipality=<slug>`),
 * grouped by region. A deployment that serves one municipality shows nothing: there is no choice.
 */
export function MunicipalitySelect({ municipalities, chosen, id }: SelectProps) {
  const { t } = useTranslation("municipalities");
  const locale = useLocale();
  if (municipalities.length < 2) return null;
  const regions = [...new Set(municipalities.map((m) => m.region))];
  return (
    <div className="field">
      <label htmlFor={id}>{t("chooser.label")}</label>
      <select id={id} name="municipality" defaultValue={chosen ?? ""}>
        <option value="">{t("chooser.all")}</option>
        {regions.map((region) => (
          <optgroup key={region} label={region}>
            {municipalities
              .filter((m) => m.region === region)
              .map((m) => (
                <option key={m.slug} value={m.slug}>
                  {localized(m, "name", locale)}
                </option>
              ))}
          </optgroup>
        ))}
      </select>
    </div>
  );
}

/** The chooser as a form of its own, for a page that has no other filter (works without JavaScript). */
export function MunicipalityChooser(props: SelectProps) {
  const { t } = useTranslation("municipalities");
  if (props.municipalities.length < 2) return null;
  return (
    <Form method="get" className="filter-bar">
      <MunicipalitySelect {...props} />
      <button type="submit" className="button">
        {t("chooser.apply")}
      </button>
    </Form>
  );
}

/** The query string that keeps a visitor's choice on the next page ("" when they see all). */
export function municipalityQuery(chosen: string | null, prefix: "?" | "&" = "?") {
  return chosen ? `${prefix}municipality=${encodeURIComponent(chosen)}` : "";
}
