// How the proposal routes parse a post: flat names ("lines.2.unitCost") nested
// for the schema, field errors back under their full path, and the values typed
// sent back so nothing is lost. Refusals are answered with refusedForm.
import type { z } from "zod";
import { fieldErrorsOf, formToObject, invalidForm } from "~/utils/forms.server";
import { nestFields } from "./form-fields";
import { schemaForSent, type Section } from "./proposal-schemas";

/** Parses a posted form (flat names, rows as "rows.0.field") with a schema. */
export function parseForm<T>(form: FormData, schema: z.ZodType<T, z.ZodTypeDef, unknown>, intent?: string) {
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
  if (!schema) return { data: null, raw, failure: invalidForm({}, { formError: "proposals:errors.nothingSent", intent }) };
  return parseFields(raw, schema, intent);
}

function parseFields<T>(raw: Record<string, string>, schema: z.ZodType<T, z.ZodTypeDef, unknown>, intent?: string) {
  const parsed = schema.safeParse(nestFields(raw));
  if (parsed.success) return { data: parsed.data, raw, failure: null };
  return {
    data: null,
    raw,
    failure: invalidForm(fieldErrorsOf(parsed.error), { formError: "proposals:errors.fixFields", values: raw, intent }),
  };
}
