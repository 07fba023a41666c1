import { ProtocolLinks } from "~/components/reviews/review-ui";
import { redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { TextAreaField } from "~/components/ui/field";
import { useValidatedForm } from "~/components/forms/use-validated-form";
import { Badge, DoneNotice, donePath, FormAlert, Notice } from "~/components/ui/alerts";
import { useLocale } from "~/components/ui/use-locale";
import { declareConflicts, getMemberCall, updateAffiliations } from "~/domains/reviews/commission.server";
import { orRespond } from "~/utils/loader-refusal.server";
import { AffiliationsSchema, declarationsSchema } from "~/domains/reviews/review-schemas";
import styles from "~/styles/reviews.css";
import { fieldErrorsOf, formToObject, intentOf, invalidForm, refusedForm, unknownIntent } from "~/utils/forms.server";
import { formatDateTime, localized } from "~/utils/i18n";
import { requirePermission } from "~/utils/session.server";
import { pageTitle } from "~/utils/page-title";

/** The intents this route's action dispatches on; its forms send the same constants. */
export const INTENT = { affiliations: "affiliations", declare: "declare" } as const;

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(matches, "titles.reviewCall", data?.call.reference);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "read:proposal:assigned");
  return orRespond(() => getMemberCall({ actor, callId: params.callId ?? "" }));
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "declare:conflict:assigned");
  const callId = params.callId ?? "";
  const raw = formToObject(await request.formData());
  const intent = intentOf(raw, INTENT);
  if (!intent) return unknownIntent();
  try {
    if (intent === INTENT.affiliations) {
      const parsed = AffiliationsSchema.safeParse(raw);
      if (!parsed.success) return invalidForm(fieldErrorsOf(parsed.error), { intent: INTENT.affiliations });
      await updateAffiliations({
        actor,
        callId,
        affiliations: parsed.data.affiliations,
      });
      return redirect(donePath(`/review/${callId}`, "affiliations"));
    }
    if (intent === INTENT.declare) {
      const view = await getMemberCall({ actor, callId });
      const parsed = declarationsSchema(view.applicants.map((a) => a.id)).safeParse(raw);
      if (!parsed.success) return invalidForm(fieldErrorsOf(parsed.error), { intent: INTENT.declare, values: raw });
      await declareConflicts({ actor, callId, declarations: parsed.data });
      return redirect(donePath(`/review/${callId}`, "declared"));
    }
  } catch (error) {
    return refusedForm(error, { intent });
  }
  throw new Response("Bad request", { status: 400 });
}

export default function MemberCall() {
  const data = useLoaderData<typeof loader>();
  const { call, seat, open, ready, proposals } = data;
  const { t } = useTranslation("reviews");
  const locale = useLocale();
  return (
    <section aria-labelledby="call-title">
      <header className="page-head">
        <p className="meta">
          {call.reference} · {t(`role.${seat.role}`)}
        </p>
        <h1 id="call-title">{localized(call, "title", locale)}</h1>
        {seat.role === "CHAIR" ? (
          <ul className="subnav">
            <li>
              <Link to={`/review/${call.id}/board`}>{t("member.board")}</Link>
            </li>
            <li>
              <Link to={`/review/${call.id}/appeals`}>{t("member.appeals")}</Link>
            </li>
            <ProtocolLinks callId={call.id} />
          </ul>
        ) : null}
      </header>
      <DoneNotice ns="reviews" />
      {!open ? (
        <p className="empty-state">
          {t("member.notYet", {
            date: call.submissionDeadline ? formatDateTime(call.submissionDeadline, locale) : "—",
          })}
        </p>
      ) : (
        <>
          {ready ? <ProposalList proposals={proposals} callId={call.id} /> : <Notice tone="error">{t("member.declareFirst")}</Notice>}
          <Declarations />
          <Affiliations current={seat.affiliations} />
        </>
      )}
    </section>
  );
}

