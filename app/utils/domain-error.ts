/**
 * A broken business rule (deadline passed, budget exhausted, conflict of
 * interest). `code` is a translation key in the "errors" namespace; routes
 * turn it into a 4xx answer with the message in the user's language.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly params: Record<string, string | number> = {},
    readonly status: 400 | 403 | 404 | 409 | 415 | 422 | 429 = 409,
  ) {
    super(code);
    this.name = "DomainError";
  }
}

export function assert(
  condition: unknown,
  code: string,
  params?: Record<string, string | number>,
  status?: DomainError["status"],
): asserts condition {
  if (!condition) throw new DomainError(code, params, status);
}
