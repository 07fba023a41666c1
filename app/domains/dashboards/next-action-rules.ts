// What a dashboard tells a person to do next: one line per concrete object
// (a proposal, an award, a milestone, a statement), with the link to that
// object and, where the cycle sets one, the deadline. Pure: shared by the
// server that computes the actions and the page that shows them.
import { DAY_MS } from "~/utils/time";

/** A deadline this close is shown as "soon". */
export const SOON_DAYS = 7;

/** A trilingual name shown in the reader's language (a call title, an organization, a programme). */
export type Named = { nameKy: string; nameRu: string; nameEn: string | null };

export type NextAction = {
  /** Key in the "dashboard" namespace under `next.` */
  key: string;
  /** The exact object the action is about. */
  to: string;
  /** The deadline, if the cycle sets one (ISO instant). */
  due: string | null;
  /** Plain text values for the message. */
  params: Record<string, string>;
  /** Amounts in tyiyn (decimal strings), formatted in the reader's language. */
  money?: Record<string, string>;
  /** Trilingual names, shown in the reader's language. */
  names?: Record<string, Named>;
  /** The budget programme the object belongs to (staff cards name it). */
  programme?: { code: string } & Named;
};

export type Urgency = "overdue" | "soon" | "later";

export function urgencyOf(due: string | null, now: Date): Urgency | null {
  if (!due) return null;
  const left = new Date(due).getTime() - now.getTime();
  if (left < 0) return "overdue";
  return left <= SOON_DAYS * DAY_MS ? "soon" : "later";
}

/** Overdue first, then the nearest deadline; actions without a deadline keep their order after them. */
export function sortActions(actions: readonly NextAction[]): NextAction[] {
  return actions
    .map((action, index) => ({ action, index, at: action.due ? new Date(action.due).getTime() : Infinity }))
    .sort((a, b) => a.at - b.at || a.index - b.index)
    .map((entry) => entry.action);
}

/**
 * The milestones an organization should report on now: every one that waits
 * for a correction or is overdue, and per agreement the next one still pending.
 */
export function milestonesToReport<M extends { agreementId: string; status: string; dueOn: Date; position: number }>(
  milestones: readonly M[],
  now: Date,
): M[] {
  const open = milestones.filter((m) => m.status === "PENDING" || m.status === "CHANGES_REQUESTED").sort((a, b) => a.position - b.position);
  const nextPending = new Map<string, M>();
  for (const m of open) if (m.status === "PENDING" && !nextPending.has(m.agreementId)) nextPending.set(m.agreementId, m);
  return open.filter((m) => m.status === "CHANGES_REQUESTED" || m.dueOn < now || nextPending.get(m.agreementId) === m);
}

/** Organization names as a Named. */
export const named = (record: { nameKy: string; nameRu: string; nameEn: string | null }): Named => ({
  nameKy: record.nameKy,
  nameRu: record.nameRu,
  nameEn: record.nameEn,
});

/** A call's title as a Named (calls keep their names in title columns). */
export const titled = (call: { titleKy: string; titleRu: string; titleEn: string | null }): Named => ({
  nameKy: call.titleKy,
  nameRu: call.titleRu,
  nameEn: call.titleEn,
});
