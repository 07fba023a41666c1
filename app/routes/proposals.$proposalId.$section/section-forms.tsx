// One form per section. Each is a plain POST form with real names (rows as
// "lines.0.unitCost") that works without JavaScript; react-hook-form adds
// checks as the person types and the draft saves itself.
import { Form, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Field, SelectField, TextAreaField } from "~/components/ui/field";
import { ACCEPT_ATTRIBUTE, ACCEPTED_EXTENSIONS_LABEL, formatBytes } from "~/domains/files/file-rules";
import { hundredthsToInput, parseHundredths } from "~/domains/proposals/money-input";
import type { ProposalFailure } from "~/domains/proposals/proposal-forms.server";
import { toDateInput } from "~/domains/proposals/proposal-rules";
import {
  BUDGET_CATEGORIES,
  DOCUMENT_KINDS,
  lineTotal,
  SECTION_SCHEMAS,
  SECTIONS,
  type Section,
} from "~/domains/proposals/proposal-schemas";
import { useProposalForm } from "~/domains/proposals/ui/use-proposal-form";
import { formatDate, formatMoney, LOCALE_NAMES, LOCALES, type AppLocale } from "~/utils/i18n";
import type { loader } from "./route";

type LoaderData = Awaited<ReturnType<typeof loader>>;
type View = LoaderData["view"];
type Props = { section: Section; view: View; vault: LoaderData["vault"]; result?: ProposalFailure; locale: AppLocale };

const EXTRA_ROWS = 2;

/** Saved values, unless the person's own typing came back with errors. */
function valuesFor(section: Section, view: View, result: ProposalFailure | undefined): Record<string, string> {
  if (result?.values && !result.intent?.startsWith("upload")) return result.values;
  const p = view.proposal;
  switch (section) {
    case "summary":
      return { title: p.title, summary: p.summary, language: p.language };
    case "problem":
      return { problem: p.problem };
    case "target-group":
      return { targetGroup: p.targetGroup, beneficiaries: p.beneficiaries ? String(p.beneficiaries) : "" };
    case "objectives":
      return { objectives: p.objectives };
    case "team":
      return { team: p.team };
    case "work-plan":
      return Object.fromEntries([
        ["activities", p.activities],
        ...p.milestones.flatMap((m, i) => [
          [`milestones.${i}.title`, m.title],
          [`milestones.${i}.deliverables`, m.deliverables],
          [`milestones.${i}.startsOn`, toDateInput(m.startsOn)],
          [`milestones.${i}.dueOn`, toDateInput(m.dueOn)],
        ]),
      ]);
    case "budget":
      return Object.fromEntries(
        p.budgetLines.flatMap((l, i) => [
          [`lines.${i}.category`, l.category],
          [`lines.${i}.description`, l.description],
          [`lines.${i}.unit`, l.unit],
          [`lines.${i}.quantity`, hundredthsToInput(l.quantity)],
          [`lines.${i}.unitCost`, hundredthsToInput(l.unitCost)],
          [`lines.${i}.requested`, hundredthsToInput(l.requested)],
          [`lines.${i}.cofinancing`, l.cofinancing ? hundredthsToInput(l.cofinancing) : ""],
        ]),
      );
    case "documents":
      return Object.fromEntries(
        view.proposal.attachments.filter((a) => a.storedDocument).map((a) => [`documents.${a.kind}`, a.storedDocument!.id]),
      );
  }
}

/**
 * How many rows to show again: up to the last row holding anything typed.
 * Posted rows keep their positions, so errors stay on the row they belong to.
 */
function rowCount(values: Record<string, string>, prefix: string) {
  let count = 0;
  for (const [key, value] of Object.entries(values)) {
    const match = key.match(new RegExp(`^${prefix}\\.(\\d+)\\.(\\w+)$`));
    if (match && match[2] !== "remove" && value.trim() !== "") count = Math.max(count, Number(match[1]) + 1);
  }
  return count;
}

export function SectionForm(props: Props) {
  if (props.section === "documents") return <DocumentsSection {...props} />;
  return <EditableSection {...props} />;
}

