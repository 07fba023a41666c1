import type { Actor } from "~/utils/permissions";
import { commissionNextActions } from "./commission-next-actions.server";
import { ncoNextActions, noOrganizationNextActions } from "./nco-next-actions.server";
import { sortActions, type NextAction } from "./next-action-rules";
import { financeNextActions, officerNextActions } from "./staff-next-actions.server";

/** What the person should do next, across their roles: deadlines first, then the rest in the order of the cycle. */
export async function nextActionsFor(actor: Actor, now = new Date()): Promise<NextAction[]> {
  if (actor.roles.length === 0) return noOrganizationNextActions(now);
  const parts = await Promise.all([
    ncoNextActions(actor, now),
    officerNextActions(actor, now),
    financeNextActions(actor),
    commissionNextActions(actor, now),
  ]);
  return sortActions(parts.flat());
}
