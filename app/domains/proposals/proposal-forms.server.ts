// What the proposal routes share between parsing a post and answering it:
// field errors under their full path ("lines.2.unitCost"), the values typed
// sent back so nothing is lost, and rule violations as translated 4xx.
import { data } from "@remix-run/node";
import type { z } from "zod";
import { DomainError } from "~/utils/domain-error";
import { formToObject } from "~/utils/forms.server";
import { nestFields } from "./form-fields";
import { schemaForSent, type Section } from "./proposal-schemas";

export type ProposalFailure = {
  errors: Record<string, string[] | undefined>;
  formError?: string;
  formParams?: Record<string, string | number>;
  values?: Record<string, string>;
  intent?: string;
};

export function failure(body: ProposalFailure, status: number) {
  return data<ProposalFailure>(body, { status });
}

/** Parses a posted form (flat names, rows as "rows.0.field") with a section's schema. */
export function parseForm<S extends z.ZodTypeAny>(form: FormData, schema: S, intent?: string) {
  return parseFields(formToObject(form), schema, intent);
}

/**
 * A section save: only the section's fields that were sent are checked and
 * written; a post with none of them is refused (400) rather than read as
 * "everything emptied".
 */
export function parseSectionForm(form: FormData, section: Section, intent?: string) {
  const raw = formToObject(form);
  const schema = schemaForSent(section, nestFields(raw));
  if (!schema) return { data: null, raw, failure: failure({ errors: {}, formError: "proposals:errors.nothingSent", intent }, 400) };
  return parseFields(raw, schema, intent);
}

function parseFields<S extends z.ZodTypeAny>(raw: Record<string, string>, schema: S, intent?: string) {
  const parsed = schema.safeParse(nestFields(raw));
  if (parsed.success) return { data: parsed.data as z.output<S>, raw, failure: null };
  const errors: Record<string, string[]> = {};
  for (const issue of parsed.error.issues) (errors[issue.path.join(".")] ??= []).push(issue.message);
  return { data: null, raw, failure: failure({ errors, formError: "proposals:errors.fixFields", values: raw, intent }, 400) };
}

/**
 * A DomainError as the answer: not found is the 404 page (nobody learns the
 * proposal exists), any other rule is a 4xx with its message key and params.
 */
export function ruleFailure(error: unknown, values?: Record<string, string>, intent?: string) {
  if (!(error instanceof DomainError)) throw error;
  if (error.status === 404) throw new Response("Not found", { status: 404 });
  const code = error.code.includes(":") ? error.code : `errors:${error.code}`;
  return failure({ errors: {}, formError: code, formParams: error.params, values, intent }, error.status);
}

export function isMultipart(request: Request) {
  return (request.headers.get("Content-Type") ?? "").toLowerCase().startsWith("multipart/form-data");
}
