import { randomBytes } from "node:crypto";
import path from "node:path";
import type { Readable } from "node:stream";
import { createReadableStreamFromReadable, createRequestHandler, writeReadableStreamToWritable, type ServerBuild } from "@remix-run/node";
import compression from "compression";
import express, { type NextFunction, type Request, type Response } from "express";
import helmet from "helmet";
import { boundedBodies } from "~/utils/body-limit.server";
import type { Env } from "~/utils/env.server";
import { metricsEndpoint } from "~/utils/metrics.server";
import { errorLogging, inRequestContext, remixRouteNaming, requestLogging } from "~/utils/request-log.server";
import { sameOriginWrites } from "~/utils/same-origin.server";

declare module "@remix-run/node" {
  interface AppLoadContext {
    cspNonce: string;
  }
}

export function createApp(build: ServerBuild, env: Env) {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", env.TRUST_PROXY);
  app.use(requestLogging());
  app.use((req, res, next) => {
    res.locals.cspNonce = randomBytes(16).toString("base64");
    // Downstream code reads the client address from this header only; a value sent by the client is overwritten.
    req.headers["x-portal-client-ip"] = req.ip ?? "unknown";
    next();
  });
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'", (_req, res) => `'nonce-${(res as Response).locals.cspNonce}'`],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", "data:", "blob:"],
          connectSrc: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          upgradeInsecureRequests: env.PUBLIC_URL.startsWith("https:") ? [] : null,
        },
      },
      strictTransportSecurity: env.PUBLIC_URL.startsWith("https:"),
      // "no-referrer" (helmet's default) makes browsers send `Origin: null` on a plain form POST,
      // which the same-origin check must refuse; "same-origin" keeps the origin on our own posts.
      referrerPolicy: { policy: "same-origin" },
      crossOriginEmbedderPolicy: false,
    }),
  );
  app.use(compression());
  app.get("/metrics", metricsEndpoint(env));
  app.use("/build", express.static(path.resolve("public/build"), { immutable: true, maxAge: "1y" }));
  app.use(express.static(path.resolve("public"), { maxAge: "1h", index: false }));
  app.use(remixRouteNaming(build));
  app.use(sameOriginWrites(env.PUBLIC_URL));
  app.use(boundedBodies());
  app.all("*", remixHandler(build, env));
  app.use(errorLogging());
  return app;
}

/**
 * @remix-run/express's handler, with two differences: the body is the one
 * boundedBodies read or counted (never the raw socket), and the application
 * sees itself at PUBLIC_URL whatever Host the client wrote. The origin check
 * above has already compared Origin with PUBLIC_URL; Remix's own check
 * compares Origin with Host, which behind a proxy or under a forged Host
 * would refuse (500) the portal's own forms or accept another site's.
 */
function remixHandler(build: ServerBuild, env: Env) {
  const handleRequest = createRequestHandler(build, env.NODE_ENV === "production" ? "production" : "development");
  const publicUrl = new URL(env.PUBLIC_URL);
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      // boundedBodies called on from the body's stream events, outside the request's log context.
      const response = await inRequestContext(res, () =>
        handleRequest(remixRequest(req, res, publicUrl), { cspNonce: res.locals.cspNonce as string }),
      );
      // The body was cut off while the action read it: the 413 has been sent.
      if (res.headersSent) return void (await response.body?.cancel());
      await send(res, response);
    } catch (error) {
      next(error);
    }
  };
}

function remixRequest(req: Request, res: Response, publicUrl: URL): globalThis.Request {
  const controller = new AbortController();
  // Abort loaders and actions once the client is gone before the answer.
  res.on("close", () => {
    if (!res.writableFinished) controller.abort();
  });
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, one);
  }
  headers.set("Host", publicUrl.host);
  headers.delete("X-Forwarded-Host");
  const init: RequestInit & { duplex?: "half" } = { method: req.method, headers, signal: controller.signal };
  if (req.method !== "GET" && req.method !== "HEAD") {
    const body = res.locals.body as Buffer | Readable;
    // Buffer and the Node stream wrapper are valid bodies; the DOM typings only lack the ArrayBufferLike variants.
    init.body = (Buffer.isBuffer(body) ? body : createReadableStreamFromReadable(body)) as unknown as BodyInit;
    init.duplex = "half";
  }
  // Concatenated, not resolved: a path such as //other.host/x stays a path.
  return new globalThis.Request(`${publicUrl.origin}${req.originalUrl}`, init);
}

async function send(res: Response, response: globalThis.Response) {
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [name, value] of response.headers.entries()) res.append(name, value);
  if (response.body) await writeReadableStreamToWritable(response.body, res);
  else res.end();
}
