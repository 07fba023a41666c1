import { createHash } from "node:crypto";
import type { HeadersFunction } from "@remix-run/node";
import { prisma, type Db } from "./db.server";
import { getEnv } from "./env.server";
import { logger } from "./logger.server";

/** How often one process deletes its limiter's hits that left the window, at most. */
const PRUNE_EVERY_MS = 60_000;

/**
 * A sliding-window limit kept in the database, so that every portal process
 * counts against the same window (decision 0059). A key has `limit` slots
 * (rows of RateLimitHit); a hit is let through only by claiming a slot whose
 * hit has left the window, in one statement that checks the slot again as it
 * writes it. So at most `limit` hits are ever inside a window, whatever the
 * number of processes, and a hit is refused only when `limit` are.
 *
 * Keys are stored as their SHA-256: addresses, emails and invitation tokens
 * never rest in the table.
 */
export class RateLimiter {
  private pruneDue = 0;
  constructor(
    readonly name: string,
    readonly limit: number,
    readonly windowMs: number,
    private readonly db: Db = prisma,
  ) {
    if (!Number.isInteger(limit) || limit < 1)
      throw new Error(`rate limiter ${name}: the limit must be a whole number of at least 1, not ${limit}`);
  }

  /** Records a hit; resolves to the seconds to wait when over the limit, else 0. */
  async hit(key: string, now = Date.now()): Promise<number> {
    const digest = digestOf(key);
    // A claim fails only when the key is full or another hit took the same slot first (PostgreSQL,
    // between two processes or connections); each retry therefore follows someone else's success.
    for (let attempt = 0; attempt <= 2 * this.limit + 4; attempt++) {
      if (await this.claim(digest, now)) {
        await this.prune(now);
        return 0;
      }
      const { count, oldest } = await this.inWindow(digest, now);
      if (count >= this.limit) return this.wait(oldest, now);
    }
    // Never reached unless slots keep changing hands faster than this hit can claim one: it waits.
    return 1;
  }

  /** Seconds until the key may try again, without recording a hit. */
  async retryAfter(key: string, now = Date.now()): Promise<number> {
    const { count, oldest } = await this.inWindow(digestOf(key), now);
    return count >= this.limit ? this.wait(oldest, now) : 0;
  }

  /** Takes back one hit recorded at `at` (an attempt that turned out not to count, e.g. a right password). */
  async release(key: string, at: number) {
    const digest = digestOf(key);
    const ms = BigInt(Math.floor(at));
    // Two releases of hits with the same `at` may pick the same slot; the one that deleted nothing tries again.
    for (let attempt = 0; attempt <= this.limit; attempt++) {
      const deleted = await this.db.$executeRaw`DELETE FROM "RateLimitHit"
        WHERE "limiter" = ${this.name} AND "key" = ${digest} AND "slot" = (SELECT MIN("slot") FROM "RateLimitHit"
          WHERE "limiter" = ${this.name} AND "key" = ${digest} AND "at" = ${ms})`;
      if (deleted > 0) return;
      const left = await this.db.rateLimitHit.count({ where: { limiter: this.name, key: digest, at: ms } });
      if (left === 0) return;
    }
  }

  async reset(key: string) {
    await this.db.rateLimitHit.deleteMany({ where: { limiter: this.name, key: digestOf(key) } });
  }

  /**
   * Takes one free slot (never used, or holding a hit that left the window) in one statement: the
   * upsert writes only if the slot's hit is still out of the window when the row is locked (on
   * PostgreSQL the condition is checked again on the newest row; SQLite runs one writer at a time).
   * Of the free slots one is taken at random, so that hits arriving together rarely collide.
   */
  private async claim(digest: string, now: number) {
    const at = BigInt(Math.floor(now));
    const cutoff = at - BigInt(this.windowMs);
    const claimed = await this.db.$executeRaw`WITH RECURSIVE "slots"("n") AS (
        SELECT 0 UNION ALL SELECT "n" + 1 FROM "slots" WHERE "n" + 1 < CAST(${this.limit} AS INTEGER))
      INSERT INTO "RateLimitHit" ("limiter", "key", "slot", "at")
      SELECT CAST(${this.name} AS TEXT), CAST(${digest} AS TEXT), "slots"."n", CAST(${at} AS BIGINT)
      FROM "slots" LEFT JOIN "RateLimitHit" AS "h" ON "h"."limiter" = ${this.name} AND "h"."key" = ${digest} AND "h"."slot" = "slots"."n"
      WHERE "h"."at" IS NULL OR "h"."at" <= CAST(${cutoff} AS BIGINT)
      ORDER BY random() LIMIT 1
      ON CONFLICT ("limiter", "key", "slot") DO UPDATE SET "at" = excluded."at" WHERE "RateLimitHit"."at" <= CAST(${cutoff} AS BIGINT)`;
    return claimed === 1;
  }

  /** The key's hits inside the window at `now` (later ones included: hits may be recorded out of order). */
  private async inWindow(digest: string, now: number) {
    const cutoff = BigInt(Math.floor(now)) - BigInt(this.windowMs);
    const { _count, _min } = await this.db.rateLimitHit.aggregate({
      where: { limiter: this.name, key: digest, slot: { lt: this.limit }, at: { gt: cutoff } },
      _count: true,
      _min: { at: true },
    });
    return { count: _count, oldest: Number(_min.at ?? 0) };
  }

  /**
   * Until the oldest hit leaves the window. Hits are counted at a request's
   * arrival and may be recorded out of order, so a hit can be later than
   * `now`: the wait is never longer than one window.
   */
  private wait(oldest: number, now: number) {
    return Math.min(Math.ceil((oldest + this.windowMs - now) / 1000), Math.ceil(this.windowMs / 1000));
  }

  /**
   * Hits that left the window hold no slot worth keeping: a key that never comes back leaves no rows.
   * Housekeeping only (a free slot is free whether its row is there or not), so a failure (two
   * processes' prunes deadlocking on PostgreSQL) is logged and does not fail the request.
   */
  private async prune(now: number) {
    if (now < this.pruneDue) return;
    this.pruneDue = now + Math.max(this.windowMs, PRUNE_EVERY_MS);
    try {
      await this.db.rateLimitHit.deleteMany({
        where: { limiter: this.name, at: { lte: BigInt(Math.floor(now)) - BigInt(this.windowMs) } },
      });
    } catch (error) {
      logger.error({ err: error, limiter: this.name }, "rate limiter: pruning old hits failed; the next prune retries");
    }
  }
}

const digestOf = (key: string) => createHash("sha256").update(key).digest("hex");

/** 10 failed logins a minute from one address, 5 for one account. */
export const failedLoginsByIp = new RateLimiter("login-address", 10, 60_000);
export const failedLoginsByAccount = new RateLimiter("login-account", 5, 60_000);
export const resetRequestsByIp = new RateLimiter("reset-address", 5, 15 * 60_000);
let submits: RateLimiter | undefined;
/**
 * Submit attempts of one account (5 a second unless SUBMIT_LIMIT and
 * SUBMIT_LIMIT_WINDOW_SECONDS say otherwise), keyed by user id and never by
 * address: a municipality's NCOs share one NAT address (decision 0045).
 */
export function submitsByAccount(): RateLimiter {
  const env = getEnv();
  return (submits ??= new RateLimiter("submit-account", env.SUBMIT_LIMIT, env.SUBMIT_LIMIT_WINDOW_SECONDS * 1000));
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
