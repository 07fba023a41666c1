import { createHash } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { createPrismaClient, prisma } from "./db.server";
import { clientIp, RateLimiter } from "./rate-limit.server";

let limiters = 0;
/** Each test its own limiter name: the file's tests share one database. */
const limiter = (limit: number, windowMs: number, db = prisma) => new RateLimiter(`test-${++limiters}`, limit, windowMs, db);

// A second client on the same database is a second portal process: its own pool (PostgreSQL), its
// own connection and its own lock around SQLite transactions, nothing in memory shared.
const other = createPrismaClient(process.env.DATABASE_URL!);
afterAll(() => other.$disconnect());

describe("RateLimiter", () => {
  it("lets the limit through and then asks to wait until the oldest hit leaves the window", async () => {
    const limiter_ = limiter(3, 60_000);
    const t0 = 1_000_000;
    expect([await limiter_.hit("ip", t0), await limiter_.hit("ip", t0 + 10_000), await limiter_.hit("ip", t0 + 20_000)]).toEqual([0, 0, 0]);
    expect(await limiter_.retryAfter("ip", t0 + 30_000)).toBe(30);
    expect(await limiter_.hit("ip", t0 + 30_000)).toBe(30);
    // A refused hit is not counted: the window still ends with the first hit.
    expect(await limiter_.retryAfter("ip", t0 + 59_999)).toBe(1);
    expect(await limiter_.retryAfter("ip", t0 + 60_000)).toBe(0);
    expect(await limiter_.hit("ip", t0 + 60_000)).toBe(0);
    expect(await limiter_.hit("ip", t0 + 60_001)).toBe(10);
  });

  it("keeps keys apart and forgets a key on reset", async () => {
    const limiter_ = limiter(1, 60_000);
    expect(await limiter_.hit("a", 0)).toBe(0);
    expect(await limiter_.hit("b", 0)).toBe(0);
    expect(await limiter_.retryAfter("a", 1000)).toBe(59);
    await limiter_.reset("a");
    expect(await limiter_.retryAfter("a", 1000)).toBe(0);
    expect(await limiter_.retryAfter("b", 1000)).toBe(59);
  });

  it("keeps limiters apart: the same key under another name has its own window", async () => {
    const [first, second] = [limiter(1, 60_000), limiter(1, 60_000)];
    expect(await first.hit("k", 0)).toBe(0);
    expect(await second.hit("k", 0)).toBe(0);
    expect(await first.hit("k", 1)).toBe(60);
  });

  it("does not record anything when only asked", async () => {
    const limiter_ = limiter(1, 1000);
    for (let i = 0; i < 5; i++) expect(await limiter_.retryAfter("k", i)).toBe(0);
    expect(await limiter_.hit("k", 5)).toBe(0);
  });

  it("counts hits recorded out of order by when they happened, and waits for the oldest", async () => {
    // Submissions are counted at the request's arrival, and an earlier arrival may be counted later.
    const limiter_ = limiter(2, 10_000);
    expect(await limiter_.hit("user", 5_000)).toBe(0);
    expect(await limiter_.hit("user", 1_000)).toBe(0);
    expect(await limiter_.hit("user", 9_000)).toBe(2);
    expect(await limiter_.retryAfter("user", 10_999)).toBe(1);
    expect(await limiter_.retryAfter("user", 11_000)).toBe(0);
  });

  it("never asks to wait longer than the window when hits later than the request's arrival are counted", async () => {
    const limiter_ = limiter(2, 1_000);
    expect(await limiter_.hit("user", 1_500)).toBe(0);
    expect(await limiter_.hit("user", 1_600)).toBe(0);
    // A request that arrived at 1,000 ms is counted after them: the oldest hit leaves at 2,500 ms, but one window is the most.
    expect(await limiter_.hit("user", 1_000)).toBe(1);
  });

  it("takes back one hit on release, the one recorded at that time", async () => {
    const limiter_ = limiter(2, 60_000);
    expect(await limiter_.hit("ip", 1_000)).toBe(0);
    expect(await limiter_.hit("ip", 2_000)).toBe(0);
    await limiter_.release("ip", 1_000);
    await limiter_.release("ip", 5_000); // nothing recorded then: nothing taken back
    expect(await limiter_.hit("ip", 3_000)).toBe(0);
    // The hit at 2,000 ms is now the oldest.
    expect(await limiter_.hit("ip", 4_000)).toBe(58);
  });

  it("deletes the hits that left the window once a minute, and only its own", async () => {
    const [pruned, kept] = [limiter(1, 1000), limiter(1, 120_000)];
    for (let i = 0; i < 50; i++) await pruned.hit(`old-${i}`, 0);
    await kept.hit("k", 0);
    expect(await prisma.rateLimitHit.count({ where: { limiter: pruned.name } })).toBe(50);
    await pruned.hit("new", 30_000); // pruned at the first hit (at 0); the next is due a minute later
    expect(await prisma.rateLimitHit.count({ where: { limiter: pruned.name } })).toBe(51);
    await pruned.hit("new", 61_000);
    expect(await prisma.rateLimitHit.findMany({ where: { limiter: pruned.name }, select: { at: true } })).toEqual([{ at: 61_000n }]);
    expect(await prisma.rateLimitHit.count({ where: { limiter: kept.name } })).toBe(1);
  });

  it("stores neither addresses nor emails nor tokens: a key is kept as its SHA-256", async () => {
    const limiter_ = limiter(1, 60_000);
    const keys = ["nco@example.kg", "staff-invitation:secret-token", "203.0.113.7"];
    for (const key of keys) await limiter_.hit(key);
    const stored = (await prisma.rateLimitHit.findMany({ where: { limiter: limiter_.name } })).map((row) => row.key);
    expect(stored.sort()).toEqual(keys.map((key) => createHash("sha256").update(key).digest("hex")).sort());
  });

  it("never lets more than a lowered limit through when slots of a higher one are still in the window", async () => {
    const name = `test-${++limiters}`;
    const before = new RateLimiter(name, 4, 60_000);
    for (let i = 0; i < 4; i++) expect(await before.hit("k", i)).toBe(0);
    const after = new RateLimiter(name, 2, 60_000);
    expect(await after.hit("k", 10)).toBe(60);
    expect(await after.retryAfter("k", 10)).toBe(60);
  });

  it("refuses a limit below one: a limiter with no slot makes no sense", () => {
    expect(() => limiter(0, 1000)).toThrow(/at least 1/);
    expect(() => limiter(2.5, 1000)).toThrow(/at least 1/);
  });
});

