/**
 * Every request body is bounded before anything reads it (issue 17, item 1).
 * `request.formData()` has no limit of its own: one 100 MB form grew the
 * server by up to 1 GB and stalled every other request. So, in Express and
 * before Remix:
 *
 * - a body declared larger than its route's limit is answered 413 at once,
 *   without reading a byte of it;
 * - a body of unknown length (chunked) is counted as it arrives and cut off
 *   with 413 when it passes the limit;
 * - forms and JSON (FORM_BODY_LIMIT, 1 MiB) are read here, whole, and handed
 *   to Remix as a buffer; only a multipart body to a route that takes files is
 *   streamed on, to `receiveUpload`, which enforces each upload's own limits.
 *
 * The formData guard (request-body-guard.server.ts) bounds `formData()` as well,
 * for an upload route that reads a form the ordinary way.
 */
import { type Readable, Transform } from "node:stream";
import type { NextFunction, Request, Response } from "express";
import { MAX_FILE_BYTES, MiB } from "~/domains/files/file-rules";

/** A form or JSON body: far more than anything a person types into the portal's forms. */
export const FORM_BODY_LIMIT = 1 * MiB;

// receiveUpload's largest raw body (50 MB of files, a form's fields and part
// headers) plus what it reads and throws away so that a person who picked a
// too-large file sees the refusal page (DRAIN_ALLOWANCE_BYTES, 32 MiB).
// Anything declared larger would be cut off by receiveUpload unread anyway.
export const UPLOAD_BODY_LIMIT = 5 * MAX_FILE_BYTES + 8 * MiB + 32 * MiB;

/**
 * The routes whose action takes files. Only they accept a multipart body
 * larger than a form; tests/e2e/security-bodies.test.ts checks this list
 * against every route module that receives an upload.
 */
const UPLOAD_ROUTES: readonly RegExp[] = [
  /^\/proposals\/[^/]+\/[^/]+$/,
  /^\/officer\/calls\/[^/]+\/documents$/,
  /^\/officer\/paper-intake$/,
  /^\/officer\/priorities$/,
  /^\/organizations\/[^/]+\/documents$/,
  /^\/agreements\/[^/]+$/,
  /^\/agreements\/[^/]+\/milestones\/[^/]+$/,
  /^\/verify$/,
  /^\/verify\/[^/]+$/,
  /^\/finance\/statements$/,
];

/** Whether a path (a page or its single-fetch `.data` URL) belongs to a route that takes files. */
export function takesFiles(path: string) {
  const page = path.replace(/\.data$/, "");
  return UPLOAD_ROUTES.some((route) => route.test(page));
}

/** The most bytes this request's body may have. */
export function bodyLimitFor(path: string, contentType: string | undefined) {
  return /^multipart\/form-data/i.test(contentType ?? "") && takesFiles(path) ? UPLOAD_BODY_LIMIT : FORM_BODY_LIMIT;
}

const TOO_LARGE = "Сурамдын көлөмү өтө чоң. / Слишком большой запрос. / Request body too large.";

/**
 * Answers 413 and closes the connection: the rest of the body is never read
 * (Node would otherwise read it to reuse the connection).
 */
export function refuseTooLarge(res: Response) {
  if (res.headersSent) return;
  res.status(413).set("Connection", "close").type("text/plain; charset=utf-8").send(TOO_LARGE);
}

/**
 * Express middleware: bounds the body and leaves it in `res.locals.body` for
 * the Remix request (a Buffer, or a stream for an upload).
 */
export function boundedBodies() {
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method === "GET" || req.method === "HEAD") return next();
    const limit = bodyLimitFor(req.path, req.get("content-type"));
    const declared = req.get("content-length");
    if (declared !== undefined && !(Number(declared) <= limit)) return refuseTooLarge(res);
    if (limit > FORM_BODY_LIMIT) {
      res.locals.body = countedStream(req, limit, () => refuseTooLarge(res));
      return next();
    }
    readWhole(req, limit).then(
      (body) => {
        if (body === "too large") return refuseTooLarge(res);
        res.locals.body = body;
        next();
      },
      // The client went away mid-body: there is nobody to answer.
      () => req.socket.destroy(),
    );
  };
}

/** Reads the body into memory, or stops reading at the first byte past the limit. */
function readWhole(req: Readable, limit: number): Promise<Buffer | "too large"> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = () => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
      req.off("close", onClose);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      stop();
      req.pause();
      resolve("too large");
    };
    const onEnd = () => {
      stop();
      resolve(Buffer.concat(chunks, size));
    };
    const onError = (error: Error) => {
      stop();
      reject(error);
    };
    const onClose = () => onError(new Error("request closed before its end"));
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
    req.on("close", onClose);
  });
}

/** The body passed on as it arrives; past the limit it stops and `onOverflow` answers. */
function countedStream(req: Readable, limit: number, onOverflow: () => void): Readable {
  let seen = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      seen += chunk.length;
      if (seen <= limit) return callback(null, chunk);
      req.unpipe(counter);
      req.pause();
      onOverflow();
      callback(new Error("request body too large"));
    },
  });
  req.on("error", (error) => counter.destroy(error));
  return req.pipe(counter);
}
