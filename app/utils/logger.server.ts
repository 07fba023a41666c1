import { AsyncLocalStorage } from "node:async_hooks";
import pino, { type DestinationStream, type Level, type Logger } from "pino";
import { isOneOf } from "./guards";

/**
 * The one logger of the server (decision 0057): JSON lines on stdout, one
 * object per event, collected by the process manager. Every line written while
 * a request is being answered carries that request's id, whoever writes it
 * (a route, a domain function, the error handler), through AsyncLocalStorage.
 */

export type RequestContext = {
  requestId: string;
  /** Set once the request's session resolves to a signed-in person. */
  userId?: string;
};

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

type LogState = {
  logger: Logger;
  context: AsyncLocalStorage<RequestContext>;
  destination: DestinationStream;
};

declare global {
  // server.ts runs from source and the routes from the Remix build, each with its own copy of this
  // module: both must write through one logger and see one request context.
  var __portalLog: LogState | undefined;
}

const levelFrom = (value: string | undefined): Level | "silent" => (isOneOf(LOG_LEVELS, value) ? value : "info");

function createState(): LogState {
  // The logger writes to whatever destination the state holds at the time (swapped by tests): one object, completed below.
  const state: Omit<LogState, "logger"> = {
    context: new AsyncLocalStorage<RequestContext>(),
    destination: pino.destination({ dest: 1, sync: true }),
  };
  const logger = pino(
    {
      // LOG_LEVEL is validated with the rest of the configuration (env.server.ts); a wrong value never gets this far at start-up.
      level: levelFrom(process.env.LOG_LEVEL),
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin() {
        const request = state.context.getStore();
        return request ? { requestId: request.requestId, ...(request.userId ? { userId: request.userId } : {}) } : {};
      },
    },
    { write: (line: string) => state.destination.write(line) },
  );
  return Object.assign(state, { logger });
}

const state = (globalThis.__portalLog ??= createState());

export const logger: Logger = state.logger;

/** Runs `work` as part of the request: every line it logs carries the request's id. */
export function withRequestContext<T>(context: RequestContext, work: () => T): T {
  return state.context.run(context, work);
}

export function currentRequest(): RequestContext | undefined {
  return state.context.getStore();
}

/** Called where a session resolves to a person, so that the request's log line names them. */
export function noteSignedInUser(userId: string) {
  const request = state.context.getStore();
  if (request) request.userId = userId;
}

/** Where log lines go: stdout, or (in a test) a collector; returns the previous destination. */
export function setLogDestination(destination: DestinationStream): DestinationStream {
  const previous = state.destination;
  state.destination = destination;
  return previous;
}