function EditableSection({ section, view, result, locale }: Props) {
  const { t } = useTranslation("proposals");
  const navigation = useNavigation();
  const values = valuesFor(section, view, result);
  const readOnly = !view.can.edit;
  const { register, errorFor, onSubmit, formRef, hydrated, autosave, watch } = useProposalForm(SECTION_SCHEMAS[section], {
    serverErrors: result?.intent === "upload" ? undefined : result?.errors,
    defaultValues: nestedDefaults(values),
    autosave: !readOnly,
  });
  const field = (name: string) => ({ defaultValue: values[name] ?? "", error: errorFor(name), ...register(name) });
  const last = SECTIONS.indexOf(section) === SECTIONS.length - 1;
  const busy = navigation.state === "submitting";
  return (
    <Form method="post" onSubmit={onSubmit} noValidate ref={formRef} aria-labelledby="section-title">
      <fieldset disabled={readOnly} className="plain">
        {section === "summary" ? (
          <>
            <Field label={t("fields.title")} maxLength={200} {...field("title")} />
            <TextAreaField label={t("fields.summary")} hint={t("hints.summary")} rows={5} {...field("summary")} />
            <SelectField label={t("fields.language")} options={LOCALES.map((l) => ({ value: l, label: LOCALE_NAMES[l] }))} {...field("language")} />
          </>
        ) : null}
        {section === "problem" ? <TextAreaField label={t("fields.problem")} hint={t("hints.problem")} rows={10} {...field("problem")} /> : null}
        {section === "target-group" ? (
          <>
            <TextAreaField label={t("fields.targetGroup")} hint={t("hints.targetGroup")} rows={6} {...field("targetGroup")} />
            <Field label={t("fields.beneficiaries")} inputMode="numeric" autoComplete="off" {...field("beneficiaries")} />
          </>
        ) : null}
        {section === "objectives" ? <TextAreaField label={t("fields.objectives")} hint={t("hints.objectives")} rows={8} {...field("objectives")} /> : null}
        {section === "team" ? <TextAreaField label={t("fields.team")} hint={t("hints.team")} rows={8} {...field("team")} /> : null}
        {section === "work-plan" ? (
          <>
            <TextAreaField label={t("fields.activities")} hint={t("hints.activities")} rows={8} {...field("activities")} />
            <Rows
              prefix="milestones"
              initial={rowCount(values, "milestones")}
              saved={view.proposal.milestones.length}
              legend={(n) => t("milestones.row", { n })}
              addLabel={t("milestones.add")}
              hydrated={hydrated}
              readOnly={readOnly}
              register={register}
              render={(i) => (
                <>
                  <Field label={t("milestones.title")} {...field(`milestones.${i}.title`)} />
                  <TextAreaField label={t("milestones.deliverables")} rows={2} {...field(`milestones.${i}.deliverables`)} />
                  <div className="row-grid two">
                    <Field label={t("milestones.startsOn")} type="date" {...field(`milestones.${i}.startsOn`)} />
                    <Field label={t("milestones.dueOn")} type="date" {...field(`milestones.${i}.dueOn`)} />
                  </div>
                </>
              )}
            />
          </>
        ) : null}
        {section === "budget" ? <BudgetRows view={view} values={values} field={field} register={register} watch={watch} hydrated={hydrated} readOnly={readOnly} locale={locale} /> : null}
      </fieldset>
      {readOnly ? null : (
        <div className="form-actions">
          <button type="submit" name="intent" value="save" className="button secondary" disabled={busy}>
            {t("actions.save")}
          </button>
          <button type="submit" name="intent" value="next" className="button" disabled={busy}>
            {last ? t("actions.saveAndReview") : t("actions.saveAndNext")}
          </button>
          <p className="autosave" aria-live="polite">
            {autosave.state === "idle" ? "" : t(`autosave.${autosave.state}`, { time: autosave.at ? new Date(autosave.at).toLocaleTimeString(locale, { hour: "2-digit", minute: "2-digit", timeZone: "Asia/Bishkek" }) : "" })}
          </p>
        </div>
      )}
    </Form>
  );
}

/** Flat "rows.0.field" values as the nested object react-hook-form keeps. */
function nestedDefaults(values: Record<string, string>) {
  const nested: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    const path = key.split(".");
    let node = nested as Record<string, unknown>;
    path.slice(0, -1).forEach((part, i) => {
      node[part] ??= /^\d+$/.test(path[i + 1]!) ? [] : {};
      node = node[part] as Record<string, unknown>;
    });
    node[path[path.length - 1]!] = value;
  }
  return nested;
}

type Register = ReturnType<typeof useProposalForm>["register"];

/**
 * A table of rows: the saved ones plus blank ones to fill. A blank row is
 * ignored when saving, a ticked "remove" drops a row: both work without
 * JavaScript. With it, "add a row" adds more blank rows.
 */
