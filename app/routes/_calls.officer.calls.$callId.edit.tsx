import { redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { donePath } from "~/components/ui/alerts";
import { pickText } from "~/components/calls/call-display";
import { CallForm } from "~/components/calls/call-form";
import { callRefusal, parseCallForm } from "~/domains/calls/call-forms.server";
import { CallAmendSchema, CallDraftSchema, callFormValues } from "~/domains/calls/call-schemas";
import { callPhase } from "~/domains/calls/calls-rules";
import { amendCall, getCallForOfficer, updateDraftCall } from "~/domains/calls/calls.server";
import callsStyles from "~/styles/calls.css";
import { intentOf, readForm, unknownIntent } from "~/utils/forms.server";
import { requirePermission } from "~/utils/session.server";
import { priorityChoices } from "~/domains/priorities/priorities.server";
import { pageTitle } from "~/utils/page-title";
import { useLocale } from "~/components/ui/use-locale";

/** The intents this route's action dispatches on; its forms send the same constants. */
export const INTENT = { edit: "edit", amend: "amend" } as const;

export const links: LinksFunction = () => [{ rel: "stylesheet", href: callsStyles }];

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(matches, "titles.editCall", data?.title);

/** A draft is edited freely; a published, still open call is amended with a reason; anything else has nothing to edit. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "manage:call:any");
  const call = await getCallForOfficer({ actor, callId: params.callId ?? "" });
  if (!call) throw new Response("Not found", { status: 404 });
  const phase = callPhase(call, new Date());
  if (phase !== "draft" && phase !== "open" && phase !== "scheduled") throw redirect(`/officer/calls/${call.id}`);
  return {
    call,
    mode: phase === "draft" ? ("edit" as const) : ("amend" as const),
    title: pickText(call, "title", actor.locale).text,
    priorities: await priorityChoices(actor),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "manage:call:any");
  const callId = params.callId ?? "";
  const form = await readForm(request);
  const intent = intentOf(form, INTENT);
  if (!intent) return unknownIntent();
  if (intent === INTENT.edit) {
    const { data: input, values, failure } = parseCallForm(form, CallDraftSchema, intent);
    if (failure) return failure;
    try {
      await updateDraftCall({ actor, callId, input });
    } catch (error) {
      return callRefusal(error, { intent, details: { callValues: values } });
    }
    return redirect(donePath(`/officer/calls/${callId}`, "saved"));
  }
  if (intent === INTENT.amend) {
    const { data: input, values, failure } = parseCallForm(form, CallAmendSchema, intent);
    if (failure) return failure;
    try {
      const result = await amendCall({
        actor,
        callId,
        input,
        reason: input.reason,
        confirmedEligibility: String(form.get("confirmEligibility") ?? ""),
      });
      const path = `/officer/calls/${callId}`;
      return redirect(result.extended ? donePath(path, "extended", { until: result.deadline.toISOString() }) : donePath(path, "amended"));
    } catch (error) {
      return callRefusal(error, { intent, details: { callValues: values } });
    }
  }
  return unknownIntent();
}

export default function EditCall() {
  const { call, mode, priorities } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const locale = useLocale();
  const { t } = useTranslation("calls");
  const values = failure?.details?.callValues ?? callFormValues(call);
  return (
    <section aria-labelledby="edit-call-title">
      <p>
        <Link to={`/officer/calls/${call.id}`}>← {call.reference}</Link>
      </p>
      <h1 id="edit-call-title">{t(mode === "edit" ? "officer.editTitle" : "officer.amendTitle")}</h1>
      <p className="lead">{mode === "edit" ? pickText(call, "title", locale).text : t("officer.amendLead")}</p>
      <CallForm priorities={priorities} mode={mode} values={values} locale={locale} envelope={call.envelope} failure={failure} />
    </section>
  );
}
