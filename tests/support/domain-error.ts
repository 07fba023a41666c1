// The one way a test expects a DomainError (app/utils/domain-error.ts): the promise must reject with
// one, with the code and status when given; the error is returned for its details.
import { expect } from "vitest";
import { DomainError } from "~/utils/domain-error";

export async function domainError(promise: Promise<unknown>, code?: string, status?: number): Promise<DomainError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, `expected a DomainError${code ? ` ${code}` : ""}`).toBeInstanceOf(DomainError);
  if (code !== undefined) expect((error as DomainError).code).toBe(code);
  if (status !== undefined) expect((error as DomainError).status).toBe(status);
  return error as DomainError;
}
