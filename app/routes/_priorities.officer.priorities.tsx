import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DoneNotice, donePath, fieldError, FormAlert } from "~/components/ui/alerts";
import { Field, SelectField, TextAreaField } from "~/components/ui/field";
import { useLocale } from "~/components/ui/use-locale";
import { CSV_FORMAT } from "~/domains/files/file-rules";
import { discardUpload, receiveUpload, UploadError, type ReceivedUpload } from "~/domains/files/files.server";
import { HearingSchema, NeedsStudySchema, PrioritySchema, TallySchema } from "~/domains/priorities/priority-schemas";
import {
  importPaperTally,
  officerPriorities,
  recordHearing,
  recordNeedsStudy,
  setPriority,
  yearOf,
} from "~/domains/priorities/priorities.server";
import { intentOf, invalidForm, isMultipart, readForm, refusedForm, unknownIntent, validateForm } from "~/utils/forms.server";
import { formatDate, formatDateTime, localized } from "~/utils/i18n";
import { pageTitle } from "~/utils/page-title";
import { requirePermission } from "~/utils/session.server";

export const INTENT = { study: "study", hearing: "hearing", tally: "tally", priority: "priority" } as const;

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "titles.officerPriorities");

const PATH = "/officer/priorities";

function chosenYear(url: URL) {
  const year = Number(url.searchParams.get("year"));
  return Number.isInteger(year) && year >= 2000 && year <= 2100 ? year : yearOf(new Date());
}

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "manage:priorities:any");
  const year = chosenYear(new URL(request.url));
  return { year, ...(await officerPriorities({ actor, year })) };
}

/** The study and hearing forms may carry a file (multipart); the others are plain forms. */
async function readFields(request: Request, intentFile: (intent: string) => "document" | "csv" | null) {
  if (!isMultipart(request)) return { form: await readForm(request), upload: null };
  const kind = intentFile(new URL(request.url).searchParams.get("form") ?? "");
  const upload = await receiveUpload(request, {
    fileFields: ["file"],
    maxFields: 12,
    maxFieldBytes: 64 * 1024,
    ...(kind === "csv" ? { formats: [CSV_FORMAT], maxFileBytes: 1024 * 1024 } : {}),
  });
  const form = new FormData();
  for (const [name, value] of Object.entries(upload.fields)) form.set(name, value);
  return { form, upload };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "manage:priorities:any");
  let upload: ReceivedUpload | null = null;
  let intent: (typeof INTENT)[keyof typeof INTENT] | null = null;
  try {
    const read = await readFields(request, (form) => (form === INTENT.tally ? "csv" : "document"));
    upload = read.upload;
    const form = read.form;
    intent = intentOf(form, INTENT);
    if (!intent) return unknownIntent();
    const file = upload?.files[0] ?? null;
    switch (intent) {
      case INTENT.study: {
        const { data, failure } = validateForm(form, NeedsStudySchema, ["year", "title", "summary"], intent);
        if (failure) return failure;
        await recordNeedsStudy({ actor, input: data, file });
        return redirect(donePath(`${PATH}?year=${data.year}`, "study"));
      }
      case INTENT.hearing: {
        const { data, failure } = validateForm(
          form,
          HearingSchema,
          ["heldOn", "place", "invited", "attendeesFemale", "attendeesMale", "problems"],
          intent,
        );
        if (failure) return failure;
        await recordHearing({ actor, input: data, minutes: file });
        return redirect(donePath(`${PATH}?year=${yearOf(data.heldOn)}`, "hearing"));
      }
      case INTENT.tally: {
        const { data, failure } = validateForm(form, TallySchema, ["csv"], intent);
        if (failure) return failure;
        const csv = String(form.get("csv") ?? "");
        if (!file && !csv.trim()) return invalidForm({ csv: ["priorities:form.error.csvMissing"] }, { intent, values: { csv } });
        const result = await importPaperTally({ actor, hearingId: data.hearingId, csv, file });
        return redirect(donePath(PATH, "tally", { total: String(result.total) }));
      }
      case INTENT.priority: {
        const { data, failure } = validateForm(
          form,
          PrioritySchema,
          ["problemId", "rank", "reason", "targetGroups", "programmeId"],
          intent,
        );
        if (failure) return failure;
        await setPriority({ actor, input: data });
        return redirect(donePath(PATH, "priority"));
      }
    }
  } catch (error) {
    return refusedForm(error, { intent: intent ?? undefined, values: error instanceof UploadError ? error.fields : undefined });
  } finally {
    await discardUpload(upload);
  }
}

