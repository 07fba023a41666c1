/**
 * `request.formData()` throws a TypeError when a body is not a form (a wrong
 * Content-Type, a broken multipart boundary). Uncaught in an action, that is a
 * 500 for what is the client's mistake. Every action reads its form through
 * this one method, so the answer is fixed here, once: the error becomes a 400
 * or 415 Response, which Remix renders with the error boundary.
 *
 * The body is read at most FORM_BODY_LIMIT bytes far (413 past it): Express
 * already bounds every body, and this keeps an upload route that reads an
 * ordinary form, or a multipart body sent to it, from buffering its 50 MB.
 *
 * U+0000 is dropped from every text field here too: it is never typed, means
 * nothing, and PostgreSQL's text cannot store it, so both databases keep the
 * same value.
 */
import { FORM_BODY_LIMIT } from "./body-limit.server";

export function installFormDataGuard() {
  const proto = Request.prototype;
  if ("__portalGuarded" in proto && proto.__portalGuarded) return;
  const original = proto.formData;
  proto.formData = async function guardedFormData(this: Request) {
    const bounded = await boundedCopy(this).catch((error: unknown) => {
      // A body that broke off (the client went away) is as malformed as a broken boundary.
      throw error instanceof Response ? error : new Response("Malformed form data", { status: 400 });
    });
    try {
      return withoutNul(await original.call(bounded));
    } catch (error) {
      if (!(error instanceof TypeError)) throw error;
      const type = this.headers.get("Content-Type") ?? "";
      const isForm = /^(multipart\/form-data|application\/x-www-form-urlencoded)/i.test(type);
      throw new Response(isForm ? "Malformed form data" : "Unsupported content type", { status: isForm ? 400 : 415 });
    }
  };
  Object.assign(proto, { __portalGuarded: true });
}

const tooLarge = () => new Response("Payload too large", { status: 413, headers: { Connection: "close" } });

/** The request with its body read into memory, refused past FORM_BODY_LIMIT. */
async function boundedCopy(request: Request): Promise<Request> {
  if (!request.body) return request;
  if (Number(request.headers.get("Content-Length") ?? 0) > FORM_BODY_LIMIT) throw tooLarge();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > FORM_BODY_LIMIT) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  return new Request(request.url, { method: request.method, headers: request.headers, body: Buffer.concat(chunks, size) });
}

const dropNul = (text: string) => text.replaceAll("\u0000", "");

function withoutNul(form: FormData): FormData {
  const entries = [...form];
  if (!entries.some(([key, value]) => key.includes("\u0000") || (typeof value === "string" && value.includes("\u0000")))) return form;
  const clean = new FormData();
  for (const [key, value] of entries) clean.append(dropNul(key), typeof value === "string" ? dropNul(value) : value);
  return clean;
}
