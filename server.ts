import { randomBytes } from "node:crypto";
import path from "node:path";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express, { type NextFunction, type Request, type Response } from "express";
import helmet from "helmet";
import type { Env } from "~/utils/env.server";

declare module "@remix-run/node" {
  interface AppLoadContext {
    cspNonce: string;
  }
}

const CROSS_SITE_REFUSED =
  "Сайттар аралык сурам четке кагылды. / Межсайтовый запрос отклонён. / Cross-site request refused.";

/** A POST from another site is refused, whatever SameSite did or did not stop. */
function sameOriginWrites(env: Env) {
  const allowed = new URL(env.PUBLIC_URL).origin;
  return (req: Request, res: Response, next: NextFunction) => {
    if (["GET", "HEAD", "OPTIONS"].includes(req.method)) return next();
    const own = `${req.protocol}://${req.get("host")}`;
    const claimed = req.get("origin") ?? originOf(req.get("referer"));
    if (claimed === undefined || claimed === own || claimed === allowed) return next();
    res.status(403).type("text/plain; charset=utf-8").send(CROSS_SITE_REFUSED);
  };
}

function originOf(url: string | undefined) {
  if (!url) return undefined;
  try {
    return new URL(url).origin;
  } catch {
    return "null";
  }
}

export function createApp(build: ServerBuild, env: Env) {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", env.TRUST_PROXY);
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
  app.use("/build", express.static(path.resolve("public/build"), { immutable: true, maxAge: "1y" }));
  app.use(express.static(path.resolve("public"), { maxAge: "1h", index: false }));
  app.use(sameOriginWrites(env));
  app.all(
    "*",
    createRequestHandler({
      build,
      mode: env.NODE_ENV === "production" ? "production" : "development",
      getLoadContext: (_req, res) => ({ cspNonce: res.locals.cspNonce as string }),
    }),
  );
  return app;
}
