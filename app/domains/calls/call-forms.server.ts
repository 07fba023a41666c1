import { data } from "@remix-run/node";
import type { z } from "zod";
import { DomainError } from "~/utils/domain-error";
import { formToObject, type FieldErrors } from "~/utils/forms.server";
import { CallNotReady, EligibilityChangeUnconfirmed } from "./calls.server";
import { issuesByField, readCallForm, type CallFormValues } from "./call-schemas";
import type { EligibilityChange, Problem } from "./calls-rules";

/**
 * What a failed POST on a call page answers: which form (`intent`) it was,
 * field errors as translation keys, a form-level error key, what the person
 * typed (so nothing is lost), and for a refused publication the list of what is missing.
 */
export type CallActionFailure = {
  intent: string;
  errors: FieldErrors;
  formError?: string;
  formErrorParams?: Record<string, string | number>;
  problems?: Problem[];
  values?: Record<string, unknown>;
  questionId?: string;
  /** An amendment that changes who may apply: what changes, and the token that confirms exactly that. */
  eligibilityChanges?: EligibilityChange[];
  confirmToken?: string;
};

export function callFailure(body: CallActionFailure, status: number) {
  return data(body, { status });
}

/** A small form parsed with its schema; on failure the 400 answer with the typed values. */
export function parseIntentForm<S extends z.ZodTypeAny>(form: FormData, schema: S, intent: string, extra: Partial<CallActionFailure> = {}) {
  const raw = formToObject(form);
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { data: parsed.data as z.infer<S>, failure: null };
  return { data: null, failure: callFailure({ intent, errors: issuesByField(parsed.error), values: { ...raw }, ...extra }, 400) };
}

/** The big call form: the same nested shape the browser builds, so errors line up with the inputs. */
export function parseCallForm<S extends z.ZodTypeAny>(form: FormData, schema: S, intent: string) {
  const values: CallFormValues = readCallForm(form);
  const parsed = schema.safeParse(values);
  if (parsed.success) return { data: parsed.data as z.infer<S>, values, failure: null };
  return {
    data: null,
    values,
    failure: callFailure({ intent, errors: issuesByField(parsed.error), formError: "calls:form.fixErrors", values }, 400),
  };
}

/**
 * A broken rule as a 4xx answer in the person's language. A missing or
 * foreign object is a 404 page, as if it did not exist.
 */
export function ruleFailure(error: unknown, intent: string, extra: Partial<CallActionFailure> = {}) {
  if (!(error instanceof DomainError)) throw error;
  if (error.status === 404) throw new Response("Not found", { status: 404 });
  return callFailure(
    {
      intent,
      errors: {},
      formError: error.code,
      formErrorParams: error.params,
      problems: error instanceof CallNotReady ? error.problems : undefined,
      ...(error instanceof EligibilityChangeUnconfirmed ? { eligibilityChanges: error.changes, confirmToken: error.token } : {}),
      ...extra,
    },
    error.status,
  );
}
