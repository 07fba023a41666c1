/**
 * `request.formData()` throws a TypeError when a body is not a form (a wrong
 * Content-Type, a broken multipart boundary). Uncaught in an action, that is a
 * 500 for what is the client's mistake. Every action reads its form through
 * this one method, so the answer is fixed here, once: the error becomes a 400
 * or 415 Response, which Remix renders with the error boundary.
 *
 * U+0000 is dropped from every text field here too: it is never typed, means
 * nothing, and PostgreSQL's text cannot store it, so both databases keep the
 * same value.
 */
export function installFormDataGuard() {
  const proto = Request.prototype as Request & { __portalGuarded?: boolean };
  if (proto.__portalGuarded) return;
  const original = proto.formData;
  proto.formData = async function guardedFormData(this: Request) {
    try {
      return withoutNul(await original.call(this));
    } catch (error) {
      if (!(error instanceof TypeError)) throw error;
      const type = this.headers.get("Content-Type") ?? "";
      const isForm = /^(multipart\/form-data|application\/x-www-form-urlencoded)/i.test(type);
      throw new Response(isForm ? "Malformed form data" : "Unsupported content type", { status: isForm ? 400 : 415 });
    }
  };
  proto.__portalGuarded = true;
}

const dropNul = (text: string) => text.replaceAll("\u0000", "");

function withoutNul(form: FormData): FormData {
  const entries = [...form];
  if (!entries.some(([key, value]) => key.includes("\u0000") || (typeof value === "string" && value.includes("\u0000")))) return form;
  const clean = new FormData();
  for (const [key, value] of entries) clean.append(dropNul(key), typeof value === "string" ? dropNul(value) : value);
  return clean;
}
