import { data } from "@remix-run/node";
import type { z } from "zod";
import { type DomainError } from "./domain-error";

export type FieldErrors = Record<string, string[] | undefined>;
export type FormFailure = {
  errors: FieldErrors;
  formError?: string;
  formParams?: Record<string, string | number>;
  values?: Record<string, string>;
};

/**
 * The posted form. A body that is not a form (JSON, a cut-off multipart) is
 * the client's mistake: 400, not a 500 with a stack trace in the log.
 */
export async function readForm(request: Request): Promise<FormData> {
  try {
    return await request.formData();
  } catch (error) {
    // The form data guard's own answers (413 too large, 415) stand.
    if (error instanceof Response) throw error;
    throw new Response("Bad request: expected a form", { status: 400 });
  }
}

/** Text fields of a form as a plain object (files are handled by the upload code). */
export function formToObject(form: FormData): Record<string, string> {
  const object: Record<string, string> = Object.create(null);
  for (const [key, value] of form) if (typeof value === "string") object[key] = value;
  return object;
}

/**
 * Parses a form with its zod schema. On failure returns the 400 answer to send
 * back: field errors as translation keys and the values typed, so nothing is lost.
 */
export function validateForm<S extends z.ZodTypeAny>(form: FormData, schema: S, keepValues: string[] = []) {
  const raw = formToObject(form);
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { data: parsed.data as z.infer<S>, failure: null };
  const values = Object.fromEntries(keepValues.filter((k) => k in raw).map((k) => [k, raw[k]!]));
  const failure = data<FormFailure>({ errors: parsed.error.flatten().fieldErrors as FieldErrors, values }, { status: 400 });
  return { data: null, failure };
}

/** A DomainError as a 4xx answer whose formError is a key of the "errors" namespace. */
export function domainFailure(error: DomainError, values?: Record<string, string>) {
  return data<FormFailure>({ errors: {}, formError: error.code, formParams: error.params, values }, { status: error.status });
}

/**
 * The intent of a multi-intent action: one of the values of the route's exported
 * `INTENT` constants, or `whenMissing` when the form sends none (a form of the page
 * that has no intent field). Anything else is null: answer it with `unknownIntent()`.
 */
export function intentOf<const T extends Record<string, string>>(
  source: FormData | Record<string, string | undefined>,
  known: T,
  whenMissing?: T[keyof T],
): T[keyof T] | null {
  const raw = source instanceof FormData ? source.get("intent") : source.intent;
  if ((raw === null || raw === undefined || raw === "") && whenMissing !== undefined) return whenMissing;
  if (typeof raw === "string" && (Object.values(known) as string[]).includes(raw)) return raw as T[keyof T];
  return null;
}

/** The 400 answer to an intent the action does not know, shown by the page's form alert ("errors:unknownIntent"). */
export function unknownIntent() {
  return data({ intent: "", errors: {} as FieldErrors, formError: "errors:unknownIntent" }, { status: 400 });
}