function Rows({
  prefix,
  initial,
  saved,
  legend,
  addLabel,
  render,
  hydrated,
  readOnly,
  register,
}: {
  prefix: string;
  initial: number;
  saved: number;
  legend: (n: number) => string;
  addLabel: string;
  render: (index: number) => React.ReactNode;
  hydrated: boolean;
  readOnly: boolean;
  register: Register;
}) {
  const { t } = useTranslation("proposals");
  const [count, setCount] = useState(initial + (readOnly ? 0 : EXTRA_ROWS));
  return (
    <div className="rows">
      {Array.from({ length: count }, (_, i) => (
        <fieldset key={i} className="row-card">
          <legend>{legend(i + 1)}</legend>
          {render(i)}
          {i < saved && !readOnly ? (
            <label className="checkbox">
              <input type="checkbox" value="on" {...register(`${prefix}.${i}.remove`)} /> {t("rows.remove")}
            </label>
          ) : null}
        </fieldset>
      ))}
      {!readOnly ? (
        <p className="hint">
          {t("rows.blankIgnored")}{" "}
          {hydrated ? (
            <button type="button" className="button secondary small" onClick={() => setCount((c) => c + 1)}>
              {addLabel}
            </button>
          ) : null}
        </p>
      ) : null}
    </div>
  );
}

function BudgetRows({
  view,
  values,
  field,
  register,
  watch,
  hydrated,
  readOnly,
  locale,
}: {
  view: View;
  values: Record<string, string>;
  field: (name: string) => Record<string, unknown> & { defaultValue: string; name: string };
  register: Register;
  watch: ReturnType<typeof useProposalForm>["watch"];
  hydrated: boolean;
  readOnly: boolean;
  locale: AppLocale;
}) {
  const { t } = useTranslation("proposals");
  const call = view.proposal.call;
  return (
    <>
      <dl className="facts compact">
        <div>
          <dt>{t("budget.grantRange")}</dt>
          <dd>
            {formatMoney(call.minGrant, locale)} — {formatMoney(call.maxGrant, locale)}
          </dd>
        </div>
        <div>
          <dt>{t("budget.requestedTotal")}</dt>
          <dd>
            <strong>{formatMoney(view.proposal.requestedTotal, locale)}</strong>
          </dd>
        </div>
        <div>
          <dt>{t("budget.cofinancingTotal")}</dt>
          <dd>{formatMoney(view.proposal.cofinancingTotal, locale)}</dd>
        </div>
      </dl>
      <p className="hint">
        {t("budget.moneyHint")} {t("budget.requestedHint")}
      </p>
      <Rows
        prefix="lines"
        initial={rowCount(values, "lines")}
        saved={view.proposal.budgetLines.length}
        legend={(n) => t("budget.row", { n })}
        addLabel={t("budget.add")}
        hydrated={hydrated}
        readOnly={readOnly}
        register={register}
        render={(i) => (
          <>
            <div className="row-grid">
              <CategorySelect {...field(`lines.${i}.category`)} />
              <Field label={t("budget.description")} {...field(`lines.${i}.description`)} />
              <Field label={t("budget.unit")} {...field(`lines.${i}.unit`)} />
              <Field label={t("budget.quantity")} inputMode="decimal" autoComplete="off" {...field(`lines.${i}.quantity`)} />
              <Field label={t("budget.unitCost")} inputMode="decimal" autoComplete="off" {...field(`lines.${i}.unitCost`)} />
              <Field label={t("budget.cofinancing")} inputMode="decimal" autoComplete="off" {...field(`lines.${i}.cofinancing`)} />
              <Field label={t("budget.requested")} inputMode="decimal" autoComplete="off" {...field(`lines.${i}.requested`)} />
            </div>
            <LineTotal index={i} values={values} watch={hydrated ? watch : undefined} locale={locale} />
          </>
        )}
      />
    </>
  );
}

function CategorySelect(props: Record<string, unknown> & { name: string; defaultValue: string; error?: string }) {
  const { t } = useTranslation("proposals");
  const options = [{ value: "", label: t("budget.chooseCategory") }, ...BUDGET_CATEGORIES.map((c) => ({ value: c, label: t(`budget.category.${c}`) }))];
  return <SelectField label={t("budget.categoryLabel")} options={options} {...props} />;
}

/** Quantity x unit cost, as the server will compute it; live with JavaScript. */
function LineTotal({ index, values, watch, locale }: { index: number; values: Record<string, string>; watch?: ReturnType<typeof useProposalForm>["watch"]; locale: AppLocale }) {
  const { t } = useTranslation("proposals");
  const read = (name: string): string => (watch ? (watch(`lines.${index}.${name}`) as string | undefined) : values[`lines.${index}.${name}`]) ?? "";
  const quantity = parseHundredths(read("quantity"));
  const unitCost = parseHundredths(read("unitCost"));
  if (quantity === null || unitCost === null) return null;
  return <p className="line-total">{t("budget.lineTotal", { amount: formatMoney(lineTotal(Number(quantity), unitCost), locale) })}</p>;
}

