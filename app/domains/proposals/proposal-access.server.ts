// Who may see and change which proposal. Scoping lives in the query: a
// proposal outside the actor's reach is not found (404), never "forbidden",
// so nobody learns that it exists.
import { databaseKind, type Tx } from "~/utils/db.server";
import { DomainError } from "~/utils/domain-error";
import { can, type Actor } from "~/utils/permissions";

/** The proposals of the actor's own organizations. */
export function ownScope(actor: Actor) {
  return { organizationId: { in: actor.organizations.map((o) => o.id) } };
}

/**
 * Calls of the actor's municipality: a staff permission with ":any" scope
 * means any within that municipality. Staff without one match no call.
 */
export function municipalityCallScope(actor: Actor) {
  const noCall: string[] = [];
  return actor.municipalityId ? { municipalityId: actor.municipalityId } : { id: { in: noCall } };
}

/**
 * What the actor may read: their organizations' proposals; for staff who
 * read any proposal, those of their municipality's calls that were
 * submitted at least once (a draft is the NCO's own working paper until it
 * is submitted).
 */
export function readScope(actor: Actor) {
  if (can(actor, "read:proposal:any")) return { OR: [ownScope(actor), { versions: { some: {} }, call: municipalityCallScope(actor) }] };
  return ownScope(actor);
}

export function notFound(): never {
  throw new DomainError("notFound", {}, 404);
}

/**
 * Serializes writers of one row for the rest of the transaction. SQLite has
 * one writer per process already (see db-adapters.server.ts); PostgreSQL
 * needs the row lock.
 */
export async function lockRow(tx: Tx, table: "Proposal" | "Organization", id: string) {
  if (databaseKind() !== "postgresql") return;
  await tx.$queryRawUnsafe(`SELECT "id" FROM "${table}" WHERE "id" = $1 FOR UPDATE`, id);
}

export { isUniqueViolation } from "~/utils/guards";
