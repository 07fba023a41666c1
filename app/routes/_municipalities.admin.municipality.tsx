import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useValidatedForm } from "~/components/forms/use-validated-form";
import { MunicipalityFields, PROFILE_FIELDS } from "~/components/municipalities/municipality-fields";
import { Field } from "~/components/ui/field";
import { DoneNotice, donePath, FormAlert } from "~/components/ui/alerts";
import { tyiynToSomInput } from "~/domains/budgets/money";
import { FourEyesSchema, MunicipalityProfileSchema } from "~/domains/municipalities/municipality-schemas";
import { getIntegrityThresholds, setIntegrityThresholds } from "~/domains/integrity/integrity.server";
import { IntegrityThresholdsFormSchema, THRESHOLD_BOUNDS, THRESHOLD_FIELDS } from "~/domains/integrity/integrity-schemas";
import {
  getFourEyesThreshold,
  getOwnMunicipality,
  isPlatformAdmin,
  setFourEyesThreshold,
  updateOwnMunicipality,
} from "~/domains/municipalities/municipalities.server";
import { discardUpload, UploadError, type ReceivedUpload } from "~/domains/files/files.server";
import { getOwnLogo, receiveLogo, removeOwnLogo, setOwnLogo } from "~/domains/municipalities/logo.server";
import { LOGO_ACCEPT, LOGO_FIELD, MAX_LOGO_BYTES } from "~/domains/municipalities/logo-rules";
import { formatBytes } from "~/domains/files/file-rules";
import { intentOf, isMultipart, unknownIntent, readForm, refusedForm, validateForm } from "~/utils/forms.server";
import { pageTitle } from "~/utils/page-title";
import { clientIp } from "~/utils/rate-limit.server";
import { requirePermission } from "~/utils/session.server";

/** The intents this route's action dispatches on; its forms send the same constants. */
export const INTENT = { fourEyes: "fourEyes", integrity: "integrity", profile: "profile", logo: "logo", removeLogo: "removeLogo" } as const;

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "municipalities:profile.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "manage:municipality:own");
  return {
    municipality: await getOwnMunicipality({ actor }),
    fourEyesThreshold: tyiynToSomInput(await getFourEyesThreshold({ actor })),
    platformAdmin: await isPlatformAdmin(actor),
    logo: await getOwnLogo({ actor }),
    integrity: await getIntegrityThresholds({ actor }),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "manage:municipality:own");
  if (isMultipart(request)) return logoAction(request, actor);
  const form = await readForm(request);
  const intent = intentOf(form, INTENT, INTENT.profile);
  if (!intent) return unknownIntent();
  try {
    // The logo form is multipart: sent any other way it carries no file.
    if (intent === INTENT.logo) return logoFailure(new UploadError("notMultipart"));
    if (intent === INTENT.removeLogo) {
      await removeOwnLogo({ actor, ipAddress: clientIp(request) });
      return redirect(donePath("/admin/municipality", "logoRemoved"));
    }
    if (intent === INTENT.fourEyes) {
      const { data, failure } = validateForm(form, FourEyesSchema, ["fourEyesThreshold"]);
      if (failure) return failure;
      await setFourEyesThreshold({ actor, threshold: data.fourEyesThreshold, ipAddress: clientIp(request) });
      return redirect(donePath("/admin/municipality", "fourEyes"));
    }
    if (intent === INTENT.integrity) {
      const { data, failure } = validateForm(form, IntegrityThresholdsFormSchema, [...THRESHOLD_FIELDS], intent);
      if (failure) return failure;
      await setIntegrityThresholds({ actor, thresholds: data, ipAddress: clientIp(request) });
      return redirect(donePath("/admin/municipality", "integrity"));
    }
    const { data: profile, failure } = validateForm(form, MunicipalityProfileSchema, [...PROFILE_FIELDS]);
    if (failure) return failure;
    await updateOwnMunicipality({ actor, profile, ipAddress: clientIp(request) });
    return redirect(donePath("/admin/municipality", "saved"));
  } catch (error) {
    return refusedForm(error);
  }
}

