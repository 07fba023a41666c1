import { randomUUID } from "node:crypto";
import { redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { parseForm } from "~/domains/proposals/proposal-forms.server";
import { intentOf, limitedForm, refusedForm, unknownIntent } from "~/utils/forms.server";
import { DoneNotice, donePath, FormAlert } from "~/components/ui/alerts";
import { SubmitSchema } from "~/domains/proposals/proposal-schemas";
import { discardDraft, getProposalForActor, problemsBySection } from "~/domains/proposals/proposals.server";
import { submitProposal, withdrawProposal } from "~/domains/proposals/submission.server";
import { InfoNote } from "~/components/proposals/fields";
import { EligibilityAwareAlert, EligibilityWarning } from "~/components/calls/eligibility-panel";
import { ProposalContent } from "~/components/proposals/proposal-content";
import { ProposalHeading, SectionNav } from "~/components/proposals/proposal-chrome";
import proposalStyles from "~/styles/proposals.css";
import { DomainError } from "~/utils/domain-error";
import { formatDateTime, formatMoney } from "~/utils/i18n";
import { clientIp, submitsByAccount, withRetryAfter } from "~/utils/rate-limit.server";
import { resolveLocale } from "~/utils/i18n.server";
import { requireActor, requirePermission } from "~/utils/session.server";
import { pageTitle } from "~/utils/page-title";
import { useLocale } from "~/components/ui/use-locale";

/** The intents this route's action dispatches on; its forms send the same constants. */
export const INTENT = { submit: "submit", withdraw: "withdraw", discard: "discard" } as const;

export const links: LinksFunction = () => [{ rel: "stylesheet", href: proposalStyles }];

export const headers = withRetryAfter;

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageTitle(matches, "titles.proposal", data?.view.proposal.reference);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const view = await getProposalForActor({ actor, proposalId: params.proposalId ?? "", now: new Date() });
  if (!view) throw new Response("Not found", { status: 404 });
  // A fresh key per rendering of the submit form: pressing it again (a retry) sends the same one.
  return { view, problems: problemsBySection(view), idempotencyKey: randomUUID() };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const now = new Date();
  const proposalId = params.proposalId ?? "";
  const form = await request.formData();
  const intent = intentOf(form, INTENT);
  if (!intent) return unknownIntent();
  const ipAddress = clientIp(request);
  switch (intent) {
    case INTENT.submit: {
      const actor = await requirePermission(request, "submit:proposal:own");
      // Here and not in submitProposal: a held-down button is an HTTP concern; the domain stays idempotent.
      // Counted at arrival: presses queued behind the database's writes are still presses of that second.
      const wait = await submitsByAccount().hit(actor.id, now.getTime());
      if (wait > 0) return limitedForm(wait, "proposals:errors.tooFast", { intent });
      const { data: input, failure } = parseForm(form, SubmitSchema, intent);
      if (failure) return failure;
      try {
        const locale = await resolveLocale(request, actor.locale);
        const receipt = await submitProposal({ actor, now, ipAddress, proposalId, idempotencyKey: input.idempotencyKey, locale });
        return redirect(`/proposals/${proposalId}/receipts/${receipt.number}`);
      } catch (error) {
        return refusedForm(error, { intent });
      }
    }
    case INTENT.withdraw: {
      const actor = await requirePermission(request, "submit:proposal:own");
      try {
        await withdrawProposal({ actor, now, ipAddress, proposalId });
      } catch (error) {
        return refusedForm(error, { intent });
      }
      return redirect(donePath(`/proposals/${proposalId}`, "withdrawn"));
    }
    case INTENT.discard: {
      const actor = await requirePermission(request, "edit:proposal:own");
      if (form.get("confirm") !== "yes") return refusedForm(new DomainError("proposals:errors.confirmDiscard", {}, 400), { intent });
      try {
        await discardDraft({ actor, now, ipAddress, proposalId });
      } catch (error) {
        return refusedForm(error, { intent });
      }
      return redirect(donePath("/proposals", "discarded"));
    }
    default:
      await requireActor(request);
      return unknownIntent();
  }
}