describe("RateLimiter shared by processes", () => {
  it("holds the limit across two clients of one database: a hit through either counts for both", async () => {
    const name = `test-${++limiters}`;
    const [here, there] = [new RateLimiter(name, 3, 60_000, prisma), new RateLimiter(name, 3, 60_000, other)];
    expect(await here.hit("10.0.0.1", 1_000)).toBe(0);
    expect(await there.hit("10.0.0.1", 2_000)).toBe(0);
    expect(await here.hit("10.0.0.1", 3_000)).toBe(0);
    expect(await there.hit("10.0.0.1", 4_000)).toBe(57);
    expect(await here.retryAfter("10.0.0.1", 4_000)).toBe(57);
    // What one process gives back or forgets, the other sees.
    await there.release("10.0.0.1", 1_000);
    expect(await here.hit("10.0.0.1", 5_000)).toBe(0);
    expect(await there.hit("10.0.0.1", 5_000)).toBe(57);
    await here.reset("10.0.0.1");
    expect(await there.hit("10.0.0.1", 6_000)).toBe(0);
  });

  it("lets exactly the limit through of 40 hits sent at once through two clients, and refuses the rest", async () => {
    const name = `test-${++limiters}`;
    const [here, there] = [new RateLimiter(name, 7, 60_000, prisma), new RateLimiter(name, 7, 60_000, other)];
    const now = Date.now();
    const waits = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? here : there).hit("user-1", now + (i % 5))));
    expect(waits.filter((wait) => wait === 0)).toHaveLength(7);
    for (const wait of waits.filter((wait) => wait > 0)) expect(wait).toBe(60);
    expect(await prisma.rateLimitHit.count({ where: { limiter: name } })).toBe(7);
    // A burst at the same time on another key is not affected by this one.
    const others = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? here : there).hit("user-2", now)));
    expect(others.filter((wait) => wait === 0)).toHaveLength(7);
  });

  it("lets exactly the limit through again once the window has passed, under the same contention", async () => {
    const name = `test-${++limiters}`;
    const [here, there] = [new RateLimiter(name, 5, 1_000, prisma), new RateLimiter(name, 5, 1_000, other)];
    for (const start of [0, 1_005, 2_500]) {
      const waits = await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 2 ? here : there).hit("user", start + (i % 3))));
      expect(
        waits.filter((wait) => wait === 0),
        `burst at ${start} ms`,
      ).toHaveLength(5);
    }
  });
});

describe("clientIp", () => {
  it("reads the address the server put in X-Portal-Client-Ip", () => {
    expect(clientIp(new Request("http://x/", { headers: { "X-Portal-Client-Ip": "10.1.2.3" } }))).toBe("10.1.2.3");
    expect(clientIp(new Request("http://x/", { headers: { "X-Forwarded-For": "1.1.1.1" } }))).toBe("unknown");
  });
});
