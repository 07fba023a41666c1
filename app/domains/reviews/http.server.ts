import { data } from "@remix-run/node";
import { DomainError } from "~/utils/domain-error";
import type { FormFailure } from "~/utils/forms.server";

// How the review and award routes turn domain refusals into HTTP: a loader
// answers 404/403 as the error page shows them; an action answers 4xx with
// the reason as a translation key, so the form shows it in the user's language.

/** Runs a loader's domain call; a DomainError becomes the matching status (404 stays 404: no hint that it exists). */
export async function orRespond<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof DomainError) throw new Response(error.code, { status: error.status });
    throw error;
  }
}

export type ActionFailure = FormFailure & { target?: string; params?: Record<string, string | number> };

/** A DomainError as the action's answer, tagged with the form it belongs to when a page has many. */
export function refusal(error: unknown, target?: string, values?: Record<string, string>) {
  if (!(error instanceof DomainError)) throw error;
  return data<ActionFailure>({ errors: {}, formError: error.code, params: error.params, target, values }, { status: error.status });
}

/** A zod failure of one of many forms on a page. */
export function invalid(errors: Record<string, string[] | undefined>, target?: string, values?: Record<string, string>) {
  return data<ActionFailure>({ errors, target, values }, { status: 400 });
}
