// One form per section. Each is a plain POST form with real names (rows as
// "lines.0.unitCost") that works without JavaScript; react-hook-form adds
// checks as the person types and the draft saves itself.
import { Form, useNavigation } from "@remix-run/react";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { Field, SelectField, TextAreaField } from "~/components/ui/field";
import { ACCEPT_ATTRIBUTE, ACCEPTED_EXTENSIONS_LABEL, formatBytes } from "~/domains/files/file-rules";
import { hundredthsToInput } from "~/domains/proposals/money-input";
import type { FormFailure } from "~/utils/forms.server";
import { calendarDateOf } from "~/utils/time";
import { DOCUMENT_KINDS, SECTION_SCHEMAS, SECTIONS, type Section } from "~/domains/proposals/proposal-schemas";
import { InfoNote } from "~/components/proposals/fields";
import { useProposalForm } from "~/components/proposals/use-proposal-form";
import { formatDate, LOCALE_NAMES, LOCALES, type AppLocale } from "~/utils/i18n";
import { BudgetRows } from "./budget-section";
import { SECTION_INTENT } from "./intents";
import { formValues, SessionExpiredNotice, useKeepOnInput, useKeptDraft } from "./kept-draft";
import type { loader } from "./route";
import { MilestoneRows } from "./work-plan-section";

type LoaderData = Awaited<ReturnType<typeof loader>>;
type View = LoaderData["view"];
type Props = { section: Section; view: View; vault: LoaderData["vault"]; result?: FormFailure; locale: AppLocale };

/** Saved values, unless the person's own typing came back with errors. */
function valuesFor(section: Section, view: View, result: FormFailure | undefined): Record<string, string> {
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
          [`milestones.${i}.startsOn`, calendarDateOf(m.startsOn)],
          [`milestones.${i}.dueOn`, calendarDateOf(m.dueOn)],
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
          // Derived from the line's total and co-financing on every save, so a later price change derives it again.
          [`lines.${i}.requested`, ""],
          [`lines.${i}.cofinancing`, l.cofinancing ? hundredthsToInput(l.cofinancing) : ""],
        ]),
      );
    case "documents":
      return Object.fromEntries(
        view.proposal.attachments.filter((a) => a.storedDocument).map((a) => [`documents.${a.kind}`, a.storedDocument!.id]),
      );
  }
}

export function SectionForm(props: Props) {
  if (props.section === "documents") return <DocumentsSection {...props} />;
  return <EditableSection {...props} />;
}

/**
 * The section's form, filled with what the server has, or with the text
 * this browser kept from an earlier visit that the server never got (an
 * ended session, a closed tab). The form is built anew when that text is
 * put back, so rows and defaults follow it.
 */
function EditableSection(props: Props) {
  const { section, view, result } = props;
  const server = valuesFor(section, view, result);
  const readOnly = !view.can.edit;
  const kept = useKeptDraft({
    proposalId: view.proposal.id,
    section,
    server,
    updatedAt: new Date(view.proposal.updatedAt).toISOString(),
    enabled: !readOnly,
  });
  return <SectionFields key={kept.restored ? "restored" : "server"} {...props} values={kept.restored?.values ?? server} kept={kept} />;
}

