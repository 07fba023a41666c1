// The milestones. Their dates are checked as typed (with JavaScript) and as
// saved: an end before the start is marked on the field and blocks only the
// submission; dates outside the call's implementation period are a warning.
import type { UseFormRegisterReturn } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { Field, TextAreaField } from "~/components/ui/field";
import { milestoneIssues, type ImplementationPeriod } from "~/domains/proposals/proposal-rules";
import type { useProposalForm } from "~/components/proposals/use-proposal-form";
import { formatDate, type AppLocale } from "~/utils/i18n";
import { Rows, rowCount } from "./rows";
import { startOfDay } from "~/utils/time";

type Form = ReturnType<typeof useProposalForm>;
type FieldProps = UseFormRegisterReturn & { defaultValue: string; error?: string };

export function MilestoneRows({
  period,
  savedMilestones,
  values,
  field,
  form,
  readOnly,
  locale,
}: {
  period: ImplementationPeriod;
  savedMilestones: number;
  values: Record<string, string>;
  field: (name: string) => FieldProps;
  form: Pick<Form, "register" | "watch" | "hydrated">;
  readOnly: boolean;
  locale: AppLocale;
}) {
  const { t } = useTranslation("proposals");
  const periodText = t("milestones.period", {
    from: formatDate(startOfDay(period.startsOn), locale),
    to: formatDate(startOfDay(period.endsOn), locale),
  });
  const dates = (i: number) => {
    const read = (name: string) => {
      const typed: unknown = form.hydrated ? form.watch(`milestones.${i}.${name}`) : values[`milestones.${i}.${name}`];
      return typeof typed === "string" ? typed : undefined;
    };
    return { startsOn: read("startsOn"), dueOn: read("dueOn") };
  };
  const dateField = (i: number, name: "startsOn" | "dueOn") => {
    const own = field(`milestones.${i}.${name}`);
    const issues = milestoneIssues(dates(i), period).filter((issue) => issue.field === name);
    const blocking = issues.find((issue) => issue.blocking);
    const warning = issues.find((issue) => !issue.blocking);
    return {
      ...own,
      // The form's own check (an unfinished date) comes first; then an end before the start.
      error: own.error ?? (blocking ? `proposals:validation.${blocking.code}` : undefined),
      hint: warning ? <span className="field-warning">{t("milestones.outsidePeriod", { period: periodText })}</span> : undefined,
    };
  };
  return (
    <>
      <p className="hint">{periodText}</p>
      <Rows
        prefix="milestones"
        initial={rowCount(values, "milestones")}
        saved={savedMilestones}
        legend={(n) => t("milestones.row", { n })}
        addLabel={t("milestones.add")}
        hydrated={form.hydrated}
        readOnly={readOnly}
        register={form.register}
        render={(i) => (
          <>
            <Field label={t("milestones.title")} {...field(`milestones.${i}.title`)} />
            <TextAreaField label={t("milestones.deliverables")} rows={2} {...field(`milestones.${i}.deliverables`)} />
            <div className="row-grid two">
              <Field label={t("milestones.startsOn")} type="date" {...dateField(i, "startsOn")} />
              <Field label={t("milestones.dueOn")} type="date" {...dateField(i, "dueOn")} />
            </div>
          </>
        )}
      />
    </>
  );
}
