import { describe, expect, it } from "vitest";
import { clientIp, RateLimiter } from "./rate-limit.server";

describe("RateLimiter", () => {
  it("lets the limit through and then asks to wait until the oldest hit leaves the window", () => {
    const limiter = new RateLimiter(3, 60_000);
    const t0 = 1_000_000;
    expect([limiter.hit("ip", t0), limiter.hit("ip", t0 + 10_000), limiter.hit("ip", t0 + 20_000)]).toEqual([0, 0, 0]);
    expect(limiter.retryAfter("ip", t0 + 30_000)).toBe(30);
    expect(limiter.hit("ip", t0 + 30_000)).toBe(30);
    // A refused hit is not counted: the window still ends with the first hit.
    expect(limiter.retryAfter("ip", t0 + 59_999)).toBe(1);
    expect(limiter.retryAfter("ip", t0 + 60_000)).toBe(0);
    expect(limiter.hit("ip", t0 + 60_000)).toBe(0);
    expect(limiter.hit("ip", t0 + 60_001)).toBe(10);
  });

  it("keeps keys apart and forgets a key on reset", () => {
    const limiter = new RateLimiter(1, 60_000);
    expect(limiter.hit("a", 0)).toBe(0);
    expect(limiter.hit("b", 0)).toBe(0);
    expect(limiter.retryAfter("a", 1000)).toBe(59);
    limiter.reset("a");
    expect(limiter.retryAfter("a", 1000)).toBe(0);
    expect(limiter.retryAfter("b", 1000)).toBe(59);
  });

  it("does not record anything when only asked", () => {
    const limiter = new RateLimiter(1, 1000);
    for (let i = 0; i < 5; i++) expect(limiter.retryAfter("k", i)).toBe(0);
    expect(limiter.hit("k", 5)).toBe(0);
  });

  it("counts hits recorded out of order by when they happened, and waits for the oldest", () => {
    // Submissions are counted at the request's arrival, and an earlier arrival may be counted later.
    const limiter = new RateLimiter(2, 10_000);
    expect(limiter.hit("user", 5_000)).toBe(0);
    expect(limiter.hit("user", 1_000)).toBe(0);
    expect(limiter.hit("user", 9_000)).toBe(2);
    expect(limiter.retryAfter("user", 10_999)).toBe(1);
    expect(limiter.retryAfter("user", 11_000)).toBe(0);
  });

  it("never asks to wait longer than the window when hits later than the request's arrival are counted", () => {
    const limiter = new RateLimiter(2, 1_000);
    expect(limiter.hit("user", 1_500)).toBe(0);
    expect(limiter.hit("user", 1_600)).toBe(0);
    // A request that arrived at 1,000 ms is counted after them: the oldest hit leaves at 2,500 ms, but one window is the most.
    expect(limiter.hit("user", 1_000)).toBe(1);
  });

  it("sweeps idle keys once the table grows large", () => {
    const limiter = new RateLimiter(1, 1000);
    for (let i = 0; i <= 50_000; i++) limiter.hit(`old-${i}`, 0);
    limiter.hit("new", 10_000);
    const size = (limiter as unknown as { hits: Map<string, number[]> }).hits.size;
    expect(size).toBe(1);
  });
});

describe("clientIp", () => {
  it("reads the address the server put in X-Portal-Client-Ip", () => {
    expect(clientIp(new Request("http://x/", { headers: { "X-Portal-Client-Ip": "10.1.2.3" } }))).toBe("10.1.2.3");
    expect(clientIp(new Request("http://x/", { headers: { "X-Forwarded-For": "1.1.1.1" } }))).toBe("unknown");
  });
});
