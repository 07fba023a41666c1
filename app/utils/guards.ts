// Narrowing without casts: membership in a literal list, and the code of a Prisma error
// (either generated client: two classes, so no instanceof).

/** `value` is one of `list`'s members, narrowed to the list's element type. */
export function isOneOf<const T>(list: readonly T[], value: unknown): value is T {
  return list.some((item) => item === value);
}

/** The `code` of an error object (Prisma's "P2002" and the like), if it has a string one. */
export function errorCode(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null || !("code" in error)) return undefined;
  return typeof error.code === "string" ? error.code : undefined;
}

/** A unique constraint fired: P2002 from either generated client. */
export function isUniqueViolation(error: unknown): boolean {
  return errorCode(error) === "P2002";
}

/** A non-null object, read key by key as unknowns (parsed JSON, loader data of another route). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}
