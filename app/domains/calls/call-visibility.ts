import type { Prisma } from "~/generated/sqlite/client";

/**
 * The one definition of a call the public may see, used by the public pages
 * and by every open-data file: a published call from its publication instant
 * on, every later stage of a call that was published, and a cancelled call
 * only if it had been published. A draft, or a draft that was cancelled,
 * never leaves the mayor's office.
 */
export function publicCallWhere(now: Date): Prisma.CallWhereInput {
  return {
    OR: [
      { status: "PUBLISHED", publishAt: { lte: now } },
      { status: { in: ["IN_REVIEW", "DECIDED", "COMPLETED"] }, publishedAt: { not: null } },
      { status: "CANCELLED", publishedAt: { not: null }, OR: [{ publishAt: null }, { publishAt: { lte: now } }] },
    ],
  };
}
