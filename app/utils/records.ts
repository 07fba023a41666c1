/** A non-null object, read key by key as unknowns (parsed JSON, loader data of another route). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}
