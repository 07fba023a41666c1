import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ProgrammeForm, programmeFormValues } from "~/components/budgets/programme-fields";
import { donePath } from "~/components/ui/alerts";
import { grantsLinks } from "~/components/agreements/agreement-ui";
import { orRespond } from "~/utils/loader-refusal.server";
import { PROGRAMME_FIELDS, ProgrammeSchema } from "~/domains/budgets/programme-schemas";
import { getProgramme, updateProgramme } from "~/domains/budgets/programmes.server";
import { formToObject, readForm, refusedForm, validateForm } from "~/utils/forms.server";
import { pageTitle } from "~/utils/page-title";
import { requirePermission } from "~/utils/session.server";

export const links = grantsLinks;
export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  pageTitle(matches, "budgets:programmes.editTitle", data?.programme.code);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "manage:programme:any");
  return orRespond(async () => {
    const programme = await getProgramme({ actor, programmeId: params.programmeId ?? "" });
    return { programme: { id: programme.id, code: programme.code, values: programmeFormValues(programme) } };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "manage:programme:any");
  const form = await readForm(request);
  const { data: input, failure } = validateForm(form, ProgrammeSchema, [...PROGRAMME_FIELDS]);
  if (failure) return failure;
  try {
    await updateProgramme({ actor, programmeId: params.programmeId ?? "", input });
    return redirect(donePath(`/budgets/programmes/${params.programmeId}`, "saved"));
  } catch (error) {
    return refusedForm(error, { values: formToObject(form) });
  }
}

export default function EditProgramme() {
  const { t } = useTranslation("budgets");
  const { programme } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <section className="narrow" aria-labelledby="programme-edit-title">
      <p>
        <Link to={`/budgets/programmes/${programme.id}`}>← {programme.code}</Link>
      </p>
      <h1 id="programme-edit-title">{t("programmes.editTitle")}</h1>
      <ProgrammeForm values={{ ...programme.values, ...(result?.values ?? {}) }} failure={result} submitLabel={t("programmes.save")} />
    </section>
  );
}
