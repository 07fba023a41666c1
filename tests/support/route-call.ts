// The one way an in-process test calls the portal's routes, at either of two depths:
// - `call(handler, request)`: one route module's loader or action, as Remix would call it, with
//   whatever it returns or throws (Response, data(), plain object) turned into one `Answer`;
// - `requestHandler(await loadBuild())`: the whole production build behind the request handler
//   Express uses (every route, root loader, error boundaries), with `getRequest`/`postRequest`.
// Sessions: tests/support/session.ts. The manifest tools (every route, its intents) for the
// tenancy and fuzz sweeps: tests/integration/route-manifest.ts.
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler, type ActionFunctionArgs, type LoaderFunctionArgs, type ServerBuild } from "@remix-run/node";

/** The address the tests' requests are made to (PUBLIC_URL's default). */
export const ORIGIN = "http://localhost:3000";

export type Answer = {
  status: number;
  headers: Headers;
  /** data() or a plain object as returned; a JSON or text Response's body (parsed when JSON). */
  data: any;
  /** The Location header, on a redirect. */
  location: string | null;
  /** Whether the handler threw the Response (rather than returning it). */
  thrown: boolean;
  /** The Response itself, when there was one; a file's body (PDF, image, download) is left unread here. */
  response: Response | null;
};

export type Handler = (args: ActionFunctionArgs & LoaderFunctionArgs) => unknown;

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
  return new Request(ORIGIN + path, init);
}

/** JSON, text and empty bodies are read into `data`; a file's body stays in `response`. */
const readable = (response: Response) => {
  const type = response.headers.get("Content-Type") ?? "";
  return type === "" || type.includes("json") || type.startsWith("text/");
};

async function normalise(value: unknown, thrown: boolean): Promise<Answer> {
  if (value instanceof Response) {
    let data: unknown = undefined;
    if (readable(value)) {
      const text = await value.text();
      data = text;
      try {
        data = JSON.parse(text);
      } catch {
        // not JSON
      }
    }
    return { status: value.status, headers: value.headers, data, location: value.headers.get("Location"), thrown, response: value };
  }
  if (value && typeof value === "object" && (value as { type?: string }).type === "DataWithResponseInit") {
    const { data, init } = value as { data: unknown; init: ResponseInit | null };
    const headers = new Headers(init?.headers);
    return { status: init?.status ?? 200, headers, data, location: headers.get("Location"), thrown, response: null };
  }
  return { status: 200, headers: new Headers(), data: value, location: null, thrown, response: null };
}

/**
 * Calls a loader or action with a Request (or the options to build one) and the route's params
 * (for a Request; options carry their own). A thrown Response is an answer; anything else thrown
 * is rethrown.
 */
export async function call(handler: Handler, request: Request | CallOptions, params?: Record<string, string>): Promise<Answer> {
  const [req, routeParams] = request instanceof Request ? [request, params ?? {}] : [buildRequest(request), request.params ?? params ?? {}];
  try {
    return await normalise(await handler({ request: req, params: routeParams, context: { cspNonce: "" } } as never), false);
  } catch (error) {
    if (error instanceof Response) return normalise(error, true);
    throw error;
  }
}

/** The name=value part of an answer's Set-Cookie header, to send back as Cookie. */
export function cookieOf(answer: Answer, name = "__session"): string | null {
  const header = answer.headers.get("Set-Cookie") ?? "";
  const match = new RegExp(`(?:^|, )(${name}=[^;]*)`).exec(header);
  return match ? match[1]! : null;
}

/** The production build (build/index.js; the global set-up makes sure it is fresh). */
export async function loadBuild(): Promise<ServerBuild> {
  const file = path.resolve(import.meta.dirname, "../../build/index.js");
  return (await import(pathToFileURL(file).href)) as ServerBuild;
}

/** The whole build behind the request handler Express uses (no HTTP server). */
export function requestHandler(build: ServerBuild) {
  const handle = createRequestHandler(build, "production");
  return (request: Request) => handle(request, { cspNonce: "" });
}

export function getRequest(url: string, cookie?: string, data = false) {
  // Single-fetch data URLs: /a/b -> /a/b.data, / -> /_root.data
  const target = data ? (url === "/" ? "/_root.data" : `${url.replace(/\/$/, "")}.data`) : url;
  return new Request(ORIGIN + target, { headers: { ...(cookie ? { Cookie: cookie } : {}), "X-Portal-Client-Ip": "10.9.9.9" } });
}

export function postRequest(url: string, body: BodyInit, cookie?: string, contentType?: string) {
  return new Request(ORIGIN + url, {
    method: "POST",
    body,
    headers: {
      ...(cookie ? { Cookie: cookie } : {}),
      ...(contentType ? { "Content-Type": contentType } : {}),
      Origin: ORIGIN,
      // Remix compares Origin with the host; Express would pass the Host header on.
      "X-Forwarded-Host": new URL(ORIGIN).host,
      "X-Portal-Client-Ip": "10.9.9.9",
    },
  });
}
