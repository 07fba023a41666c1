// Calls a Remix loader or action the way the server would, and turns whatever
// it returns or throws (Response, data(), plain object) into one shape.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";

export const PORTAL = "http://localhost:3000";

export type Answer = { status: number; headers: Headers; data: any; location: string | null; thrown: boolean };

type Handler = (args: ActionFunctionArgs & LoaderFunctionArgs) => unknown;

export type CallOptions = {
  path: string;
  method?: "GET" | "POST";
  form?: Record<string, string> | URLSearchParams;
  body?: BodyInit;
  cookie?: string | null;
  ip?: string;
  params?: Record<string, string>;
  headers?: Record<string, string>;
};

export function buildRequest({ path, method, form, body, cookie, ip = "192.0.2.1", headers = {} }: CallOptions) {
  const init: RequestInit = { method: method ?? (form || body ? "POST" : "GET"), headers: { "X-Portal-Client-Ip": ip, ...headers } };
  if (cookie) (init.headers as Record<string, string>).Cookie = cookie;
  if (form) init.body = form instanceof URLSearchParams ? form : new URLSearchParams(form);
  else if (body !== undefined) init.body = body;
  return new Request(PORTAL + path, init);
}

async function normalise(value: unknown, thrown: boolean): Promise<Answer> {
  if (value instanceof Response) {
    const text = await value.text();
    let data: unknown = text;
    try {
      data = JSON.parse(text);
    } catch {
      // not JSON
    }
    return { status: value.status, headers: value.headers, data, location: value.headers.get("Location"), thrown };
  }
  if (value && typeof value === "object" && (value as { type?: string }).type === "DataWithResponseInit") {
    const { data, init } = value as { data: unknown; init: ResponseInit | null };
    const headers = new Headers(init?.headers);
    return { status: init?.status ?? 200, headers, data, location: headers.get("Location"), thrown };
  }
  return { status: 200, headers: new Headers(), data: value, location: null, thrown };
}

export async function call(handler: Handler, options: CallOptions): Promise<Answer> {
  const request = buildRequest(options);
  try {
    return await normalise(await handler({ request, params: options.params ?? {}, context: { cspNonce: "" } } as never), false);
  } catch (error) {
    if (error instanceof Response) return normalise(error, true);
    throw error;
  }
}

/** The name=value part of a Set-Cookie header, to send back as Cookie. */
export function cookieOf(answer: Answer, name = "__session"): string | null {
  const header = answer.headers.get("Set-Cookie") ?? "";
  const match = new RegExp(`(?:^|, )(${name}=[^;]*)`).exec(header);
  return match ? match[1]! : null;
}
