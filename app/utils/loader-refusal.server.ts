import { DomainError } from "./domain-error";

// How a loader turns a domain refusal into HTTP. An action answers with
// `refusedForm` (forms.server.ts); a loader has no form to show it beside, so
// the refusal becomes the error page of its status.

/** Runs a loader's domain call; a DomainError becomes the matching status (404 stays 404: no hint that it exists). */
export async function orRespond<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof DomainError) throw new Response(error.code, { status: error.status });
    throw error;
  }
}
