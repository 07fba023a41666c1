import { redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { donePath } from "~/components/ui/alerts";
import { CallForm } from "~/components/calls/call-form";
import { listAppropriationsForCalls } from "~/domains/budgets/budgets.server";
import { callRefusal, parseCallForm } from "~/domains/calls/call-forms.server";
import { CallCreateSchema, callFormValues } from "~/domains/calls/call-schemas";
import { createCall } from "~/domains/calls/calls.server";
import callsStyles from "~/styles/calls.css";
import { formatMoney, localized } from "~/utils/i18n";
import { getFixedT } from "~/utils/i18n.server";
import { readForm } from "~/utils/forms.server";
import { requirePermission } from "~/utils/session.server";
import { priorityChoices } from "~/domains/priorities/priorities.server";
import { pageTitle } from "~/utils/page-title";
import { useLocale } from "~/components/ui/use-locale";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: callsStyles }];

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "titles.newCall");

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "manage:call:any");
  const t = await getFixedT(actor.locale, "calls");
  const appropriations = (await listAppropriationsForCalls(actor)).map((a) => ({
    id: a.id,
    label: t("form.appropriationOption", {
      year: a.fiscalYear,
      programme: `${a.programme.code} ${localized(a.programme, "name", actor.locale)}`,
      free: formatMoney(a.free, actor.locale),
    }),
  }));
  return { title: t("officer.newTitle"), appropriations, priorities: await priorityChoices(actor) };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "manage:call:any");
  const { data: input, values, failure } = parseCallForm(await readForm(request), CallCreateSchema, "create");
  if (failure) return failure;
  try {
    const call = await createCall({ actor, input, appropriationId: input.appropriationId });
    return redirect(donePath(`/officer/calls/${call.id}`, "created"));
  } catch (error) {
    return callRefusal(error, { intent: "create", details: { callValues: values } });
  }
}

export default function NewCall() {
  const { appropriations, priorities } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const locale = useLocale();
  const { t } = useTranslation("calls");
  const values = failure?.details?.callValues ?? {
    ...callFormValues(null),
    appropriationId: appropriations[0]?.id ?? "",
  };
  return (
    <section aria-labelledby="new-call-title">
      <p>
        <Link to="/officer/calls">← {t("officer.backToList")}</Link>
      </p>
      <h1 id="new-call-title">{t("officer.newTitle")}</h1>
      <p className="lead">{t("officer.newLead")}</p>
      {appropriations.length === 0 ? (
        <p className="empty-state">
          {t("officer.noAppropriation")} <Link to="/budgets/programmes">{t("officer.toProgrammes")}</Link>
        </p>
      ) : (
        <CallForm priorities={priorities} mode="create" values={values} locale={locale} appropriations={appropriations} failure={failure} />
      )}
    </section>
  );
}
