import type { HeadersFunction } from "@remix-run/node";
import { getEnv } from "./env.server";

/**
 * A sliding-window counter kept in memory. The portal runs one process per
 * database (SQLite has one writer), so the window is exact for that process;
 * a restart forgets it, which only ever errs towards letting a person in.
 */
export class RateLimiter {
  private readonly hits = new Map<string, number[]>();
  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  /** Records a hit; returns the seconds to wait when over the limit, else 0. */
  hit(key: string, now = Date.now()): number {
    const recent = this.recent(key, now);
    if (recent.length >= this.limit) return this.wait(recent, now);
    recent.push(now);
    this.hits.set(key, recent);
    if (this.hits.size > 50_000) this.sweep(now);
    return 0;
  }

  /** Seconds until the key may try again, without recording a hit. */
  retryAfter(key: string, now = Date.now()): number {
    const recent = this.recent(key, now);
    return recent.length >= this.limit ? this.wait(recent, now) : 0;
  }

  /**
   * Until the oldest hit leaves the window. Hits are counted at a request's
   * arrival and may be recorded out of order, so a hit can be later than
   * `now`: the wait is never longer than one window.
   */
  private wait(recent: number[], now: number) {
    return Math.min(Math.ceil((Math.min(...recent) + this.windowMs - now) / 1000), Math.ceil(this.windowMs / 1000));
  }

  /** Takes back one hit recorded at `at` (an attempt that turned out not to count, e.g. a right password). */
  release(key: string, at: number) {
    const times = this.hits.get(key);
    const index = times?.indexOf(at) ?? -1;
    if (index >= 0) times!.splice(index, 1);
  }

  reset(key: string) {
    this.hits.delete(key);
  }

  private recent(key: string, now: number) {
    return (this.hits.get(key) ?? []).filter((t) => t > now - this.windowMs);
  }

  private sweep(now: number) {
    for (const [key, times] of this.hits) if (!times.some((t) => t > now - this.windowMs)) this.hits.delete(key);
  }
}

/** 10 failed logins a minute from one address, 5 for one account. */
export const failedLoginsByIp = new RateLimiter(10, 60_000);
export const failedLoginsByAccount = new RateLimiter(5, 60_000);
export const resetRequestsByIp = new RateLimiter(5, 15 * 60_000);
let submits: RateLimiter | undefined;
/**
 * Submit attempts of one account (5 a second unless SUBMIT_LIMIT and
 * SUBMIT_LIMIT_WINDOW_SECONDS say otherwise), keyed by user id and never by
 * address: a municipality's NCOs share one NAT address (decision 0045).
 */
export function submitsByAccount(): RateLimiter {
  const env = getEnv();
  return (submits ??= new RateLimiter(env.SUBMIT_LIMIT, env.SUBMIT_LIMIT_WINDOW_SECONDS * 1000));
}

/**
 * A route's `headers` export for an action that may answer 429: without one,
 * Remix keeps only Set-Cookie from what the action returned, so Retry-After
 * would never reach the client.
 */
export const withRetryAfter: HeadersFunction = ({ actionHeaders, parentHeaders }) => {
  const headers = new Headers(parentHeaders);
  const retryAfter = actionHeaders.get("Retry-After");
  if (retryAfter) headers.set("Retry-After", retryAfter);
  return headers;
};

export function clientIp(request: Request): string {
  return request.headers.get("X-Portal-Client-Ip") ?? "unknown";
}
