import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useValidatedForm } from "~/components/forms/use-validated-form";
import { MunicipalityFields, PROFILE_FIELDS } from "~/components/municipalities/municipality-fields";
import { Field } from "~/components/ui/field";
import { DoneNotice, donePath, FormAlert } from "~/components/ui/alerts";
import { RegisterSchema } from "~/domains/accounts/account-schemas";
import { MunicipalityProfileSchema } from "~/domains/municipalities/municipality-schemas";
import { addMunicipality, isPlatformAdmin, listMunicipalities } from "~/domains/municipalities/municipalities.server";
import { readForm, refusedForm, validateForm } from "~/utils/forms.server";
import { localized } from "~/utils/i18n";
import { pageTitle } from "~/utils/page-title";
import { clientIp } from "~/utils/rate-limit.server";
import { requireActor } from "~/utils/session.server";
import { useLocale } from "~/components/ui/use-locale";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "municipalities:platform.title");

const AddMunicipalitySchema = MunicipalityProfileSchema.extend({ adminEmail: RegisterSchema.innerType().shape.email });
const KEEP = [...PROFILE_FIELDS, "adminEmail"];

/** Only platform administrators know this page exists. */
async function requirePlatformAdmin(request: Request) {
  const actor = await requireActor(request);
  if (!(await isPlatformAdmin(actor))) throw new Response("Not Found", { status: 404 });
  return actor;
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePlatformAdmin(request);
  return { municipalities: await listMunicipalities() };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requirePlatformAdmin(request);
  const form = await readForm(request);
  const { data, failure } = validateForm(form, AddMunicipalitySchema, KEEP);
  if (failure) return failure;
  const { adminEmail, ...profile } = data;
  try {
    await addMunicipality({ actor, profile, adminEmail, ipAddress: clientIp(request) });
    return redirect(donePath("/platform/municipalities", "added"));
  } catch (error) {
    return refusedForm(error, { values: Object.fromEntries(KEEP.map((k) => [k, String(form.get(k) ?? "")])) });
  }
}

export default function PlatformMunicipalities() {
  const { t } = useTranslation("municipalities");
  const { t: ts } = useTranslation("setup");
  const locale = useLocale();
  const { municipalities } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const { register, errorFor, onSubmit } = useValidatedForm(AddMunicipalitySchema, { serverErrors: result?.errors });
  const values = result?.values ?? {};
  return (
    <section aria-labelledby="platform-title">
      <h1 id="platform-title">{t("platform.title")}</h1>
      <p>{t("platform.lead")}</p>
      <DoneNotice ns="municipalities" hidden={Boolean(result)} />
      <ul className="card-list">
        {municipalities.map((m) => (
          <li key={m.id} className="card">
            <h2>{localized(m, "name", locale)}</h2>
            <p className="meta">
              {ts(`kind.${m.kind}`)} · {m.region} · {m.ocidPrefix || "—"}
            </p>
          </li>
        ))}
      </ul>
      <h2>{t("platform.addTitle")}</h2>
      <FormAlert failure={result} />
      <Form method="post" onSubmit={onSubmit} noValidate className="narrow">
        <MunicipalityFields values={values} register={register} errorFor={errorFor} />
        <fieldset>
          <legend>{t("platform.adminLegend")}</legend>
          <Field
            label={t("platform.adminEmail")}
            hint={t("platform.adminHint")}
            type="email"
            defaultValue={values.adminEmail}
            error={errorFor("adminEmail")}
            {...register("adminEmail")}
          />
        </fieldset>
        <button type="submit" className="button" disabled={navigation.state === "submitting"}>
          {t("platform.submit")}
        </button>
      </Form>
    </section>
  );
}
