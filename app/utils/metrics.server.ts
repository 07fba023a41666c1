import { createHash, timingSafeEqual } from "node:crypto";
import { isIP } from "node:net";
import type { NextFunction, Request, Response } from "express";
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import { auditSealLag } from "~/domains/audit/audit-sealer.server";
import { STUCK_AFTER_ATTEMPTS } from "~/domains/disbursements/payment-rules";
import type { Db } from "./db.server";
import { postgresPoolUsage } from "./db-adapters.server";
import type { Env } from "./env.server";
import { logger } from "./logger.server";

/**
 * The portal's Prometheus metrics (decision 0057). Request counts and
 * latencies are this process's; the backlogs (outbox, treasury orders) are the
 * database's, the same in every process: aggregate them with max, not sum.
 */

const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const metrics = {
    registry,
    requests: new Counter({
      name: "portal_http_requests_total",
      help: "Requests answered, by method, route (the Remix route id, or static, metrics, unmatched) and status.",
      labelNames: ["method", "route", "status"] as const,
      registers: [registry],
    }),
    duration: new Histogram({
      name: "portal_http_request_duration_seconds",
      help: "Time from the request's arrival to the last byte of the answer, by method and route.",
      labelNames: ["method", "route"] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    poolInUse: new Gauge({
      name: "portal_db_pool_connections_in_use",
      help: "PostgreSQL connections lent to a query or transaction (0 on SQLite).",
      registers: [registry],
    }),
    poolWaiting: new Gauge({
      name: "portal_db_pool_waiting",
      help: "Queries and transactions waiting for a PostgreSQL connection (0 on SQLite).",
      registers: [registry],
    }),
    poolMax: new Gauge({
      name: "portal_db_pool_connections_max",
      help: "The PostgreSQL pool's size (0 on SQLite).",
      registers: [registry],
    }),
    outbox: new Gauge({
      name: "portal_outbox_notifications",
      help: "Notifications not sent: pending (still to be delivered) and failed (given up after every attempt).",
      labelNames: ["status"] as const,
      registers: [registry],
    }),
    outboxOldest: new Gauge({
      name: "portal_outbox_oldest_pending_age_seconds",
      help: "Age of the oldest pending notification (0 when none).",
      registers: [registry],
    }),
    treasury: new Gauge({
      name: "portal_treasury_payment_orders",
      help: `Payment orders open with the treasury: waiting (fewer than ${STUCK_AFTER_ATTEMPTS} attempts) and stuck (${STUCK_AFTER_ATTEMPTS} or more, shown on the finance dashboard).`,
      labelNames: ["state"] as const,
      registers: [registry],
    }),
    auditUnsealed: new Gauge({
      name: "portal_audit_unsealed_events",
      help: "Audit events committed but not yet sealed into the hash chain (decision 0064).",
      registers: [registry],
    }),
    auditSealLag: new Gauge({
      name: "portal_audit_seal_lag_seconds",
      help: "Age of the oldest unsealed audit event (0 when none).",
      registers: [registry],
    }),
    backlogUp: new Gauge({
      name: "portal_backlog_query_up",
      help: "1 when the outbox and treasury counts of this scrape were read, 0 when the database did not answer in time.",
      registers: [registry],
    }),
  };
  return metrics;
}

declare global {
  var __portalMetrics: ReturnType<typeof createMetrics> | undefined;
}

// One registry per process, across the dev server's module reloads.
const metrics = (globalThis.__portalMetrics ??= createMetrics());

export function observeRequest({ method, route, status, seconds }: { method: string; route: string; status: number; seconds: number }) {
  const knownMethod = METHODS.has(method) ? method : "OTHER";
  metrics.requests.inc({ method: knownMethod, route, status: String(status) });
  metrics.duration.observe({ method: knownMethod, route }, seconds);
}

/** Read-only counts of work waiting in the database. */
export async function backlog(db: Db, now = new Date()) {
  const open = { status: { in: ["CREATED" as const, "SENT" as const] } };
  const [pending, failed, oldest, waiting, stuck, audit] = await Promise.all([
    db.notification.count({ where: { status: "PENDING" } }),
    db.notification.count({ where: { status: "FAILED" } }),
    db.notification.findFirst({ where: { status: "PENDING" }, orderBy: { createdAt: "asc" }, select: { createdAt: true } }),
    db.paymentOrder.count({ where: { ...open, attempts: { lt: STUCK_AFTER_ATTEMPTS } } }),
    db.paymentOrder.count({ where: { ...open, attempts: { gte: STUCK_AFTER_ATTEMPTS } } }),
    auditSealLag(db, now),
  ]);
  const oldestAgeSeconds = oldest ? Math.max(0, (now.getTime() - oldest.createdAt.getTime()) / 1000) : 0;
  return { outbox: { pending, failed, oldestAgeSeconds }, treasury: { waiting, stuck }, audit };
}

const BACKLOG_TIMEOUT_MS = 2_000;

/** The Prometheus text: the database counts are read at most 2 s, so a stuck database still gets its request metrics out. */
export async function metricsText(db: Db) {
  const pool = postgresPoolUsage();
  metrics.poolInUse.set(pool.inUse);
  metrics.poolWaiting.set(pool.waiting);
  metrics.poolMax.set(pool.max);
  let timer: NodeJS.Timeout | undefined;
  try {
    const counts = await Promise.race([
      backlog(db),
      new Promise<never>(
        (_, reject) => (timer = setTimeout(() => reject(new Error(`no answer in ${BACKLOG_TIMEOUT_MS} ms`)), BACKLOG_TIMEOUT_MS)),
      ),
    ]);
    metrics.outbox.set({ status: "pending" }, counts.outbox.pending);
    metrics.outbox.set({ status: "failed" }, counts.outbox.failed);
    metrics.outboxOldest.set(counts.outbox.oldestAgeSeconds);
    metrics.treasury.set({ state: "waiting" }, counts.treasury.waiting);
    metrics.treasury.set({ state: "stuck" }, counts.treasury.stuck);
    metrics.auditUnsealed.set(counts.audit.unsealed);
    metrics.auditSealLag.set(counts.audit.oldestAgeSeconds);
    metrics.backlogUp.set(1);
  } catch (error) {
    // Stale counts would look like a healthy backlog: they are dropped until the database answers again.
    metrics.outbox.reset();
    metrics.outboxOldest.set(Number.NaN);
    metrics.treasury.reset();
    metrics.auditUnsealed.set(Number.NaN);
    metrics.auditSealLag.set(Number.NaN);
    metrics.backlogUp.set(0);
    logger.warn({ err: error }, "metrics: backlog counts unavailable");
  } finally {
    clearTimeout(timer);
  }
  return { contentType: metrics.registry.contentType, body: await metrics.registry.metrics() };
}

/** 127.0.0.0/8, ::1 and their IPv4-mapped forms. */
export function isLoopbackAddress(address: string | undefined) {
  if (!address) return false;
  const plain = address.replace(/^::ffff:/i, "");
  return (isIP(plain) === 4 && plain.startsWith("127.")) || plain === "::1";
}

const digest = (value: string) => createHash("sha256").update(value).digest();

/**
 * Whether this request may read the metrics: with `Authorization: Bearer
 * METRICS_TOKEN`, or from this machine directly. A request relayed by a proxy
 * on this machine also arrives from loopback; it carries the proxy's
 * forwarding headers, and is then treated as coming from outside.
 */
export function mayReadMetrics(req: Request, token: string | undefined) {
  const authorization = req.get("authorization") ?? "";
  if (token && authorization.startsWith("Bearer ")) {
    return timingSafeEqual(digest(authorization.slice("Bearer ".length).trim()), digest(token));
  }
  const relayed = ["x-forwarded-for", "forwarded", "x-real-ip"].some((name) => req.headers[name] !== undefined);
  return !relayed && isLoopbackAddress(req.socket.remoteAddress);
}

/**
 * GET /metrics. Anyone else gets the portal's ordinary 404 page (the request
 * goes on to Remix, which has no such route), so the endpoint's existence is
 * not revealed.
 */
export function metricsEndpoint(env: Env) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (!mayReadMetrics(req, env.METRICS_TOKEN)) return next();
    res.locals.route = "metrics";
    // Imported here, not at the top: the database client opens on first use, after start-up has checked the configuration.
    import("./db.server")
      .then(({ prisma }) => metricsText(prisma))
      .then(({ contentType, body }) => {
        // Written as is: Express's send would rewrite the exposition format's Content-Type.
        res.writeHead(200, { "Content-Type": contentType, "Content-Length": Buffer.byteLength(body), "Cache-Control": "no-store" });
        res.end(body);
      }, next);
  };
}
