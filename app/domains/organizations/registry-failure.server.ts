import { data } from "@remix-run/node";
import type { DomainError } from "~/utils/domain-error";
import type { FormFailure } from "~/utils/forms.server";

export type RegistryFailure = FormFailure & { formParams?: Record<string, string>; form?: string };

/**
 * A DomainError as a form's 4xx answer, keeping the message's parameters
 * ({{email}}) and which of the page's forms it belongs to.
 */
export function registryFailure(error: DomainError, options: { form?: string; values?: Record<string, string> } = {}) {
  const formParams = Object.fromEntries(Object.entries(error.params).map(([k, v]) => [k, String(v)]));
  return data<RegistryFailure>(
    { errors: {}, formError: error.code, formParams, form: options.form, values: options.values },
    { status: error.status },
  );
}
