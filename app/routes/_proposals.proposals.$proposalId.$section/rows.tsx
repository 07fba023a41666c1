// A table of rows (milestones, budget lines): the saved ones plus blank ones
// to fill. A blank row is ignored when saving, a ticked "remove" drops a row:
// both work without JavaScript. With it, "add" appends a row, moves the focus
// into it and says so to screen readers.
import { useEffect, useRef, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { MAX_ROW_INDEX } from "~/domains/proposals/form-fields";
import type { useProposalForm } from "~/components/proposals/use-proposal-form";

const EXTRA_ROWS = 2;

type Register = ReturnType<typeof useProposalForm>["register"];

/**
 * How many rows to show again: up to the last row holding anything typed.
 * Posted rows keep their positions, so errors stay on the row they belong to.
 */
export function rowCount(values: Record<string, string>, prefix: string) {
  let count = 0;
  for (const [key, value] of Object.entries(values)) {
    const match = key.match(new RegExp(`^${prefix}\\.(\\d+)\\.(\\w+)$`));
    if (match && match[2] !== "remove" && value.trim() !== "" && Number(match[1]) <= MAX_ROW_INDEX)
      count = Math.max(count, Number(match[1]) + 1);
  }
  return count;
}

export function Rows({
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
  render: (index: number) => ReactNode;
  hydrated: boolean;
  readOnly: boolean;
  register: Register;
}) {
  const { t } = useTranslation("proposals");
  const [count, setCount] = useState(initial + (readOnly ? 0 : EXTRA_ROWS));
  const [added, setAdded] = useState<number | null>(null);
  const list = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (added === null) return;
    const row = list.current?.querySelector<HTMLFieldSetElement>(`[data-row="${added}"]`);
    row?.querySelector<HTMLElement>("input, select, textarea")?.focus();
  }, [added]);

  return (
    <div className="rows" ref={list}>
      {Array.from({ length: count }, (_, i) => (
        <fieldset key={i} className="row-card" data-row={i}>
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
            <button
              type="button"
              className="button secondary small"
              onClick={() => {
                setAdded(count);
                setCount(count + 1);
              }}
            >
              {addLabel}
            </button>
          ) : null}
        </p>
      ) : null}
      <p className="visually-hidden" aria-live="polite">
        {added !== null ? t("rows.added", { row: legend(added + 1) }) : ""}
      </p>
    </div>
  );
}
