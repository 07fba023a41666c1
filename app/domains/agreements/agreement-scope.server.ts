import { municipalityCallScope } from "~/domains/proposals/proposal-access.server";
import { can, type Actor } from "~/utils/permissions";

/**
 * Which agreements the actor may see, as a Prisma filter on Agreement: staff of
 * the municipality see its agreements, NCO people their organizations' ones;
 * anything else sees none (routes answer 404).
 */
export function agreementScope(actor: Actor) {
  if (can(actor, "manage:agreement:any") || can(actor, "read:agreement:any")) {
    return { award: { call: municipalityCallScope(actor) } };
  }
  if (can(actor, "read:agreement:own")) return { award: { organizationId: { in: actor.organizations.map((o) => o.id) } } };
  return null;
}
