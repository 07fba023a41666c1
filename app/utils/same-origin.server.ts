/**
 * Cross-site request refusal in Express, before Remix, so no action can forget
 * it (issue 17, item 13). A state-changing request must say where it comes
 * from (Origin, or failing that Referer) and that must be the configured
 * PUBLIC_URL's origin: never the request's own Host header, which the client
 * writes. Browsers send Origin on every POST, so a request with neither header
 * is a script, not a page of the portal.
 *
 * The one machine client, the treasury's callback, has no origin; its route
 * authenticates every request with its bearer token, and only that path is exempt.
 */
import type { NextFunction, Request, Response } from "express";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Paths that authenticate their callers themselves (a bearer token), with no browser involved. */
export const MACHINE_CLIENT_PATHS: ReadonlySet<string> = new Set(["/finance/treasury-callback"]);

const CROSS_SITE_REFUSED = "Сайттар аралык сурам четке кагылды. / Межсайтовый запрос отклонён. / Cross-site request refused.";

export function sameOriginWrites(publicUrl: string) {
  const allowed = new URL(publicUrl).origin;
  return (req: Request, res: Response, next: NextFunction) => {
    if (SAFE_METHODS.has(req.method) || MACHINE_CLIENT_PATHS.has(req.path)) return next();
    const claimed = req.get("origin") ?? originOf(req.get("referer"));
    if (claimed === allowed) return next();
    // The body is never read: close instead of draining it for the next request.
    res.status(403).set("Connection", "close").type("text/plain; charset=utf-8").send(CROSS_SITE_REFUSED);
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
