import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ProgrammeForm } from "~/components/budgets/programme-fields";
import { donePath } from "~/components/ui/alerts";
import { grantsLinks } from "~/components/agreements/agreement-ui";
import { PROGRAMME_FIELDS, ProgrammeSchema } from "~/domains/budgets/programme-schemas";
import { createProgramme } from "~/domains/budgets/programmes.server";
import { formToObject, readForm, refusedForm, validateForm } from "~/utils/forms.server";
import { pageTitle } from "~/utils/page-title";
import { requirePermission } from "~/utils/session.server";

export const links = grantsLinks;
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "budgets:programmes.newTitle");

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "manage:programme:any");
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "manage:programme:any");
  const form = await readForm(request);
  const { data: input, failure } = validateForm(form, ProgrammeSchema, [...PROGRAMME_FIELDS]);
  if (failure) return failure;
  try {
    const programme = await createProgramme({ actor, input });
    return redirect(donePath(`/budgets/programmes/${programme.id}`, "saved"));
  } catch (error) {
    return refusedForm(error, { values: formToObject(form) });
  }
}

export default function NewProgramme() {
  const { t } = useTranslation("budgets");
  const result = useActionData<typeof action>();
  return (
    <section className="narrow" aria-labelledby="programme-new-title">
      <p>
        <Link to="/budgets/programmes">← {t("programmes.title")}</Link>
      </p>
      <h1 id="programme-new-title">{t("programmes.newTitle")}</h1>
      <p>{t("programmes.newLead")}</p>
      <ProgrammeForm values={result?.values ?? {}} failure={result} submitLabel={t("programmes.create")} />
    </section>
  );
}
