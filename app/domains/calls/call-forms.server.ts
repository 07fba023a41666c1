import { fieldErrorsOf, invalidForm, refusedForm } from "~/utils/forms.server";
import { CallNotReady, EligibilityChangeUnconfirmed } from "./calls.server";
import { readCallForm, type CallFormValues } from "./call-schemas";
import type { EligibilityChange, Problem } from "./calls-rules";
import type { z } from "zod";

/**
 * What a call page needs from a failed post beyond the shared FormFailure: the call
 * form's typed values in their nested shape (lists, criteria rows), a refused
 * publication's problems, an amendment's eligibility changes with the token that
 * confirms exactly them.
 */
export type CallFailureDetails = {
  callValues?: CallFormValues;
  problems?: Problem[];
  eligibilityChanges?: EligibilityChange[];
  confirmToken?: string;
};

/** The big call form: the same nested shape the browser builds, so errors line up with the inputs. */
export function parseCallForm<T>(form: FormData, schema: z.ZodType<T, z.ZodTypeDef, unknown>, intent: string) {
  const values = readCallForm(form);
  const parsed = schema.safeParse(values);
  if (parsed.success) return { data: parsed.data, values, failure: null };
  const failure = invalidForm<CallFailureDetails>(fieldErrorsOf(parsed.error), {
    intent,
    formError: "calls:form.fixErrors",
    details: { callValues: values },
  });
  return { data: null, values, failure };
}

/**
 * A refusal on a call page (refusedForm), with what the page shows besides the message:
 * the list of what a publication misses, or the eligibility changes an amendment must confirm.
 */
export function callRefusal(error: unknown, options: { intent: string; values?: Record<string, string>; details?: CallFailureDetails }) {
  const details: CallFailureDetails = { ...options.details };
  if (error instanceof CallNotReady) details.problems = error.problems;
  if (error instanceof EligibilityChangeUnconfirmed)
    Object.assign(details, { eligibilityChanges: error.changes, confirmToken: error.token });
  return refusedForm<CallFailureDetails>(error, { ...options, details });
}
