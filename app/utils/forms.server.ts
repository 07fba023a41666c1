import { data } from "@remix-run/node";
import type { z } from "zod";
import { formatBytes } from "~/domains/files/file-rules";
import { UploadError } from "~/domains/files/upload.server";
import { DomainError } from "./domain-error";

export type FieldErrors = Record<string, string[] | undefined>;

/**
 * The one answer of a form post that did not go through (architecture.md, "Forms").
 * - `intent`: which of the page's forms it answers (a page with one form may omit it);
 * - `errors`: field errors as translation keys, under the field's name ("lines.2.unitCost");
 * - `formError` + `formParams`: a message for the whole form, a namespaced key ("calls:form.fixErrors";
 *   a bare key is one of the "errors" namespace);
 * - `values`: what the person typed, so nothing is lost (multipart forms cannot be resent);
 * - `details`: what one page needs beyond that (a refused publication's list of problems).
 */
export type FormFailure<Details = never> = {
  intent?: string;
  errors: FieldErrors;
  formError?: string;
  formParams?: Record<string, string | number>;
  values?: Record<string, string>;
  details?: Details;
};

type FailureOptions<Details> = Omit<FormFailure<Details>, "errors">;

/** A form that did not pass its schema: 400 with field errors, the typed values and an optional form-level message. */
export function invalidForm<Details = never>(errors: FieldErrors, options: FailureOptions<Details> = {}) {
  return data<FormFailure<Details>>({ ...options, errors }, { status: 400 });
}

/**
 * A rate limit's refusal as the form's answer: 429 with `Retry-After` (the route exports
 * `withRetryAfter` as its headers) and the wait in seconds as `formParams.seconds`.
 */
export function limitedForm<Details = never>(seconds: number, formError: string, options: Omit<FailureOptions<Details>, "formError"> = {}) {
  return data<FormFailure<Details>>(
    { ...options, errors: {}, formError, formParams: { ...options.formParams, seconds } },
    { status: 429, headers: { "Retry-After": String(seconds) } },
  );
}

/**
 * A refusal as the form's answer. A DomainError is a 4xx with its message key and
 * parameters, except 404: that is the not-found page, so nobody learns that a
 * foreign object exists. An UploadError is its 400/413/415 with the file's message
 * (and the connection closed when the body was not read to the end). Anything
 * else is not a refusal and is rethrown.
 */
export function refusedForm<Details = never>(error: unknown, options: Omit<FailureOptions<Details>, "formError" | "formParams"> = {}) {
  if (error instanceof UploadError) {
    const formParams = Object.fromEntries(
      Object.entries(error.params).map(([key, value]) => [key, key === "limit" ? formatBytes(Number(value)) : String(value)]),
    );
    return data<FormFailure<Details>>(
      { ...options, errors: {}, formError: `files:${error.code}`, formParams },
      { status: error.status, headers: error.connectionSpoiled ? { Connection: "close" } : {} },
    );
  }
  if (!(error instanceof DomainError)) throw error;
  if (error.status === 404) throw new Response("Not found", { status: 404 });
  return data<FormFailure<Details>>({ ...options, errors: {}, formError: error.code, formParams: error.params }, { status: error.status });
}

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
export function validateForm<T>(form: FormData, schema: z.ZodType<T, z.ZodTypeDef, unknown>, keepValues: string[] = [], intent?: string) {
  const raw = formToObject(form);
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { data: parsed.data, failure: null };
  const values = Object.fromEntries(keepValues.filter((k) => k in raw).map((k) => [k, raw[k]!]));
  return { data: null, failure: invalidForm(fieldErrorsOf(parsed.error), { intent, values }) };
}

/** A zod error's messages under each input's full name ("lines.2.unitCost"); a form-level issue under "form". */
export function fieldErrorsOf(error: z.ZodError): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  for (const issue of error.issues) (errors[issue.path.join(".") || "form"] ??= []).push(issue.message);
  return errors;
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
  for (const name in known) if (Object.hasOwn(known, name) && known[name] === raw) return known[name];
  return null;
}

/** The 400 answer to an intent the action does not know, shown by the page's form alert ("errors:unknownIntent"). */
export function unknownIntent() {
  return invalidForm({}, { intent: "", formError: "errors:unknownIntent" });
}

/** Whether the post is a multipart body (a file upload, streamed) rather than a plain form. */
export function isMultipart(request: Request) {
  return (request.headers.get("Content-Type") ?? "").toLowerCase().startsWith("multipart/form-data");
}
