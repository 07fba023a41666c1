import { Transform } from "node:stream";
import type { ActionFunctionArgs, AppLoadContext, EntryContext, LoaderFunctionArgs } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { ErrorPageStringsContext, type ErrorPageStrings } from "~/utils/error-page-strings";
import { pageResources, resolveLocale } from "~/utils/i18n.server";
import { logger } from "~/utils/logger.server";
import { NonceContext } from "~/utils/nonce";
import { getActor } from "~/utils/session.server";
import { installFormDataGuard } from "~/utils/request-body-guard.server";

installFormDataGuard();

const ABORT_DELAY = 5_000;
export const streamTimeout = ABORT_DELAY;

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = typeof loadContext.cspNonce === "string" ? loadContext.cspNonce : "";
  // An action that threw leaves the root without its loader's data: the error page gets its strings here.
  const errorPageStrings: ErrorPageStrings | null =
    remixContext.staticHandlerContext.loaderData.root == null
      ? await getActor(request)
          .then((actor) => resolveLocale(request, actor?.locale))
          .then((locale) => ({ locale, resources: pageResources(locale, new URL(request.url).pathname) }))
      : null;
  // Bots and no-JS clients get the whole document at once.
  const waitForAll = isbot(request.headers.get("user-agent") ?? "");
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceContext.Provider value={nonce}>
        <ErrorPageStringsContext.Provider value={errorPageStrings}>
          <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
        </ErrorPageStringsContext.Provider>
      </NonceContext.Provider>,
      {
        nonce,
        [waitForAll ? "onAllReady" : "onShellReady"]() {
          shellRendered = true;
          const body = withoutPadding();
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          resolve(new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }));
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) logger.error({ err: error }, "page rendering failed");
        },
      },
    );
    setTimeout(abort, ABORT_DELAY);
  });
}

/**
 * Every error Remix catches comes here, in the request's log context (its id
 * is on the line). A path no route matches, or a method a route does not take,
 * is the client's mistake, not the server's: the request line already says 404
 * or 405, so it is not logged again as an error with a stack.
 */
export function handleError(error: unknown, { request }: LoaderFunctionArgs | ActionFunctionArgs) {
  if (isRouteErrorResponse(error) && error.status < 500) {
    logger.debug({ status: error.status, reason: error.statusText }, "route error response");
    return;
  }
  // The client left (a closed tab, a new navigation): the aborted loader's error is expected.
  if (request.signal.aborted) return void logger.debug({ err: error }, "request aborted by the client");
  logger.error({ err: error }, "request failed");
}

/**
 * React 18.3's renderToPipeableStream writes its whole 2,048-byte view when a
 * multi-byte character does not fit at its end, padding included
 * (facebook/react#31134, fixed only in React 19): a NUL byte lands in Kyrgyz
 * and Russian pages, and inside the hydration script it becomes U+FFFD. In
 * UTF-8 a 0x00 byte is only ever U+0000, never part of another character,
 * and the portal's HTML never carries U+0000 (forms drop it on the way in),
 * so every such byte is padding and is dropped before it leaves.
 */
function withoutPadding() {
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
      if (!buffer.includes(0)) return callback(null, buffer);
      const parts: Buffer[] = [];
      let start = 0;
      for (let at = buffer.indexOf(0); at !== -1; at = buffer.indexOf(0, start)) {
        parts.push(buffer.subarray(start, at));
        start = at + 1;
      }
      parts.push(buffer.subarray(start));
      callback(null, Buffer.concat(parts));
    },
  });
}
