import { redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { parseForm } from "~/domains/proposals/proposal-forms.server";
import { StartSchema } from "~/domains/proposals/proposal-schemas";
import { getStartOptions, startProposal } from "~/domains/proposals/proposals.server";
import { Badge, FormAlert } from "~/components/ui/alerts";
import { EligibilityAwareAlert } from "~/components/calls/eligibility-panel";
import { STATUS_TONE } from "~/components/proposals/proposal-chrome";
import proposalStyles from "~/styles/proposals.css";
import { DomainError } from "~/utils/domain-error";
import { formatDateTime, formatMoney, localized } from "~/utils/i18n";
import { refusedForm } from "~/utils/forms.server";
import { clientIp } from "~/utils/rate-limit.server";
import { getActor, requirePermission } from "~/utils/session.server";
import { pageTitle } from "~/utils/page-title";
import { useLocale } from "~/components/ui/use-locale";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: proposalStyles }];

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "titles.newProposal");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await getActor(request);
  // The sign-in page says why it is asked for: to start a proposal in this call.
  if (!actor) throw redirect(`/login?${new URLSearchParams({ redirectTo: new URL(request.url).pathname, reason: "startProposal" })}`);
  // Signed in without an organization: the page says what to do instead of a bare 403.
  if (actor.organizations.length === 0) return { options: null };
  try {
    return { options: await getStartOptions({ actor, callId: params.callId ?? "", now: new Date() }) };
  } catch (error) {
    if (error instanceof DomainError && error.status === 404) throw new Response("Not found", { status: 404 });
    throw error;
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const now = new Date();
  const actor = await requirePermission(request, "edit:proposal:own");
  const { data: input, failure } = parseForm(await request.formData(), StartSchema, "start");
  if (failure) return failure;
  try {
    const proposal = await startProposal({
      actor,
      now,
      ipAddress: clientIp(request),
      callId: params.callId ?? "",
      organizationId: input.organizationId,
    });
    return redirect(`/proposals/${proposal.id}/summary`);
  } catch (error) {
    return refusedForm(error, { intent: "start" });
  }
}

export default function StartProposal() {
  const { options } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const locale = useLocale();
  const { t } = useTranslation("proposals");
  const navigation = useNavigation();
  if (!options) {
    return (
      <section aria-labelledby="start-title" className="narrow">
        <h1 id="start-title">{t("start.title")}</h1>
        <p className="empty-state">{t("start.noOrganization")}</p>
      </section>
    );
  }
  const { call, open, organizations } = options;
  return (
    <section aria-labelledby="start-title" className="proposal-page">
      <p className="breadcrumbs">
        <Link to={`/calls/${call.id}`}>{localized(call, "title", locale)}</Link>
      </p>
      <h1 id="start-title">{t("start.title")}</h1>
      <dl className="facts">
        <div>
          <dt>{t("heading.call")}</dt>
          <dd>
            {localized(call, "title", locale)} ({call.reference})
          </dd>
        </div>
        <div>
          <dt>{t("start.deadline")}</dt>
          <dd>{call.submissionDeadline ? formatDateTime(call.submissionDeadline, locale) : "—"}</dd>
        </div>
        <div>
          <dt>{t("budget.grantRange")}</dt>
          <dd>
            {formatMoney(call.minGrant, locale)} — {formatMoney(call.maxGrant, locale)}
          </dd>
        </div>
        <div>
          <dt>{t("start.limit")}</dt>
          <dd>{t("start.limitValue", { limit: call.maxProposalsPerOrganization })}</dd>
        </div>
      </dl>
      <EligibilityAwareAlert failure={result} />
      {!open ? <FormAlert code="proposals:errors.callClosed" /> : null}
      {organizations.map((organization) => {
        const full = organization.proposals.length >= call.maxProposalsPerOrganization;
        return (
          <div key={organization.id} className="panel">
            <h2>{localized(organization, "name", locale)}</h2>
            {organization.verification !== "VERIFIED" ? <p className="hint">{t("start.unverified")}</p> : null}
            {organization.proposals.length ? (
              <ul>
                {organization.proposals.map((p) => (
                  <li key={p.id}>
                    <Link to={`/proposals/${p.id}`}>{p.title.trim() || p.reference}</Link>{" "}
                    <Badge tone={STATUS_TONE[p.status]}>{t(`status.${p.status}`)}</Badge>
                  </li>
                ))}
              </ul>
            ) : null}
            {open && !full ? (
              <Form method="post">
                <input type="hidden" name="organizationId" value={organization.id} />
                <button type="submit" className="button" disabled={navigation.state === "submitting"}>
                  {t("start.button")}
                </button>
              </Form>
            ) : open ? (
              <p className="hint">{t("start.limitReached")}</p>
            ) : null}
          </div>
        );
      })}
    </section>
  );
}
