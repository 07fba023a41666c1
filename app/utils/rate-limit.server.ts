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
    if (recent.length >= this.limit) return Math.ceil((recent[0]! + this.windowMs - now) / 1000);
    recent.push(now);
    this.hits.set(key, recent);
    if (this.hits.size > 50_000) this.sweep(now);
    return 0;
  }

  /** Seconds until the key may try again, without recording a hit. */
  retryAfter(key: string, now = Date.now()): number {
    const recent = this.recent(key, now);
    return recent.length >= this.limit ? Math.ceil((recent[0]! + this.windowMs - now) / 1000) : 0;
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

export function clientIp(request: Request): string {
  return request.headers.get("X-Portal-Client-Ip") ?? "unknown";
}