function DocumentsSection({ view, vault, result, locale }: Props) {
  const { t } = useTranslation("proposals");
  const navigation = useNavigation();
  const readOnly = !view.can.edit;
  const values = valuesFor("documents", view, result);
  const required = view.requiredDocuments;
  const uploaded = view.proposal.attachments.filter((a) => a.attachment);
  const fromVault = view.proposal.attachments.filter((a) => a.storedDocument);
  const kindsHeld = new Set(view.proposal.attachments.map((a) => a.kind));
  return (
    <>
      {required.length ? (
        <ul className="checklist">
          {required.map((kind) => (
            <li key={kind} className={kindsHeld.has(kind) ? "done" : "missing"}>
              <span aria-hidden="true">{kindsHeld.has(kind) ? "✓" : "•"}</span> {t(`documentKind.${kind}`)} — {kindsHeld.has(kind) ? t("documents.present") : t("documents.missing")}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t("documents.noneRequired")}</p>
      )}

      {required.length && !readOnly && !vault.some((d) => required.includes(d.kind)) ? <p className="hint">{t("documents.vaultHasNone")}</p> : null}
      {required.length && !readOnly && vault.some((d) => required.includes(d.kind)) ? (
        <Form method="post" aria-labelledby="vault-title" className="panel">
          <h3 id="vault-title">{t("documents.fromVault")}</h3>
          <p className="hint">{t("documents.fromVaultHint")}</p>
          {required.map((kind) => {
            const choices = vault.filter((d) => d.kind === kind);
            return (
              <SelectField
                key={kind}
                label={t(`documentKind.${kind}`)}
                name={`documents.${kind}`}
                defaultValue={values[`documents.${kind}`] ?? ""}
                error={result?.errors?.[`documents.${kind}`]?.[0]}
                options={[
                  { value: "", label: choices.length ? t("documents.noneChosen") : t("documents.vaultEmpty") },
                  ...choices.map((d) => ({ value: d.id, label: `${d.title} (${d.attachment.originalName}, ${formatBytes(d.attachment.size)})` })),
                ]}
              />
            );
          })}
          <div className="form-actions">
            <button type="submit" name="intent" value="save" className="button secondary" disabled={navigation.state === "submitting"}>
              {t("documents.saveChoice")}
            </button>
          </div>
        </Form>
      ) : null}

      {!readOnly ? (
        <Form method="post" encType="multipart/form-data" aria-labelledby="upload-title" className="panel">
          <h3 id="upload-title">{t("documents.upload")}</h3>
          <p className="hint">{t("documents.uploadHint", { formats: ACCEPTED_EXTENSIONS_LABEL })}</p>
          <SelectField
            label={t("documents.kind")}
            name="kind"
            defaultValue={required.find((k) => !kindsHeld.has(k)) ?? "OTHER"}
            options={[...new Set([...required, ...DOCUMENT_KINDS])].map((k) => ({ value: k, label: t(`documentKind.${k}`) }))}
          />
          <div className="field">
            <label htmlFor="field-file">{t("documents.file")}</label>
            <input id="field-file" type="file" name="file" accept={ACCEPT_ATTRIBUTE} />
          </div>
          <div className="form-actions">
            <button type="submit" name="intent" value="upload" className="button" disabled={navigation.state === "submitting"}>
              {t("documents.uploadButton")}
            </button>
          </div>
        </Form>
      ) : null}

      <h3>{t("documents.attached")}</h3>
      {fromVault.length + uploaded.length === 0 ? <p className="empty-state">{t("documents.noneAttached")}</p> : null}
      <ul className="document-list">
        {[...fromVault, ...uploaded].map((a) => {
          const file = a.attachment ?? a.storedDocument!.attachment;
          return (
            <li key={a.id}>
              <div>
                <strong>{t(`documentKind.${a.kind}`)}</strong>: <a href={`/files/${file.id}`}>{a.storedDocument?.title ?? file.originalName}</a>{" "}
                <span className="meta">
                  ({a.storedDocument ? t("documents.sourceVault") : t("documents.sourceUpload")}, {formatBytes(file.size)}, SHA-256 <code>{file.sha256.slice(0, 12)}…</code>)
                </span>
              </div>
              {!readOnly ? (
                <Form method="post">
                  <input type="hidden" name="linkId" value={a.id} />
                  <button type="submit" name="intent" value="remove-document" className="button secondary small">
                    {t("documents.remove")}
                  </button>
                </Form>
              ) : null}
            </li>
          );
        })}
      </ul>
      {!readOnly ? (
        <p>
          <a className="button" href={`/proposals/${view.proposal.id}`}>
            {t("actions.saveAndReview")}
          </a>
        </p>
      ) : null}
      <p className="meta">{t("documents.updated", { date: formatDate(view.proposal.updatedAt, locale) })}</p>
    </>
  );
}