function SectionFields({
  section,
  view,
  result,
  locale,
  values,
  kept,
}: Props & { values: Record<string, string>; kept: ReturnType<typeof useKeptDraft> }) {
  const { t } = useTranslation("proposals");
  const navigation = useNavigation();
  const readOnly = !view.can.edit;
  const form = useProposalForm(SECTION_SCHEMAS[section], {
    serverErrors: result?.intent === "upload" ? undefined : result?.errors,
    defaultValues: nestedDefaults(values),
    autosave: !readOnly,
    onAutosaved: (sent) => {
      // Typing that went on while the save was under way stays kept.
      if (
        form.formRef.current &&
        JSON.stringify(formValues(form.formRef.current)) ===
          JSON.stringify(Object.fromEntries([...sent].filter(([name]) => name !== "intent")))
      )
        kept.saved();
    },
  });
  const { register, errorFor, onSubmit, formRef, autosave } = form;
  useKeepOnInput(formRef, kept.keep, !readOnly);
  useEffect(() => {
    // Text put back from this browser over an unchanged draft is saved at once; over a changed one the person decides.
    if (kept.restored?.sameBase) form.saveNow();
    // Once, when the form is built with the kept text.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const field = (name: string) => ({ defaultValue: values[name] ?? "", error: errorFor(name), ...register(name) });
  const last = SECTIONS.indexOf(section) === SECTIONS.length - 1;
  const busy = navigation.state === "submitting";
  return (
    <Form method="post" onSubmit={onSubmit} noValidate ref={formRef} aria-labelledby="section-title">
      {kept.restored ? <InfoNote code={kept.restored.sameBase ? "kept.restoredSaving" : "kept.restoredCheck"} /> : null}
      <fieldset disabled={readOnly} className="plain">
        {section === "summary" ? (
          <>
            <Field label={t("fields.title")} maxLength={200} {...field("title")} />
            <TextAreaField label={t("fields.summary")} hint={t("hints.summary")} rows={5} {...field("summary")} />
            <SelectField
              label={t("fields.language")}
              options={LOCALES.map((l) => ({ value: l, label: LOCALE_NAMES[l] }))}
              {...field("language")}
            />
          </>
        ) : null}
        {section === "problem" ? (
          <TextAreaField label={t("fields.problem")} hint={t("hints.problem")} rows={10} {...field("problem")} />
        ) : null}
        {section === "target-group" ? (
          <>
            <TextAreaField label={t("fields.targetGroup")} hint={t("hints.targetGroup")} rows={6} {...field("targetGroup")} />
            <Field label={t("fields.beneficiaries")} inputMode="numeric" autoComplete="off" {...field("beneficiaries")} />
          </>
        ) : null}
        {section === "objectives" ? (
          <TextAreaField label={t("fields.objectives")} hint={t("hints.objectives")} rows={8} {...field("objectives")} />
        ) : null}
        {section === "team" ? <TextAreaField label={t("fields.team")} hint={t("hints.team")} rows={8} {...field("team")} /> : null}
        {section === "work-plan" ? (
          <>
            <TextAreaField label={t("fields.activities")} hint={t("hints.activities")} rows={8} {...field("activities")} />
            <MilestoneRows
              period={view.period}
              savedMilestones={view.proposal.milestones.length}
              values={values}
              field={field}
              form={form}
              readOnly={readOnly}
              locale={locale}
            />
          </>
        ) : null}
        {section === "budget" ? (
          <BudgetRows
            call={view.proposal.call}
            savedLines={view.proposal.budgetLines.length}
            values={values}
            field={field}
            form={form}
            readOnly={readOnly}
            locale={locale}
          />
        ) : null}
      </fieldset>
      {readOnly ? null : (
        <div className="form-actions">
          <button type="submit" name="intent" value={SECTION_INTENT.save} className="button secondary" disabled={busy}>
            {t("actions.save")}
          </button>
          <button type="submit" name="intent" value={SECTION_INTENT.next} className="button" disabled={busy}>
            {last ? t("actions.saveAndReview") : t("actions.saveAndNext")}
          </button>
          <p className="autosave" aria-live="polite">
            {autosave.state === "idle" || autosave.state === "expired"
              ? ""
              : t(`autosave.${autosave.state}`, {
                  time: autosave.at
                    ? new Date(autosave.at).toLocaleTimeString(locale, { hour: "2-digit", minute: "2-digit", timeZone: "Asia/Bishkek" })
                    : "",
                })}
          </p>
        </div>
      )}
      {autosave.state === "expired" ? <SessionExpiredNotice /> : null}
    </Form>
  );
}

/** Flat "rows.0.field" values as the nested object react-hook-form keeps. */
function nestedDefaults(values: Record<string, string>) {
  const nested: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    const path = key.split(".");
    let node = nested;
    path.slice(0, -1).forEach((part, i) => {
      node[part] ??= /^\d+$/.test(path[i + 1]!) ? [] : {};
      // node[part] is the object or array (sparse, so a row keeps its index) set just above or by an earlier
      // key; the keys are the section's own field paths, so no leaf value sits where a path goes on.
      // cast: an array takes string keys ("0", "1") like an object, which the compiler cannot express.
      node = node[part] as Record<string, unknown>;
    });
    node[path[path.length - 1]!] = value;
  }
  return nested;
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
              <span aria-hidden="true">{kindsHeld.has(kind) ? "✓" : "•"}</span> {t(`documentKind.${kind}`)} —{" "}
              {kindsHeld.has(kind) ? t("documents.present") : t("documents.missing")}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t("documents.noneRequired")}</p>
      )}

      {required.length && !readOnly && !vault.some((d) => required.includes(d.kind)) ? (
        <p className="hint">{t("documents.vaultHasNone")}</p>
      ) : null}
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
                  ...choices.map((d) => ({
                    value: d.id,
                    label: `${d.title} (${d.attachment.originalName}, ${formatBytes(d.attachment.size)})`,
                  })),
                ]}
              />
            );
          })}
          <div className="form-actions">
            <button
              type="submit"
              name="intent"
              value={SECTION_INTENT.save}
              className="button secondary"
              disabled={navigation.state === "submitting"}
            >
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
                <strong>{t(`documentKind.${a.kind}`)}</strong>:{" "}
                <a href={`/files/${file.id}`}>{a.storedDocument?.title ?? file.originalName}</a>{" "}
                <span className="meta">
                  ({a.storedDocument ? t("documents.sourceVault") : t("documents.sourceUpload")}, {formatBytes(file.size)}, SHA-256{" "}
                  <code>{file.sha256.slice(0, 12)}…</code>)
                </span>
              </div>
              {!readOnly ? (
                <Form method="post">
                  <input type="hidden" name="linkId" value={a.id} />
                  <button type="submit" name="intent" value={SECTION_INTENT.removeDocument} className="button secondary small">
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