/** The logo form (multipart): upload or replace. */
async function logoAction(request: Request, actor: Awaited<ReturnType<typeof requirePermission>>) {
  let upload: ReceivedUpload | null = null;
  try {
    upload = await receiveLogo(request);
    if (intentOf(upload.fields, INTENT, INTENT.logo) !== INTENT.logo) return unknownIntent();
    const file = upload.files[0];
    if (!file) return logoFailure(new UploadError("empty", { name: "" }));
    await setOwnLogo({ actor, file, ipAddress: clientIp(request) });
    return redirect(donePath("/admin/municipality", "logo"));
  } catch (error) {
    if (error instanceof UploadError) return logoFailure(error);
    return refusedForm(error);
  } finally {
    await discardUpload(upload);
  }
}

/** A wrong type or a too large file says what a logo may be; other refusals are the files' own messages. */
function logoFailure(error: UploadError) {
  const answer = refusedForm(error);
  if (error.code === "typeNotAllowed" || error.code === "contentMismatch") answer.data.formError = "municipalities:logo.wrongType";
  if (error.code === "tooLarge") answer.data.formError = "municipalities:logo.tooLarge";
  return answer;
}

export default function MunicipalityProfilePage() {
  // "files": the upload refusals the logo form may show.
  const { t } = useTranslation(["municipalities", "files", "integrity"]);
  const { municipality, fourEyesThreshold, platformAdmin, logo, integrity } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  // Refusals of the logo form are shown beside it, with their facts (the limit, the file's name).
  const logoError = result?.formError && /^(files:|municipalities:logo\.)/.test(result.formError) ? result.formError : undefined;
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
      <DoneNotice ns="municipalities" hidden={Boolean(result)} />
      <FormAlert code={logoError ? undefined : result?.formError} />
      <Form method="post" onSubmit={onSubmit} noValidate>
        <MunicipalityFields values={values} register={register} errorFor={errorFor} />
        <button type="submit" className="button" disabled={navigation.state === "submitting"}>
          {t("profile.submit")}
        </button>
      </Form>
      <h2 id="four-eyes-title">{t("fourEyes.title")}</h2>
      <p>{t("fourEyes.lead")}</p>
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
      <h2 id="integrity-title">{t("integrity:settings.title")}</h2>
      <p>{t("integrity:settings.lead")}</p>
      <Form method="post" aria-labelledby="integrity-title" noValidate>
        <input type="hidden" name="intent" value={INTENT.integrity} />
        {THRESHOLD_FIELDS.map((name) => (
          <Field
            key={name}
            label={t(`integrity:settings.fields.${name}.label`)}
            name={name}
            inputMode="numeric"
            hint={t(`integrity:settings.fields.${name}.hint`, THRESHOLD_BOUNDS[name])}
            defaultValue={result?.intent === INTENT.integrity ? (result.values?.[name] ?? "") : String(integrity[name])}
            error={result?.intent === INTENT.integrity ? result.errors?.[name]?.[0] : undefined}
          />
        ))}
        <button type="submit" className="button secondary" disabled={navigation.state === "submitting"}>
          {t("integrity:settings.submit")}
        </button>
      </Form>
      <h2 id="logo-title">{t("logo.title")}</h2>
      <p>{t("logo.lead", { limit: formatBytes(MAX_LOGO_BYTES) })}</p>
      {logoError ? <FormAlert>{t(logoError, { limit: formatBytes(MAX_LOGO_BYTES), ...result?.formParams })}</FormAlert> : null}
      <p>{logo ? t("logo.current", { name: logo.originalName, size: formatBytes(logo.size) }) : t("logo.none")}</p>
      <Form method="post" encType="multipart/form-data" aria-labelledby="logo-title">
        <input type="hidden" name="intent" value={INTENT.logo} />
        <p>
          <label htmlFor="logo-file">{logo ? t("logo.replaceLabel") : t("logo.label")}</label>
          <input id="logo-file" type="file" name={LOGO_FIELD} accept={LOGO_ACCEPT} required />
        </p>
        <button type="submit" className="button secondary" disabled={navigation.state === "submitting"}>
          {logo ? t("logo.replace") : t("logo.upload")}
        </button>
      </Form>
      {logo ? (
        <Form method="post" aria-label={t("logo.remove")}>
          <input type="hidden" name="intent" value={INTENT.removeLogo} />
          <button type="submit" className="button secondary" disabled={navigation.state === "submitting"}>
            {t("logo.remove")}
          </button>
        </Form>
      ) : null}
    </section>
  );
}
