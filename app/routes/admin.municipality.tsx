import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useValidatedForm } from "~/components/forms/use-validated-form";
import { MunicipalityFields, PROFILE_FIELDS } from "~/components/municipalities/municipality-fields";
import { Field, FormAlert } from "~/components/ui/field";
import { tyiynToSomInput } from "~/domains/budgets/money";
import { FourEyesSchema, MunicipalityProfileSchema } from "~/domains/municipalities/municipality-schemas";
import {
  getFourEyesThreshold,
  getOwnMunicipality,
  isPlatformAdmin,
  setFourEyesThreshold,
  updateOwnMunicipality,
} from "~/domains/municipalities/municipalities.server";
import { DomainError } from "~/utils/domain-error";
import { domainFailure, intentOf, unknownIntent, readForm, validateForm, type FormFailure } from "~/utils/forms.server";
import { pageTitle } from "~/utils/page-title";
import { clientIp } from "~/utils/rate-limit.server";
import { requirePermission } from "~/utils/session.server";

/** The intents this route's action dispatches on; its forms send the same constants. */
export const INTENT = { fourEyes: "fourEyes", profile: "profile" } as const;

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "municipalities:profile.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "manage:municipality:own");
  return {
    municipality: await getOwnMunicipality({ actor }),
    fourEyesThreshold: tyiynToSomInput(await getFourEyesThreshold({ actor })),
    platformAdmin: await isPlatformAdmin(actor),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "manage:municipality:own");
  const form = await readForm(request);
  const intent = intentOf(form, INTENT, INTENT.profile);
  if (!intent) return unknownIntent();
  try {
    if (intent === INTENT.fourEyes) {
      const { data, failure } = validateForm(form, FourEyesSchema, ["fourEyesThreshold"]);
      if (failure) return failure;
      await setFourEyesThreshold({ actor, threshold: data.fourEyesThreshold, ipAddress: clientIp(request) });
      return redirect("/admin/municipality?fourEyesSaved=1");
    }
    const { data: profile, failure } = validateForm(form, MunicipalityProfileSchema, [...PROFILE_FIELDS]);
    if (failure) return failure;
    await updateOwnMunicipality({ actor, profile, ipAddress: clientIp(request) });
    return redirect("/admin/municipality?saved=1");
  } catch (error) {
    if (error instanceof DomainError) return domainFailure(error);
    throw error;
  }
}

export default function MunicipalityProfilePage() {
  const { t } = useTranslation("municipalities");
  const { municipality, fourEyesThreshold, platformAdmin } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as FormFailure | undefined;
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const { register, errorFor, onSubmit } = useValidatedForm(MunicipalityProfileSchema, { serverErrors: result?.errors });
  const values: Record<string, string> = { ...municipality, ...(result?.values ?? {}) };
  const fourEyesError = result?.errors?.fourEyesThreshold?.[0];
  return (
    <section className="narrow" aria-labelledby="municipality-title">
      <h1 id="municipality-title">{t("profile.title")}</h1>
      <p>{t("profile.lead")}</p>
      {platformAdmin ? (
        <p>
          <Link to="/platform/municipalities">{t("platform.title")}</Link>
        </p>
      ) : null}
      {params.get("saved") && !result ? <FormAlert tone="success">{t("profile.saved")}</FormAlert> : null}
      <FormAlert code={result?.formError} />
      <Form method="post" onSubmit={onSubmit} noValidate>
        <MunicipalityFields values={values} register={register as never} errorFor={errorFor} />
        <button type="submit" className="button" disabled={navigation.state === "submitting"}>
          {t("profile.submit")}
        </button>
      </Form>
      <h2 id="four-eyes-title">{t("fourEyes.title")}</h2>
      <p>{t("fourEyes.lead")}</p>
      {params.get("fourEyesSaved") && !result ? <FormAlert tone="success">{t("fourEyes.saved")}</FormAlert> : null}
      <Form method="post" aria-labelledby="four-eyes-title" noValidate>
        <input type="hidden" name="intent" value={INTENT.fourEyes} />
        <Field
          label={t("fourEyes.label")}
          name="fourEyesThreshold"
          inputMode="decimal"
          hint={t("fourEyes.hint")}
          defaultValue={result?.values?.fourEyesThreshold ?? fourEyesThreshold}
          error={fourEyesError}
        />
        <button type="submit" className="button secondary" disabled={navigation.state === "submitting"}>
          {t("fourEyes.submit")}
        </button>
      </Form>
    </section>
  );
}