export default function OfficerPriorities() {
  const { year, studies, hearings, problems, programmes } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const { t } = useTranslation("priorities");
  const locale = useLocale();
  const kept = (intent: string, name: string) => (failure && failure.intent === intent ? String(failure.values?.[name] ?? "") : "");
  const err = (intent: string, name: string) => fieldError(failure, name, intent);
  return (
    <section aria-labelledby="priorities-title" className="stack">
      <h1 id="priorities-title">{t("officer.title", { year })}</h1>
      <p className="lead">{t("officer.lead")}</p>
      <DoneNotice ns="priorities" hidden={Boolean(failure)} />
      <nav aria-label={t("officer.years")}>
        <Link to={`${PATH}?year=${year - 1}`}>← {year - 1}</Link> · <Link to={`/priorities`}>{t("officer.publicPage")}</Link> ·{" "}
        <Link to={`${PATH}?year=${year + 1}`}>{year + 1} →</Link>
      </nav>

      <h2>{t("officer.problems")}</h2>
      {problems.length === 0 ? <p className="empty-state">{t("officer.noProblems")}</p> : null}
      <ol className="card-list">
        {problems.map((problem) => (
          <li key={problem.id} className="card">
            <h3>
              {problem.rank ? `${t("rank", { rank: problem.rank })} · ` : ""}
              {problem.title}
            </h3>
            {problem.description ? <p>{problem.description}</p> : null}
            <p className="hint">
              {t(`origin.${problem.origin}`)} ·{" "}
              {t("support", { total: problem.support.total, online: problem.support.online, paper: problem.support.paper })}
            </p>
            <Form method="post" className="stack">
              <input type="hidden" name="intent" value={INTENT.priority} />
              <input type="hidden" name="problemId" value={problem.id} />
              {failure?.intent === INTENT.priority && failure.values?.problemId === problem.id ? <FormAlert failure={failure} /> : null}
              <Field
                id={`rank-${problem.id}`}
                label={t("form.rank")}
                name="rank"
                inputMode="numeric"
                defaultValue={problem.rank ? String(problem.rank) : ""}
                error={failure?.values?.problemId === problem.id ? err(INTENT.priority, "rank") : undefined}
              />
              <TextAreaField
                id={`reason-${problem.id}`}
                label={t("form.reason")}
                name="reason"
                rows={2}
                defaultValue={problem.reason}
                error={failure?.values?.problemId === problem.id ? err(INTENT.priority, "reason") : undefined}
              />
              <Field
                id={`groups-${problem.id}`}
                label={t("form.targetGroups")}
                name="targetGroups"
                defaultValue={problem.targetGroups}
                error={failure?.values?.problemId === problem.id ? err(INTENT.priority, "targetGroups") : undefined}
              />
              <SelectField
                id={`programme-${problem.id}`}
                label={t("form.programme")}
                name="programmeId"
                defaultValue={problem.programmeId ?? ""}
                options={[
                  { value: "", label: t("form.chooseProgramme") },
                  ...programmes.map((p) => ({ value: p.id, label: `${p.code} ${localized(p, "name", locale)}` })),
                ]}
                error={failure?.values?.problemId === problem.id ? err(INTENT.priority, "programmeId") : undefined}
              />
              <button type="submit">{t("form.setPriority")}</button>
            </Form>
          </li>
        ))}
      </ol>

      <h2>{t("officer.hearings")}</h2>
      {hearings.length === 0 ? <p className="empty-state">{t("officer.noHearings")}</p> : null}
      {hearings.map((hearing) => (
        <article key={hearing.id} className="card">
          <h3>
            {formatDate(hearing.heldOn, locale)} · {hearing.place}
          </h3>
          <p>{t("attendance", { female: hearing.attendeesFemale, male: hearing.attendeesMale })}</p>
          {hearing.invited ? <p>{t("invited", { invited: hearing.invited })}</p> : null}
          {hearing.minutes ? (
            <p>
              <a href={`/priorities/files/${hearing.minutes.id}`}>{t("minutes")}</a>
            </p>
          ) : null}
          <ol>
            {hearing.problems.map((p) => (
              <li key={p.id}>{p.title}</li>
            ))}
          </ol>
          {hearing.tallies.length ? (
            <ul className="hint">
              {hearing.tallies.map((tally) => (
                <li key={tally.id}>
                  {t("tallyLine", {
                    votes: tally.count,
                    problem: hearing.problems.find((p) => p.id === tally.problemId)?.title ?? "",
                    who: tally.enteredBy,
                    when: formatDateTime(tally.enteredAt, locale),
                  })}
                </li>
              ))}
            </ul>
          ) : null}
          <Form method="post" encType="multipart/form-data" action={`${PATH}?form=${INTENT.tally}`} className="stack">
            <input type="hidden" name="intent" value={INTENT.tally} />
            <input type="hidden" name="hearingId" value={hearing.id} />
            <FormAlert failure={failure} intent={INTENT.tally} />
            <Field id={`tally-file-${hearing.id}`} label={t("form.tallyFile")} name="file" type="file" accept=".csv,text/csv" />
            <TextAreaField
              id={`tally-csv-${hearing.id}`}
              label={t("form.tallyText")}
              hint={t("form.tallyHint")}
              name="csv"
              rows={3}
              defaultValue={kept(INTENT.tally, "csv")}
              error={err(INTENT.tally, "csv")}
            />
            <button type="submit">{t("form.importTally")}</button>
          </Form>
        </article>
      ))}

      <h2>{t("officer.newHearing")}</h2>
      <Form method="post" encType="multipart/form-data" action={`${PATH}?form=${INTENT.hearing}`} className="stack">
        <input type="hidden" name="intent" value={INTENT.hearing} />
        <FormAlert failure={failure} intent={INTENT.hearing} />
        <Field
          label={t("form.heldOn")}
          name="heldOn"
          type="date"
          defaultValue={kept(INTENT.hearing, "heldOn")}
          error={err(INTENT.hearing, "heldOn")}
        />
        <Field label={t("form.place")} name="place" defaultValue={kept(INTENT.hearing, "place")} error={err(INTENT.hearing, "place")} />
        <TextAreaField
          label={t("form.invited")}
          name="invited"
          rows={2}
          defaultValue={kept(INTENT.hearing, "invited")}
          error={err(INTENT.hearing, "invited")}
        />
        <Field
          label={t("form.attendeesFemale")}
          name="attendeesFemale"
          inputMode="numeric"
          defaultValue={kept(INTENT.hearing, "attendeesFemale")}
          error={err(INTENT.hearing, "attendeesFemale")}
        />
        <Field
          label={t("form.attendeesMale")}
          name="attendeesMale"
          inputMode="numeric"
          defaultValue={kept(INTENT.hearing, "attendeesMale")}
          error={err(INTENT.hearing, "attendeesMale")}
        />
        <TextAreaField
          label={t("form.problems")}
          hint={t("form.problemsHint")}
          name="problems"
          rows={4}
          defaultValue={kept(INTENT.hearing, "problems")}
          error={err(INTENT.hearing, "problems")}
        />
        <Field id="hearing-minutes" label={t("form.minutes")} name="file" type="file" />
        <button type="submit">{t("form.recordHearing")}</button>
      </Form>

      <h2>{t("officer.studies")}</h2>
      <ul>
        {studies.map((study) => (
          <li key={study.id}>
            <strong>{study.title}</strong> {study.summary}{" "}
            {study.attachment ? <a href={`/priorities/files/${study.attachment.id}`}>{study.attachment.originalName}</a> : null}
          </li>
        ))}
      </ul>
      <Form method="post" encType="multipart/form-data" action={`${PATH}?form=${INTENT.study}`} className="stack">
        <input type="hidden" name="intent" value={INTENT.study} />
        <FormAlert failure={failure} intent={INTENT.study} />
        <Field
          id="study-year"
          label={t("form.year")}
          name="year"
          inputMode="numeric"
          defaultValue={kept(INTENT.study, "year") || String(year)}
          error={err(INTENT.study, "year")}
        />
        <Field
          id="study-title"
          label={t("form.studyTitle")}
          name="title"
          defaultValue={kept(INTENT.study, "title")}
          error={err(INTENT.study, "title")}
        />
        <TextAreaField
          id="study-summary"
          label={t("form.summary")}
          name="summary"
          rows={3}
          defaultValue={kept(INTENT.study, "summary")}
          error={err(INTENT.study, "summary")}
        />
        <Field id="study-file" label={t("form.studyFile")} name="file" type="file" />
        <button type="submit">{t("form.recordStudy")}</button>
      </Form>
    </section>
  );
}
