import { randomUUID } from "node:crypto";
import { STATUS_CODES } from "node:http";
import { matchRoutes, type AgnosticRouteObject } from "@remix-run/router";
import type { ServerBuild } from "@remix-run/node";
import type { NextFunction, Request, Response } from "express";
import { logger, withRequestContext, type RequestContext } from "./logger.server";
import { observeRequest } from "./metrics.server";
import { isRecord } from "./guards";

/**
 * One JSON line per request (decision 0057): method, route, status,
 * duration, the signed-in person's id and the request id. The route is the
 * Remix route id ("routes/proposals.$proposalId"), never the URL: URLs carry
 * ids (one metric series each) and secrets (invitation and reset tokens).
 */

/** An id chosen by our own proxy (nginx's $request_id is 32 hex digits; a UUID is 36 characters). */
const SANE_REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- Express's own way to type res.locals
  namespace Express {
    interface Locals {
      /** The Remix route id (or "static", "metrics", "unmatched") the request is counted and logged under. */
      route?: string;
      requestContext?: RequestContext;
    }
  }
}

/**
 * The incoming X-Request-Id when the immediate peer is a proxy the portal
 * trusts (TRUST_PROXY) and the value is a short plain token; a new id
 * otherwise. A client must not be able to plant a value (a log-injection
 * string, or another request's id) in the logs.
 */
export function requestIdFor(req: Request): string {
  const incoming = req.get("x-request-id");
  // Express's compiled TRUST_PROXY setting: (address, hop) => whether that peer is a trusted proxy.
  const trusted: unknown = req.app.get("trust proxy fn");
  const fromProxy = Boolean(incoming && typeof trusted === "function" && trusted(req.socket.remoteAddress ?? "", 0));
  return fromProxy && SANE_REQUEST_ID.test(incoming!) ? incoming! : randomUUID();
}

type RouteNode = AgnosticRouteObject & { id: string };

function routeTree(build: ServerBuild, parentId?: string): RouteNode[] {
  return Object.values(build.routes)
    .filter((route) => route?.parentId === parentId)
    .map((route): RouteNode => {
      const children = routeTree(build, route!.id);
      const base = { id: route!.id, path: route!.path, caseSensitive: route!.caseSensitive };
      return route!.index ? { ...base, index: true } : { ...base, children: children.length ? children : undefined };
    });
}

/** The Remix route that answers a path (its page, its single-fetch `.data` URL); "unmatched" when none does. */
export function remixRouteLabel(build: ServerBuild) {
  const tree = routeTree(build);
  return (pathname: string) => {
    if (pathname === "/__manifest") return "manifest";
    const page = pathname.endsWith(".data") ? pathname.replace(/\.data$/, "").replace(/^\/_root$/, "/") : pathname;
    let matches: ReturnType<typeof matchRoutes<RouteNode>> = null;
    try {
      matches = matchRoutes(tree, page);
    } catch {
      // A path that is not valid percent-encoding: Remix answers it with its 404 too.
    }
    return matches?.at(-1)?.route.id ?? "unmatched";
  };
}

/**
 * First middleware: the request id (response header and log context), then
 * the log line and the metrics once the answer is sent or the client is gone.
 * Files served by express.static are logged at debug and counted as "static".
 */
export function requestLogging() {
  return (req: Request, res: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    const context: RequestContext = { requestId: requestIdFor(req) };
    res.locals.requestContext = context;
    res.setHeader("X-Request-Id", context.requestId);
    let done = false;
    const finish = (completed: boolean) => {
      if (done) return;
      done = true;
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = res.locals.route ?? "static";
      // 499 (nginx's "client closed request"): the client left before the whole answer was sent.
      const status = completed ? res.statusCode : 499;
      observeRequest({ method: req.method, route, status, seconds });
      const level = route === "static" ? "debug" : status >= 500 ? "warn" : "info";
      withRequestContext(context, () =>
        logger[level]({ method: req.method, route, status, durationMs: Math.round(seconds * 1e4) / 10 }, "request"),
      );
    };
    res.once("finish", () => finish(true));
    res.once("close", () => finish(res.writableFinished));
    withRequestContext(context, next);
  };
}

/** Names the Remix route of every request that got past the static files. */
export function remixRouteNaming(build: ServerBuild) {
  const label = remixRouteLabel(build);
  return (req: Request, res: Response, next: NextFunction) => {
    res.locals.route ??= label(req.path);
    next();
  };
}

/** Runs `work` in the request's log context again (a middleware that waited on the body's stream events lost it). */
export function inRequestContext<T>(res: Response, work: () => T): T {
  const context = res.locals.requestContext;
  return context ? withRequestContext(context, work) : work();
}

/**
 * The last middleware: an error no route answered. Logged with the request's
 * id; the client gets a plain 500 (or the 4xx the error carries, such as a
 * malformed path), never a stack.
 */
export function errorLogging() {
  return (error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const declared = isRecord(error) ? (error.status ?? error.statusCode) : undefined;
    const status = typeof declared === "number" && declared >= 400 && declared < 600 ? declared : 500;
    inRequestContext(res, () => {
      if (status < 500) logger.info({ err: error, status }, "request refused");
      else logger.error({ err: error }, "request failed");
    });
    if (res.headersSent) return void req.socket.destroy();
    res.locals.route ??= "unmatched";
    res
      .status(status)
      .type("text/plain; charset=utf-8")
      .send(STATUS_CODES[status] ?? "Error");
  };
}
