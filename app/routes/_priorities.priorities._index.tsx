import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { MunicipalityChooser } from "~/components/municipalities/municipality-chooser";
import { DoneNotice, donePath, fieldError, FormAlert } from "~/components/ui/alerts";
import { Field, TextAreaField } from "~/components/ui/field";
import { useLocale } from "~/components/ui/use-locale";
import { MUNICIPALITY_PARAM, publicMunicipalityScope } from "~/domains/municipalities/publisher.server";
import { ProposeProblemSchema, SupportSchema } from "~/domains/priorities/priority-schemas";
import { proposeProblem, publicPriorities, supportProblem, yearOf } from "~/domains/priorities/priorities.server";
import { intentOf, invalidForm, readForm, refusedForm, unknownIntent, validateForm } from "~/utils/forms.server";
import { formatDate, formatMoney, localized } from "~/utils/i18n";
import { pageTitle } from "~/utils/page-title";
import { getActor, requireActor } from "~/utils/session.server";

export const INTENT = { propose: "propose", support: "support" } as const;

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "titles.priorities");

function chosenYear(url: URL) {
  const year = Number(url.searchParams.get("year"));
  return Number.isInteger(year) && year >= 2000 && year <= 2100 ? year : yearOf(new Date());
}

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const { municipalities, chosen } = await publicMunicipalityScope(url);
  const year = chosenYear(url);
  const actor = await getActor(request);
  // A problem is proposed to one municipality: the chosen one, or the only one the portal serves.
  const proposeTo = chosen ?? (municipalities.length === 1 ? municipalities[0]! : null);
  return {
    municipalities,
    chosen: chosen?.slug ?? null,
    year,
    signedIn: Boolean(actor),
    proposeTo: proposeTo?.slug ?? null,
    here: url.pathname + url.search,
    ...(await publicPriorities({ municipalityId: chosen?.id ?? null, year })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const url = new URL(request.url);
  const back = url.pathname + url.search.replace(/([?&])done=[^&]*&?/, "$1").replace(/[?&]$/, "");
  const form = await readForm(request);
  const intent = intentOf(form, INTENT);
  if (!intent) return unknownIntent();
  try {
    switch (intent) {
      case INTENT.propose: {
        const { data, failure } = validateForm(form, ProposeProblemSchema, ["title", "description"], intent);
        if (failure) return failure;
        const { municipalities } = await publicMunicipalityScope(url);
        const slug = String(form.get(MUNICIPALITY_PARAM) ?? "");
        const municipality = municipalities.find((m) => m.slug === slug) ?? (municipalities.length === 1 ? municipalities[0] : undefined);
        if (!municipality)
          return invalidForm(
            {},
            { intent, formError: "priorities:errors.chooseMunicipality", values: { title: data.title, description: data.description } },
          );
        await proposeProblem({ actor, municipalityId: municipality.id, input: data });
        return redirect(donePath(back, "proposed"));
      }
      case INTENT.support: {
        const { data, failure } = validateForm(form, SupportSchema, [], intent);
        if (failure) return failure;
        await supportProblem({ actor, problemId: data.problemId });
        return redirect(donePath(back, "supported"));
      }
    }
  } catch (error) {
    return refusedForm(error, { intent });
  }
}

export default function Priorities() {
  const data = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const { t } = useTranslation("priorities");
  const locale = useLocale();
  const hearingOf = (id: string) => data.hearings.find((h) => h.id === id);
  const yearLink = (year: number) =>
    `/priorities?${new URLSearchParams({ ...(data.chosen ? { municipality: data.chosen } : {}), year: String(year) })}`;
  return (
    <section aria-labelledby="priorities-title" className="stack">
      <h1 id="priorities-title">{t("public.title", { year: data.year })}</h1>
      <p className="lead">{t("public.lead")}</p>
      <MunicipalityChooser municipalities={data.municipalities} chosen={data.chosen} id="priorities-municipality" />
      <nav aria-label={t("officer.years")}>
        <Link to={yearLink(data.year - 1)}>← {data.year - 1}</Link> · <Link to={yearLink(data.year + 1)}>{data.year + 1} →</Link>
      </nav>
      <DoneNotice ns="priorities" hidden={Boolean(failure)} />
      <FormAlert failure={failure} intent={INTENT.support} />

      {data.studies.length ? (
        <>
          <h2>{t("public.studies")}</h2>
          <ul>
            {data.studies.map((study) => (
              <li key={study.id}>
                <strong>{study.title}</strong> {study.summary}{" "}
                {study.attachment ? <a href={`/priorities/files/${study.attachment.id}`}>{study.attachment.originalName}</a> : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}

      <h2>{t("public.problems")}</h2>
      {data.problems.length === 0 ? <p className="empty-state">{t("public.none")}</p> : null}
      <ol className="card-list" aria-label={t("public.problems")}>
        {data.problems.map((problem) => {
          const hearing = problem.hearing ? hearingOf(problem.hearing.id) : undefined;
          return (
            <li key={problem.id} className="card" aria-labelledby={`problem-${problem.id}`}>
              <h3 id={`problem-${problem.id}`}>
                {problem.rank ? `${t("rank", { rank: problem.rank })} · ` : ""}
                {problem.title}
              </h3>
              <p className="meta">
                {localized(problem.municipality, "name", locale)} · {t(`origin.${problem.origin}`)}
              </p>
              {problem.description ? <p>{problem.description}</p> : null}
              {problem.rank ? (
                <dl>
                  <dt>{t("form.reason")}</dt>
                  <dd>{problem.reason}</dd>
                  <dt>{t("form.targetGroups")}</dt>
                  <dd>{problem.targetGroups}</dd>
                  {problem.programme ? (
                    <>
                      <dt>{t("form.programme")}</dt>
                      <dd>
                        {problem.programme.code} {localized(problem.programme, "name", locale)}
                      </dd>
                    </>
                  ) : null}
                </dl>
              ) : null}
              {hearing ? (
                <p>
                  {t("public.raisedAt", { date: formatDate(hearing.heldOn, locale), place: hearing.place })}{" "}
                  {t("attendance", { female: hearing.attendeesFemale, male: hearing.attendeesMale })}{" "}
                  {hearing.minutes ? <a href={`/priorities/files/${hearing.minutes.id}`}>{t("minutes")}</a> : null}
                </p>
              ) : null}
              <p>
                <strong>
                  {t("support", { total: problem.support.total, online: problem.support.online, paper: problem.support.paper })}
                </strong>
              </p>
              {data.signedIn ? (
                <Form method="post">
                  <input type="hidden" name="intent" value={INTENT.support} />
                  <input type="hidden" name="problemId" value={problem.id} />
                  <button type="submit">{t("public.supportButton")}</button>
                </Form>
              ) : null}
              {problem.calls.length ? (
                <div className="table-scroll">
                  <table>
                    <caption>{t("public.calls")}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t("public.call")}</th>
                        <th scope="col">{t("public.awards")}</th>
                        <th scope="col">{t("public.committed")}</th>
                        <th scope="col">{t("public.paid")}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {problem.calls.map((call) => (
                        <tr key={call.id}>
                          <td>
                            <Link to={`/calls/${call.id}`}>
                              {call.reference} {localized(call, "title", locale)}
                            </Link>
                          </td>
                          <td>{call.awards}</td>
                          <td className="numeric">{formatMoney(call.committed, locale)}</td>
                          <td className="numeric">{formatMoney(call.paid, locale)}</td>
                        </tr>
                      ))}
                    </tbody>
                    <tfoot>
                      <tr>
                        <th scope="row">{t("public.total")}</th>
                        <td>{problem.totals.awards}</td>
                        <td className="numeric">{formatMoney(problem.totals.committed, locale)}</td>
                        <td className="numeric">{formatMoney(problem.totals.paid, locale)}</td>
                      </tr>
                    </tfoot>
                  </table>
                </div>
              ) : problem.rank ? (
                <p className="hint">{t("public.noCalls")}</p>
              ) : null}
            </li>
          );
        })}
      </ol>

      <h2>{t("public.propose")}</h2>
      {!data.signedIn ? (
        <p>
          <Link to={`/login?${new URLSearchParams({ redirectTo: data.here })}`}>{t("public.signInToPropose")}</Link>
        </p>
      ) : data.proposeTo ? (
        <Form method="post" className="stack">
          <input type="hidden" name="intent" value={INTENT.propose} />
          <input type="hidden" name="municipality" value={data.proposeTo} />
          <FormAlert failure={failure} intent={INTENT.propose} />
          <Field
            label={t("form.problemTitle")}
            name="title"
            defaultValue={failure?.intent === INTENT.propose ? String(failure.values?.title ?? "") : ""}
            error={fieldError(failure, "title", INTENT.propose)}
          />
          <TextAreaField
            label={t("form.problemDescription")}
            name="description"
            rows={3}
            defaultValue={failure?.intent === INTENT.propose ? String(failure.values?.description ?? "") : ""}
            error={fieldError(failure, "description", INTENT.propose)}
          />
          <button type="submit">{t("public.proposeButton")}</button>
        </Form>
      ) : (
        <p className="hint">{t("public.chooseToPropose")}</p>
      )}
    </section>
  );
}
