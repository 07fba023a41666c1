import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ProgrammeForm, programmeFormValues } from "~/components/budgets/programme-fields";
import { grantsLinks } from "~/domains/agreements/agreement-ui";
import { asResponse } from "~/domains/agreements/route-support.server";
import { PROGRAMME_FIELDS, ProgrammeSchema } from "~/domains/budgets/programme-schemas";
import { getProgramme, updateProgramme } from "~/domains/budgets/programmes.server";
import { DomainError } from "~/utils/domain-error";
import { domainFailure, formToObject, readForm, validateForm, type FormFailure } from "~/utils/forms.server";
import { pageTitle } from "~/utils/page-title";
import { requirePermission } from "~/utils/session.server";

export const links = grantsLinks;
export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  pageTitle(matches, "budgets:programmes.editTitle", (data as { programme?: { code: string } } | undefined)?.programme?.code);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "manage:programme:any");
  try {
    const programme = await getProgramme({ actor, programmeId: params.programmeId ?? "" });
    return { programme: { id: programme.id, code: programme.code, values: programmeFormValues(programme) } };
  } catch (error) {
    asResponse(error);
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "manage:programme:any");
  const form = await readForm(request);
  const { data: input, failure } = validateForm(form, ProgrammeSchema, [...PROGRAMME_FIELDS]);
  if (failure) return failure;
  try {
    await updateProgramme({ actor, programmeId: params.programmeId ?? "", input });
    return redirect(`/budgets/programmes/${params.programmeId}?saved=1`);
  } catch (error) {
    if (error instanceof DomainError) {
      if (error.status === 404) throw new Response("Not found", { status: 404 });
      return domainFailure(error, formToObject(form));
    }
    throw error;
  }
}

export default function EditProgramme() {
  const { t } = useTranslation("budgets");
  const { programme } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as FormFailure | undefined;
  return (
    <section className="narrow" aria-labelledby="programme-edit-title">
      <p>
        <Link to={`/budgets/programmes/${programme.id}`}>← {programme.code}</Link>
      </p>
      <h1 id="programme-edit-title">{t("programmes.editTitle")}</h1>
      <ProgrammeForm
        values={{ ...programme.values, ...(result?.values ?? {}) }}
        serverErrors={result?.errors}
        formError={result?.formError}
        formParams={result?.formParams}
        submitLabel={t("programmes.save")}
      />
    </section>
  );
}