export default function ProposalOverview() {
  const { view, problems, idempotencyKey } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const locale = useLocale();
  const { t } = useTranslation("proposals");
  const navigation = useNavigation();
  const { proposal, can } = view;
  const latest = proposal.versions[0];
  const busy = navigation.state === "submitting";
  const failedSections = typeof result?.formParams?.sections === "string" ? result.formParams.sections.split(",") : [];
  return (
    <section aria-labelledby="proposal-title" className="proposal-page">
      <ProposalHeading proposal={proposal} locale={locale} />
      <DoneNotice ns="proposals" hidden={Boolean(result)} />
      {result?.formError === "calls:errors.ineligible" ? (
        <EligibilityAwareAlert failure={result} />
      ) : (
        <FormAlert
          failure={result}
          params={
            result?.formError
              ? {
                  ...result.formParams,
                  deadline: proposal.call.submissionDeadline ? formatDateTime(proposal.call.submissionDeadline, locale) : "",
                }
              : undefined
          }
        />
      )}
      {view.eligibility ? <EligibilityWarning eligibility={view.eligibility} enforcement={proposal.call.eligibilityEnforcement} /> : null}
      {failedSections.length ? (
        <ul className="problem-list">
          {failedSections.map((section) => (
            <li key={section}>
              <Link to={`/proposals/${proposal.id}/${section}`}>{t(`sections.${section}.title`)}</Link>:{" "}
              {t(`problems.${problems[section] ?? "incomplete"}`)}
            </li>
          ))}
        </ul>
      ) : null}
      {view.own && proposal.organization.verification !== "VERIFIED" ? <InfoNote code="notice.unverified" /> : null}
      {view.own && !view.onTime && ["DRAFT", "WITHDRAWN"].includes(proposal.status) && proposal.intake === "ONLINE" ? (
        <InfoNote code="notice.closedUnsubmitted" />
      ) : null}

      <div className="proposal-layout">
        {view.own && proposal.intake === "ONLINE" ? (
          <SectionNav proposalId={proposal.id} problems={problems} questions={view.hasQuestions ? "link" : undefined} />
        ) : null}
        <div className="proposal-main">
          <h2>{t("overview.submission")}</h2>
          <dl className="facts">
            <div>
              <dt>{t("overview.status")}</dt>
              <dd>{t(`status.${proposal.status}`)}</dd>
            </div>
            <div>
              <dt>{t("budget.requestedTotal")}</dt>
              <dd>
                {formatMoney(proposal.requestedTotal, locale)} (
                {t("overview.grantRange", {
                  min: formatMoney(proposal.call.minGrant, locale),
                  max: formatMoney(proposal.call.maxGrant, locale),
                })}
                )
              </dd>
            </div>
            {latest ? (
              <div>
                <dt>{t("overview.latestReceipt")}</dt>
                <dd>
                  <Link to={`/proposals/${proposal.id}/receipts/${latest.number}`}>{latest.receiptNumber}</Link> ·{" "}
                  {formatDateTime(latest.submittedAt, locale)}
                  {latest.withdrawnAt ? ` · ${t("overview.withdrawnAt", { date: formatDateTime(latest.withdrawnAt, locale) })}` : ""}
                </dd>
              </div>
            ) : null}
          </dl>

          {view.changedSinceSubmission && proposal.status === "SUBMITTED" ? <InfoNote code="notice.changedSinceSubmission" /> : null}

          {can.submit ? (
            <Form method="post" className="panel submit-panel" aria-labelledby="submit-title">
              <h3 id="submit-title">{latest ? t("overview.resubmitTitle") : t("overview.submitTitle")}</h3>
              {view.problems.length ? (
                <>
                  <p>{t("overview.notReady")}</p>
                  <ul className="problem-list">
                    {view.problems.map((p) => (
                      <li key={p.section}>
                        <Link to={`/proposals/${proposal.id}/${p.section}`}>{t(`sections.${p.section}.title`)}</Link>:{" "}
                        {t(`problems.${p.code}`)}
                      </li>
                    ))}
                  </ul>
                </>
              ) : (
                <p>{t("overview.ready", { deadline: formatDateTime(proposal.call.submissionDeadline!, locale) })}</p>
              )}
              <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
              <button type="submit" name="intent" value={INTENT.submit} className="button" disabled={busy}>
                {latest ? t("actions.resubmit") : t("actions.submit")}
              </button>
            </Form>
          ) : null}

          {can.withdraw ? (
            <Form method="post" className="panel" aria-labelledby="withdraw-title">
              <h3 id="withdraw-title">{t("overview.withdrawTitle")}</h3>
              <p className="hint">{t("overview.withdrawHint")}</p>
              <button type="submit" name="intent" value={INTENT.withdraw} className="button secondary" disabled={busy}>
                {t("actions.withdraw")}
              </button>
            </Form>
          ) : null}

          {proposal.versions.length ? (
            <>
              <h3>{t("overview.history")}</h3>
              <div className="table-scroll">
                <table className="stack-table">
                  <thead>
                    <tr>
                      <th scope="col">{t("overview.version")}</th>
                      <th scope="col">{t("receipt.number")}</th>
                      <th scope="col">{t("receipt.submittedAt")}</th>
                      <th scope="col">SHA-256</th>
                    </tr>
                  </thead>
                  <tbody>
                    {proposal.versions.map((v) => (
                      <tr key={v.number}>
                        <td>
                          {v.number}
                          {v.withdrawnAt
                            ? ` (${t("overview.withdrawn")})`
                            : v === latest && proposal.status === "SUBMITTED"
                              ? ` (${t("overview.counts")})`
                              : ""}
                        </td>
                        <td data-label={t("receipt.number")}>
                          <Link to={`/proposals/${proposal.id}/receipts/${v.number}`}>{v.receiptNumber}</Link>
                        </td>
                        <td data-label={t("receipt.submittedAt")}>{formatDateTime(v.submittedAt, locale)}</td>
                        <td data-label="SHA-256">
                          <code>{v.contentSha256.slice(0, 16)}…</code>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          ) : null}

          <h2>{t("overview.content")}</h2>
          <ProposalContent view={view} locale={locale} />

          {can.discard ? (
            <Form method="post" className="panel danger" aria-labelledby="discard-title">
              <h3 id="discard-title">{t("overview.discardTitle")}</h3>
              <label className="checkbox">
                <input type="checkbox" name="confirm" value="yes" required /> {t("overview.discardConfirm")}
              </label>
              <button type="submit" name="intent" value={INTENT.discard} className="button secondary" disabled={busy}>
                {t("actions.discard")}
              </button>
            </Form>
          ) : null}
        </div>
      </div>
    </section>
  );
}
