import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { OrganizationForm, ORGANIZATION_FORM_FIELDS } from "~/components/organizations/organization-form";
import { OrganizationSchema } from "~/domains/organizations/organization-schemas";
import { getOrganizationForActor, updateOrganization } from "~/domains/organizations/organizations.server";
import { formToObject, refusedForm, validateForm } from "~/utils/forms.server";
import { donePath } from "~/components/ui/alerts";
import { clientIp } from "~/utils/rate-limit.server";
import { requirePermission } from "~/utils/session.server";
import { pageTitle } from "~/utils/page-title";
import { calendarDateOf } from "~/utils/time";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "titles.organizationEdit");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "manage:organization:own");
  const organization = await getOrganizationForActor(actor, params.organizationId ?? "");
  if (!organization || !organization.viewerRole) throw new Response("Not found", { status: 404 });
  if (organization.viewerRole !== "ADMIN") throw new Response("Forbidden", { status: 403 });
  const values: Record<string, string> = Object.fromEntries(
    ORGANIZATION_FORM_FIELDS.map((field) => {
      const value = organization[field];
      return [field, value instanceof Date ? calendarDateOf(value) : String(value ?? "")];
    }),
  );
  return { values };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "manage:organization:own");
  const form = await request.formData();
  const { data: input, failure } = validateForm(form, OrganizationSchema, ORGANIZATION_FORM_FIELDS);
  if (failure) return failure;
  const organizationId = params.organizationId ?? "";
  try {
    const result = await updateOrganization({ actor, organizationId, input, ipAddress: clientIp(request) });
    const done = result.changed.length === 0 ? "unchanged" : result.resubmitted ? "resubmitted" : "saved";
    return redirect(donePath(`/organizations/${organizationId}`, done));
  } catch (error) {
    return refusedForm(error, { values: formToObject(form) });
  }
}

export default function EditOrganization() {
  const { values } = useLoaderData<typeof loader>();
  const { t } = useTranslation("organizations");
  const result = useActionData<typeof action>();
  return (
    <>
      <h2 style={{ marginTop: 0 }}>{t("edit.title")}</h2>
      <p className="wide">{t("edit.lead")}</p>
      <OrganizationForm values={result?.values ?? values} result={result} submitLabel={t("edit.submit")} />
    </>
  );
}
