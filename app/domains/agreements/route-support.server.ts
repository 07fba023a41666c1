import { data } from "@remix-run/node";
import { UploadError, uploadFailure } from "~/domains/files/files.server";
import { DomainError } from "~/utils/domain-error";

// How the grants and finance pages turn a refusal into an answer: a missing or
// foreign object is a 404 page, a broken rule a 4xx with a translated message
// under the form that caused it (`intent`), never a 500.

export type IntentFailure = {
  intent: string;
  errors: Record<string, string[] | undefined>;
  formError?: string;
  formParams?: Record<string, string | number>;
  /** The form's fields as typed, for a page that shows them again (multipart forms, which the browser cannot resend). */
  values?: Record<string, string>;
};

export function failure(intent: string, body: Omit<IntentFailure, "intent">, status = 400) {
  return data<IntentFailure>({ intent, ...body }, { status });
}

/** For loaders: a DomainError becomes the matching error page. */
export function asResponse(error: unknown): never {
  if (error instanceof DomainError) throw new Response(error.code, { status: error.status === 403 ? 403 : 404 });
  throw error;
}

/** For actions: a form failure to show, a 404 page for what the actor may not see, anything else rethrown. */
export function actionFailure(error: unknown, intent: string, values?: Record<string, string>) {
  if (error instanceof UploadError) {
    const answer = uploadFailure(error);
    return data<IntentFailure>(
      { intent, errors: {}, formError: answer.data.formError, formParams: answer.data.formParams, values },
      answer.init ?? { status: 400 },
    );
  }
  if (error instanceof DomainError) {
    if (error.status === 404) throw new Response("Not found", { status: 404 });
    return failure(intent, { errors: {}, formError: error.code, formParams: error.params, values }, error.status);
  }
  throw error;
}

export function zodFailure(intent: string, fieldErrors: Record<string, string[] | undefined>, values?: Record<string, string>) {
  return failure(intent, { errors: fieldErrors, values }, 400);
}

/** A short fresh key for forms whose repeat must not act twice (payment orders). */
export function isMultipart(request: Request) {
  return (request.headers.get("Content-Type") ?? "").toLowerCase().startsWith("multipart/form-data");
}