function ProposalList({ proposals, callId }: { proposals: ReturnType<typeof useLoaderData<typeof loader>>["proposals"]; callId: string }) {
  const { t } = useTranslation("reviews");
  const locale = useLocale();
  const TONE = {
    todo: "wait",
    draft: "wait",
    submitted: "ok",
    conflict: "neutral",
  } as const;
  return (
    <section aria-labelledby="proposals-title">
      <h2 id="proposals-title">{t("member.proposals")}</h2>
      {proposals.length === 0 ? (
        <p className="empty-state">{t("member.noProposals")}</p>
      ) : proposals.some((p) => p.state !== "conflict") ? (
        <p>
          <a className="button secondary" href={`/review/${callId}/dossiers.zip`} download>
            {t("dossier.all")}
          </a>{" "}
          <span className="meta">{t("dossier.allHint")}</span>
        </p>
      ) : null}
      <ul className="item-list">
        {proposals.map((p) => (
          <li key={p.id} className="item">
            <div className="item-head">
              <h3>
                {p.state === "conflict" ? p.reference : <Link to={`/review/${callId}/proposals/${p.id}`}>{p.title || p.reference}</Link>}
              </h3>
              <Badge tone={TONE[p.state]}>{t(`member.state.${p.state}`)}</Badge>
            </div>
            <p className="meta">
              {p.reference} · {localized(p.organization, "name", locale)}
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Declarations() {
  const { applicants, ready } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const mine = result?.intent === INTENT.declare ? result : undefined;
  const { t } = useTranslation("reviews");
  const locale = useLocale();
  const navigation = useNavigation();
  const schema = useMemo(() => declarationsSchema(applicants.map((a) => a.id)), [applicants]);
  const { register, errorFor, onSubmit } = useValidatedForm(schema, {
    serverErrors: mine?.errors,
  });
  return (
    <section className="panel" aria-labelledby="declarations-title">
      <h2 id="declarations-title">{t("declare.title")}</h2>
      <p>{t(ready ? "declare.leadDone" : "declare.lead")}</p>
      {/* Complete declarations fold away; they stay open while any is missing or refused. */}
      <details open={!ready || Boolean(mine)}>
        <summary>{t("declare.show")}</summary>
        <Form method="post" onSubmit={onSubmit} noValidate>
          <FormAlert failure={mine} />
          <input type="hidden" name="intent" value={INTENT.declare} />
          {applicants.map((a) => {
            const declared = a.declaration;
            const binding = declared?.hasConflict === true;
            const initial = declared ? (declared.hasConflict ? "yes" : "no") : (mine?.values?.[`conflict_${a.id}`] ?? undefined);
            return (
              <fieldset key={a.id} className="item">
                <legend>
                  <strong>{localized(a, "name", locale)}</strong>
                </legend>
                <p className="meta">
                  {t("declare.identifiers", {
                    registrationNumber: a.registrationNumber,
                    tin: a.tin,
                  })}
                  {a.likely ? (
                    <>
                      {" "}
                      <Badge tone="bad">{t(`declare.likely.${a.likely}`)}</Badge>
                    </>
                  ) : null}
                </p>
                {binding ? (
                  <>
                    <input type="hidden" value="yes" {...register(`conflict_${a.id}`)} />
                    <input type="hidden" value={declared.reason} {...register(`reason_${a.id}`)} />
                    <p>
                      <Badge tone="neutral">{t("declare.conflictDeclared")}</Badge> {declared.reason}
                    </p>
                  </>
                ) : (
                  <>
                    <div className="choice-row" role="radiogroup" aria-label={t("declare.choice")}>
                      <label className="choice">
                        <input type="radio" value="no" defaultChecked={initial === "no"} {...register(`conflict_${a.id}`)} />{" "}
                        {t("declare.noConflict")}
                      </label>
                      <label className="choice">
                        <input type="radio" value="yes" defaultChecked={initial === "yes"} {...register(`conflict_${a.id}`)} />{" "}
                        {t("declare.conflict")}
                      </label>
                    </div>
                    {errorFor(`conflict_${a.id}`) ? (
                      <p className="field-error" role="alert">
                        {t(errorFor(`conflict_${a.id}`)!)}
                      </p>
                    ) : null}
                    <TextAreaField
                      label={t("declare.reason")}
                      hint={t("declare.reasonHint")}
                      rows={2}
                      defaultValue={mine?.values?.[`reason_${a.id}`] ?? declared?.reason}
                      error={errorFor(`reason_${a.id}`)}
                      {...register(`reason_${a.id}`)}
                    />
                  </>
                )}
              </fieldset>
            );
          })}
          <button type="submit" className="button" disabled={navigation.state === "submitting"}>
            {t("declare.submit")}
          </button>
        </Form>
      </details>
    </section>
  );
}

function Affiliations({ current }: { current: string[] }) {
  const result = useActionData<typeof action>();
  const mine = result?.intent === INTENT.affiliations ? result : undefined;
  const { t } = useTranslation("reviews");
  const { register, errorFor, onSubmit } = useValidatedForm(AffiliationsSchema, { serverErrors: mine?.errors });
  return (
    <section className="panel" aria-labelledby="affiliations-title">
      <h2 id="affiliations-title">{t("affiliations.title")}</h2>
      <Form method="post" onSubmit={onSubmit} noValidate className="narrow">
        <FormAlert failure={mine} />
        <input type="hidden" name="intent" value={INTENT.affiliations} />
        <TextAreaField
          label={t("affiliations.label")}
          hint={t("affiliations.hint")}
          rows={2}
          defaultValue={current.join(", ")}
          error={errorFor("affiliations")}
          {...register("affiliations")}
        />
        <button type="submit" className="button secondary">
          {t("affiliations.submit")}
        </button>
      </Form>
    </section>
  );
}
