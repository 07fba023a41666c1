import { randomUUID } from "node:crypto";
import { redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import type { UseFormRegisterReturn } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { useValidatedForm } from "~/components/forms/use-validated-form";
import { Badge, DoneNotice, donePath, FormAlert } from "~/components/ui/alerts";
import { Field, SelectField } from "~/components/ui/field";
import { grantsLinks } from "~/components/agreements/agreement-ui";
import { orRespond } from "~/utils/loader-refusal.server";
import { bishkekYear, changeAppropriation, closeAppropriation, openAppropriation } from "~/domains/budgets/appropriations.server";
import {
  CHANGE_FIELDS,
  ChangeAppropriationSchema,
  CloseAppropriationSchema,
  OPEN_FIELDS,
  OpenAppropriationSchema,
} from "~/domains/budgets/programme-schemas";
import { getProgramme } from "~/domains/budgets/programmes.server";
import budgetsStyles from "~/styles/budgets.css";
import {
  fieldErrorsOf,
  formToObject,
  intentOf,
  invalidForm,
  readForm,
  refusedForm,
  unknownIntent,
  type FormFailure,
} from "~/utils/forms.server";
import { formatDate, formatDateTime, formatMoney, localized, type AppLocale } from "~/utils/i18n";
import { pageTitle } from "~/utils/page-title";
import { can } from "~/utils/permissions";
import { requireActor, requirePermission } from "~/utils/session.server";
import { useLocale } from "~/components/ui/use-locale";

/** The intents this route's action dispatches on; its forms send the same constants. */
export const INTENT = { open: "open", change: "change", close: "close" } as const;

/** A refusal of a change or a closing names the appropriation whose panel shows it. */
type Failure = FormFailure<{ appropriationId?: string }>;

// Parameters of refusals that are amounts in tyiyn, shown as money.
const MONEY_PARAMS = ["allocated", "maxDecrease"];

export const links: LinksFunction = () => [...grantsLinks(), { rel: "stylesheet", href: budgetsStyles }];
export const meta: MetaFunction<typeof loader> = ({ matches, data: loaded }) =>
  pageTitle(matches, "budgets:programmes.pageTitle", loaded?.programme.code);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return orRespond(async () => {
    const programme = await getProgramme({ actor, programmeId: params.programmeId ?? "" });
    const currentYear = bishkekYear(new Date());
    const opened = new Set(programme.appropriations.map((a) => a.fiscalYear));
    const openable = [currentYear, currentYear + 1].filter(
      (y) =>
        !opened.has(y) &&
        (programme.firstYear === null || y >= programme.firstYear) &&
        (programme.lastYear === null || y <= programme.lastYear),
    );
    // Fresh keys per render: the same form posted twice acts once.
    const keys: Record<string, string> = Object.fromEntries([
      ["open", randomUUID()],
      ...programme.appropriations.map((a) => [a.id, randomUUID()]),
    ]);
    return { programme, currentYear, openable, keys, canManage: can(actor, "manage:programme:any") };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "manage:programme:any");
  const programmeId = params.programmeId ?? "";
  const form = await readForm(request);
  const fields = formToObject(form);
  const intent = intentOf(fields, INTENT);
  if (!intent) return unknownIntent();
  const keep = (names: readonly string[]) => Object.fromEntries(names.filter((n) => n in fields).map((n) => [n, fields[n]!]));
  try {
    if (intent === INTENT.open) {
      const parsed = OpenAppropriationSchema.safeParse(fields);
      if (!parsed.success) return invalidForm(fieldErrorsOf(parsed.error), { intent, values: keep(OPEN_FIELDS) });
      const opened = await openAppropriation({ actor, programmeId, input: parsed.data });
      return redirect(
        `${donePath(`/budgets/programmes/${opened.programmeId}`, "opened", { year: String(parsed.data.fiscalYear) })}#appropriation-${opened.appropriationId}`,
      );
    }
    if (intent === INTENT.change) {
      const parsed = ChangeAppropriationSchema.safeParse(fields);
      if (!parsed.success)
        return invalidForm(fieldErrorsOf(parsed.error), {
          intent,
          values: keep(CHANGE_FIELDS),
          details: { appropriationId: fields.appropriationId },
        });
      await changeAppropriation({ actor, programmeId, input: parsed.data });
      const done = parsed.data.direction === "INCREASE" ? "increased" : "decreased";
      return redirect(`${donePath(`/budgets/programmes/${programmeId}`, done)}#appropriation-${parsed.data.appropriationId}`);
    }
    if (intent === INTENT.close) {
      const parsed = CloseAppropriationSchema.safeParse(fields);
      if (!parsed.success)
        return invalidForm(fieldErrorsOf(parsed.error), { intent, details: { appropriationId: fields.appropriationId } });
      await closeAppropriation({ actor, programmeId, appropriationId: parsed.data.appropriationId });
      return redirect(`${donePath(`/budgets/programmes/${programmeId}`, "closed")}#appropriation-${parsed.data.appropriationId}`);
    }
    return unknownIntent();
  } catch (error) {
    const values = keep(intent === INTENT.open ? OPEN_FIELDS : CHANGE_FIELDS);
    return refusedForm<Failure["details"]>(error, { intent, values, details: { appropriationId: fields.appropriationId } });
  }
}

type Data = Awaited<ReturnType<typeof loader>>;
type Appropriation = Data["programme"]["appropriations"][number];

export default function ProgrammePage() {
  const { programme, openable, keys, canManage, currentYear } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const locale = useLocale();
  const [search] = useSearchParams();
  const { t } = useTranslation("budgets");
  const description = localized(programme, "description", locale);
  const closeFor = search.get("close");
  return (
    <section aria-labelledby="programme-title">
      <p>
        <Link to="/budgets/programmes">← {t("programmes.title")}</Link>
      </p>
      <div className="page-head">
        <h1 id="programme-title">
          {programme.code} · {localized(programme, "name", locale)}
        </h1>
        {canManage ? (
          <Link to={`/budgets/programmes/${programme.id}/edit`} className="button secondary">
            {t("programmes.edit")}
          </Link>
        ) : null}
      </div>
      <p className="meta">
        {programme.firstYear && programme.lastYear
          ? t("programmes.period", { first: programme.firstYear, last: programme.lastYear })
          : t("programmes.noPeriod")}
        {programme.actNumber
          ? ` · ${t("programmes.act", { body: programme.actBody, number: programme.actNumber, date: programme.actDate ? formatDate(programme.actDate, locale) : "" })}`
          : ""}
      </p>
      {description ? <p className="pre-line">{description}</p> : null}
      <DoneNotice ns="budgets" hidden={Boolean(result)} />

      {canManage ? (
        <OpenForm openable={openable} requestKey={keys.open!} result={result?.intent === INTENT.open ? result : undefined} />
      ) : null}

      {programme.appropriations.length === 0 ? <p className="empty-state">{t("programmes.noAppropriations")}</p> : null}
      {programme.appropriations.map((a) => (
        <AppropriationPanel
          key={a.id}
          appropriation={a}
          locale={locale}
          canChange={canManage && !a.closedAt && a.fiscalYear >= currentYear}
          canClose={canManage && !a.closedAt}
          confirmingClose={closeFor === a.id}
          requestKey={keys[a.id]!}
          result={result?.details?.appropriationId === a.id ? result : undefined}
        />
      ))}
    </section>
  );
}

/** The refusal beside its form, amounts in tyiyn shown as money. */
function Refusal({ result, locale }: { result?: Failure; locale: AppLocale }) {
  const params = Object.fromEntries(
    Object.entries(result?.formParams ?? {}).map(([k, v]) => [k, MONEY_PARAMS.includes(k) ? formatMoney(String(v), locale) : v]),
  );
  return <FormAlert failure={result} params={params} />;
}

function ActFields({
  values,
  register,
  errorFor,
  idSuffix,
  bodyLabel,
}: {
  values: Record<string, string | undefined>;
  register: (name: string) => UseFormRegisterReturn;
  errorFor: (name: string) => string | undefined;
  idSuffix: string;
  bodyLabel: string;
}) {
  const { t } = useTranslation("budgets");
  return (
    <>
      <Field
        id={`actBody-${idSuffix}`}
        label={bodyLabel}
        hint={t("programmes.hint.actBody")}
        defaultValue={values.actBody}
        error={errorFor("actBody")}
        {...register("actBody")}
        name="actBody"
      />
      <Field
        id={`actNumber-${idSuffix}`}
        label={t("programmes.field.actNumber")}
        defaultValue={values.actNumber}
        error={errorFor("actNumber")}
        {...register("actNumber")}
        name="actNumber"
      />
      <Field
        id={`actDate-${idSuffix}`}
        type="date"
        label={t("programmes.field.actDate")}
        defaultValue={values.actDate}
        error={errorFor("actDate")}
        {...register("actDate")}
        name="actDate"
      />
    </>
  );
}

function OpenForm({ openable, requestKey, result }: { openable: number[]; requestKey: string; result?: Failure }) {
  const { t } = useTranslation("budgets");
  const locale = useLocale();
  const navigation = useNavigation();
  const values = result?.values ?? {};
  const key = values.requestKey ?? requestKey;
  const { register, errorFor, onSubmit } = useValidatedForm(OpenAppropriationSchema, {
    serverErrors: result?.errors,
    defaultValues: { requestKey: key },
  });
  if (openable.length === 0) return <p className="meta">{t("programmes.nothingToOpen")}</p>;
  return (
    <div className="panel">
      <h2 id="open-title">{t("programmes.openTitle")}</h2>
      <p className="meta">{t("programmes.openLead")}</p>
      <Refusal result={result} locale={locale} />
      <Form method="post" onSubmit={onSubmit} noValidate aria-labelledby="open-title">
        <input type="hidden" name="intent" value={INTENT.open} />
        <input type="hidden" {...register("requestKey")} name="requestKey" defaultValue={key} />
        <div className="form-grid">
          <SelectField
            id="open-fiscalYear"
            label={t("year")}
            defaultValue={values.fiscalYear ?? String(openable[openable.length - 1])}
            options={openable.map((y) => ({ value: String(y), label: String(y) }))}
            error={errorFor("fiscalYear")}
            {...register("fiscalYear")}
            name="fiscalYear"
          />
          <Field
            id="open-amount"
            label={t("programmes.field.amountSom")}
            hint={t("programmes.hint.amount")}
            inputMode="decimal"
            defaultValue={values.amount}
            error={errorFor("amount")}
            {...register("amount")}
            name="amount"
          />
          <ActFields values={values} register={register} errorFor={errorFor} idSuffix="open" bodyLabel={t("programmes.field.actBody")} />
          <Field
            id="open-reason"
            label={t("programmes.field.note")}
            defaultValue={values.reason}
            error={errorFor("reason")}
            {...register("reason")}
            name="reason"
          />
        </div>
        <button type="submit" className="button" disabled={navigation.state === "submitting"}>
          {t("programmes.open")}
        </button>
      </Form>
    </div>
  );
}

function AppropriationPanel({
  appropriation: a,
  locale,
  canChange,
  canClose,
  confirmingClose,
  requestKey,
  result,
}: {
  appropriation: Appropriation;
  locale: AppLocale;
  canChange: boolean;
  canClose: boolean;
  confirmingClose: boolean;
  requestKey: string;
  result?: Failure;
}) {
  const { t } = useTranslation("budgets");
  const headingId = `appropriation-${a.id}-title`;
  return (
    <article className="panel" id={`appropriation-${a.id}`} aria-labelledby={headingId}>
      <h2 id={headingId}>
        {t("fiscalYear", { year: a.fiscalYear })}{" "}
        <Badge tone={a.closedAt ? "neutral" : "ok"}>{a.closedAt ? t("programmes.closedBadge") : t("programmes.openBadge")}</Badge>
      </h2>
      <ul className="stat-row">
        {(["amount", "allocated", "free", "committed", "disbursed"] as const).map((figure) => (
          <li key={figure}>
            <span className="value">{formatMoney(a[figure], locale)}</span>
            <span className="label">{t(figure)}</span>
          </li>
        ))}
      </ul>

      {a.closedAt ? (
        <>
          <h3>{t("programmes.reportTitle")}</h3>
          <p className="meta">{t("programmes.closedOn", { date: formatDateTime(a.closedAt, locale) })}</p>
          <ClosingReport report={a.report} locale={locale} caption={t("programmes.reportCaption", { year: a.fiscalYear })} />
        </>
      ) : null}

      {canChange ? (
        <ChangeForm appropriationId={a.id} requestKey={requestKey} result={result?.intent === INTENT.change ? result : undefined} />
      ) : null}

      <h3>{t("programmes.changesTitle")}</h3>
      <Changes changes={a.changes} locale={locale} />

      <details>
        <summary>{t("ledger")}</summary>
        {a.ledger.length === 0 ? (
          <p className="meta">{t("noLedger")}</p>
        ) : (
          <div className="table-scroll">
            <table className="stack-table">
              <thead>
                <tr>
                  <th scope="col" className="num">
                    {t("programmes.col.amount")}
                  </th>
                  <th scope="col">{t("kindColumn")}</th>
                  <th scope="col">{t("call")}</th>
                  <th scope="col">{t("when")}</th>
                </tr>
              </thead>
              <tbody>
                {a.ledger.map((entry) => (
                  <tr key={entry.id}>
                    <td className="num" data-label={t("programmes.col.amount")}>
                      {formatMoney(entry.amount, locale)}
                    </td>
                    <td data-label={t("kindColumn")}>{t(`kind.${entry.kind}`)}</td>
                    <td data-label={t("call")}>{entry.call?.reference ?? "—"}</td>
                    <td data-label={t("when")}>{formatDateTime(entry.createdAt, locale)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </details>

      {canClose ? (
        <CloseStep
          appropriation={a}
          locale={locale}
          confirming={confirmingClose}
          result={result?.intent === INTENT.close ? result : undefined}
        />
      ) : null}
    </article>
  );
}

function ClosingReport({ report, locale, caption }: { report: Appropriation["report"]; locale: AppLocale; caption: string }) {
  const { t } = useTranslation("budgets");
  const rows = ["appropriated", "allocated", "committed", "disbursed", "returned", "released", "carriedOver"] as const;
  return (
    <div className="table-scroll">
      <table className="stack-table">
        <caption className="visually-hidden">{caption}</caption>
        <tbody>
          {rows.map((row) => (
            <tr key={row}>
              <th scope="row">{t(`programmes.report.${row}`)}</th>
              <td className="num">{formatMoney(report[row], locale)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Changes({ changes, locale }: { changes: Appropriation["changes"]; locale: AppLocale }) {
  const { t } = useTranslation("budgets");
  if (changes.length === 0) return <p className="meta">{t("programmes.noChanges")}</p>;
  return (
    <div className="table-scroll">
      <table className="stack-table">
        <thead>
          <tr>
            <th scope="col" className="num">
              {t("programmes.col.amount")}
            </th>
            <th scope="col">{t("kindColumn")}</th>
            <th scope="col" className="num">
              {t("programmes.col.after")}
            </th>
            <th scope="col">{t("programmes.col.act")}</th>
            <th scope="col">{t("programmes.col.reason")}</th>
            <th scope="col">{t("when")}</th>
          </tr>
        </thead>
        <tbody>
          {changes.map((c) => (
            <tr key={c.id}>
              <td className="num" data-label={t("programmes.col.amount")}>
                {c.kind === "DECREASE" ? "−" : "+"}
                {formatMoney(c.amount, locale)}
              </td>
              <td data-label={t("kindColumn")}>{t(`programmes.changeKind.${c.kind}`)}</td>
              <td className="num" data-label={t("programmes.col.after")}>
                {formatMoney(c.amountAfter, locale)}
              </td>
              <td data-label={t("programmes.col.act")}>
                {t("programmes.act", { body: c.actBody, number: c.actNumber, date: formatDate(c.actDate, locale) })}
              </td>
              <td data-label={t("programmes.col.reason")}>{c.reason || "—"}</td>
              <td data-label={t("when")}>{formatDateTime(c.createdAt, locale)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ChangeForm({ appropriationId, requestKey, result }: { appropriationId: string; requestKey: string; result?: Failure }) {
  const { t } = useTranslation("budgets");
  const locale = useLocale();
  const navigation = useNavigation();
  const values = result?.values ?? {};
  const key = values.requestKey ?? requestKey;
  const direction = values.direction ?? "INCREASE";
  const { register, errorFor, onSubmit } = useValidatedForm(ChangeAppropriationSchema, {
    serverErrors: result?.errors,
    defaultValues: { appropriationId, requestKey: key, direction: direction === "DECREASE" ? "DECREASE" : "INCREASE" },
  });
  const suffix = appropriationId;
  const titleId = `change-title-${appropriationId}`;
  return (
    <div>
      <h3 id={titleId}>{t("programmes.changeTitle")}</h3>
      <Refusal result={result} locale={locale} />
      <Form method="post" onSubmit={onSubmit} noValidate aria-labelledby={titleId}>
        <input type="hidden" name="intent" value={INTENT.change} />
        <input type="hidden" {...register("appropriationId")} name="appropriationId" defaultValue={appropriationId} />
        <input type="hidden" {...register("requestKey")} name="requestKey" defaultValue={key} />
        <fieldset>
          <legend>{t("programmes.field.direction")}</legend>
          {(["INCREASE", "DECREASE"] as const).map((d) => (
            <label key={d} className="choice">
              <input type="radio" value={d} defaultChecked={direction === d} {...register("direction")} name="direction" />{" "}
              {t(`programmes.changeKind.${d}`)}
            </label>
          ))}
          {errorFor("direction") ? <p className="field-error">{t("form.error.direction")}</p> : null}
        </fieldset>
        <div className="form-grid">
          <Field
            id={`amount-${suffix}`}
            label={t("programmes.field.changeSom")}
            hint={t("programmes.hint.amount")}
            inputMode="decimal"
            defaultValue={values.amount}
            error={errorFor("amount")}
            {...register("amount")}
            name="amount"
          />
          <Field
            id={`reason-${suffix}`}
            label={t("programmes.field.reason")}
            defaultValue={values.reason}
            error={errorFor("reason")}
            {...register("reason")}
            name="reason"
          />
          <ActFields
            values={values}
            register={register}
            errorFor={errorFor}
            idSuffix={suffix}
            bodyLabel={t("programmes.field.changeActBody")}
          />
        </div>
        <button type="submit" className="button" disabled={navigation.state === "submitting"}>
          {t("programmes.recordChange")}
        </button>
      </Form>
    </div>
  );
}

function CloseStep({
  appropriation: a,
  locale,
  confirming,
  result,
}: {
  appropriation: Appropriation;
  locale: AppLocale;
  confirming: boolean;
  result?: Failure;
}) {
  const { t } = useTranslation("budgets");
  const navigation = useNavigation();
  if (!confirming && !result) {
    return (
      <p>
        <Link to={`?close=${a.id}#close-${a.id}`} className="button secondary">
          {t("programmes.closeStart", { year: a.fiscalYear })}
        </Link>
      </p>
    );
  }
  const titleId = `close-${a.id}`;
  return (
    <div className="close-step" role="region" aria-labelledby={titleId}>
      <h3 id={titleId}>{t("programmes.closeConfirmTitle", { year: a.fiscalYear })}</h3>
      <Refusal result={result} locale={locale} />
      <p>
        {t("programmes.closeConsequence", {
          released: formatMoney(a.report.released, locale),
          carried: formatMoney(a.report.carriedOver, locale),
          year: a.fiscalYear,
        })}
      </p>
      <ClosingReport report={a.report} locale={locale} caption={t("programmes.reportCaption", { year: a.fiscalYear })} />
      <Form method="post" className="actions-row">
        <input type="hidden" name="intent" value={INTENT.close} />
        <input type="hidden" name="appropriationId" value={a.id} />
        <input type="hidden" name="confirm" value="yes" />
        <button type="submit" className="button danger" disabled={navigation.state === "submitting"}>
          {t("programmes.closeConfirm", { year: a.fiscalYear })}
        </button>
        <Link to="." className="button secondary">
          {t("programmes.cancel")}
        </Link>
      </Form>
    </div>
  );
}
