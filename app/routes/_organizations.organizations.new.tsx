import { redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { OrganizationForm, ORGANIZATION_FORM_FIELDS } from "~/components/organizations/organization-form";
import { OrganizationSchema } from "~/domains/organizations/organization-schemas";
import { getOwnOrganizationId, registerOrganization } from "~/domains/organizations/organizations.server";
import styles from "~/styles/organizations.css";
import { formToObject, refusedForm, validateForm } from "~/utils/forms.server";
import { donePath } from "~/components/ui/alerts";
import { clientIp } from "~/utils/rate-limit.server";
import { requireActor } from "~/utils/session.server";
import { pageTitle } from "~/utils/page-title";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "titles.newOrganization");

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const own = await getOwnOrganizationId(actor);
  if (own) throw redirect(`/organizations/${own}`);
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const form = await request.formData();
  const { data: input, failure } = validateForm(form, OrganizationSchema, ORGANIZATION_FORM_FIELDS);
  if (failure) return failure;
  try {
    const { id } = await registerOrganization({ actor, input, ipAddress: clientIp(request) });
    return redirect(donePath(`/organizations/${id}`, "registered"));
  } catch (error) {
    return refusedForm(error, { values: formToObject(form) });
  }
}

export default function RegisterOrganization() {
  const { t } = useTranslation("organizations");
  const result = useActionData<typeof action>();
  return (
    <section aria-labelledby="register-org-title">
      <h1 id="register-org-title">{t("register.title")}</h1>
      <p className="wide">{t("register.lead")}</p>
      <OrganizationForm values={result?.values ?? {}} result={result} submitLabel={t("register.submit")} />
    </section>
  );
}
