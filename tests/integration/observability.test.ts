// Request logs, request ids and /metrics through the real Express app (server.ts's createApp)
// serving the Remix build on an ephemeral port, with the log lines captured from pino.
import { mkdtempSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Server } from "node:http";
import type { ServerBuild } from "@remix-run/node";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { sealAuditLog } from "~/domains/audit/audit-sealer.server";
import { createPaymentOrder } from "~/domains/disbursements/payments.server";
import { STUCK_AFTER_ATTEMPTS } from "~/domains/disbursements/payment-rules";
import { newStorageKey } from "~/domains/files/storage.server";
import { createPrismaClient, prisma } from "~/utils/db.server";
import { parseEnv } from "~/utils/env.server";
import { logger, setLogDestination } from "~/utils/logger.server";
import { isLoopbackAddress, mayReadMetrics, metricsText } from "~/utils/metrics.server";
import { createApp } from "../../server";
import { httpRequest } from "../e2e/http";
import { createPayableAgreement } from "../factories-grants";
import { createNcoMember } from "../factories";
import { loadBuild } from "../support/route-call";
import { sessionCookieFor } from "../support/session";

const METRICS_TOKEN = "metrics-token-for-the-observability-test";
type Line = Record<string, unknown> & { level: string; msg: string };

let lines: Line[] = [];
let build: ServerBuild;
const servers: Server[] = [];
let previousDestination: ReturnType<typeof setLogDestination>;
const previousLevel = logger.level;

/** The portal on an ephemeral loopback port; `env` goes over the test's configuration. */
async function serve(env: Record<string, string> = {}, serverBuild = build) {
  const app = createApp(serverBuild, parseEnv({ ...process.env, PUBLIC_URL: "http://localhost:3000", METRICS_TOKEN, ...env }));
  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, "127.0.0.1", () => resolve(listening));
  });
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const linesOf = (requestId: string | null) => lines.filter((line) => line.requestId === requestId);
const requestLine = (requestId: string | null) => linesOf(requestId).find((line) => line.msg === "request");

/** The request line is written when the answer has been sent, which can be just after the client read it. */
async function waitForRequestLine(requestId: string | null) {
  for (let tries = 0; tries < 100 && !requestLine(requestId); tries++) await new Promise((resolve) => setTimeout(resolve, 20));
  return requestLine(requestId);
}

beforeAll(async () => {
  build = await loadBuild();
  previousDestination = setLogDestination({ write: (line: string) => void lines.push(JSON.parse(line) as Line) });
  logger.level = "info";
});

afterEach(() => {
  lines = [];
});

afterAll(async () => {
  setLogDestination(previousDestination);
  logger.level = previousLevel;
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
});

describe("request logs and request ids", () => {
  it("gives every answer an X-Request-Id and writes one JSON line with method, route, status, duration and that id", async () => {
    const url = await serve();
    const answer = await httpRequest(`${url}/login`);
    expect(answer.status).toBe(200);
    const requestId = answer.headers.get("X-Request-Id");
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    const line = await waitForRequestLine(requestId);
    expect(line).toMatchObject({ level: "info", method: "GET", route: "routes/_accounts.login", status: 200, requestId });
    expect(line!.durationMs).toEqual(expect.any(Number));
    expect(line).not.toHaveProperty("userId");
    // Ids are per request.
    const again = await httpRequest(`${url}/login`);
    expect(again.headers.get("X-Request-Id")).not.toBe(requestId);
  });

  it("logs the public files at debug only, as the route static", async () => {
    const url = await serve();
    const quiet = await httpRequest(`${url}/locales/en/common.json`);
    expect(quiet.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(linesOf(quiet.headers.get("X-Request-Id"))).toEqual([]);
    logger.level = "debug";
    try {
      const file = await httpRequest(`${url}/locales/en/common.json`);
      expect(await waitForRequestLine(file.headers.get("X-Request-Id"))).toMatchObject({ level: "debug", route: "static", status: 200 });
    } finally {
      logger.level = "info";
    }
  });

  it("names the route by its pattern, never by the URL with its ids, and the signed-in person by id", async () => {
    const url = await serve();
    const nco = await createNcoMember("ADMIN");
    const cookie = await sessionCookieFor(nco.user.id);
    const answer = await httpRequest(`${url}/organizations/${nco.organization.id}`, { headers: { Cookie: cookie } });
    expect(answer.status).toBe(200);
    const line = await waitForRequestLine(answer.headers.get("X-Request-Id"));
    expect(line).toMatchObject({ route: "routes/_organizations.organizations.$organizationId._index", status: 200, userId: nco.user.id });
    expect(JSON.stringify(line)).not.toContain(nco.organization.id);
    // The single-fetch data request of the same page is the same route.
    const data = await httpRequest(`${url}/organizations/${nco.organization.id}.data`, { headers: { Cookie: cookie } });
    expect(await waitForRequestLine(data.headers.get("X-Request-Id"))).toMatchObject({
      route: "routes/_organizations.organizations.$organizationId._index",
      userId: nco.user.id,
    });
  });

  it("logs a 404 at info, with no error line and no stack", async () => {
    const url = await serve();
    const consoleError = vi.spyOn(console, "error");
    const answer = await httpRequest(`${url}/no-such-page/12345`);
    expect(answer.status).toBe(404);
    // Remix's own handler, used when the entry exports none, printed every 404 to the console with a stack.
    expect(consoleError).not.toHaveBeenCalled();
    consoleError.mockRestore();
    const requestId = answer.headers.get("X-Request-Id");
    expect(await waitForRequestLine(requestId)).toMatchObject({ level: "info", route: "unmatched", status: 404 });
    const severe = linesOf(requestId).filter((line) => ["warn", "error", "fatal"].includes(line.level));
    expect(severe).toEqual([]);
    expect(JSON.stringify(linesOf(requestId))).not.toMatch(/stack|No route matches/);
  });

  it("puts the request id on the error lines that domain code and the error handler write during the request", async () => {
    const boom = new Error("the loader broke");
    // The real build with one more resource route whose loader throws.
    const broken: ServerBuild = {
      ...build,
      routes: {
        ...build.routes,
        "routes/test-boom": {
          id: "routes/test-boom",
          parentId: "root",
          path: "test-boom",
          module: { loader: () => Promise.reject(boom) } as never,
        },
      },
    };
    const url = await serve({}, broken);
    const failed = await httpRequest(`${url}/test-boom`);
    expect(failed.status).toBe(500);
    const requestId = failed.headers.get("X-Request-Id");
    expect(await waitForRequestLine(requestId)).toMatchObject({ level: "warn", route: "routes/test-boom", status: 500 });
    const errorLine = linesOf(requestId).find((line) => line.level === "error");
    expect(errorLine).toMatchObject({ msg: "request failed", err: { message: "the loader broke" } });
    expect(String((errorLine!.err as { stack: string }).stack)).toContain("the loader broke");

    // A domain function's own error line (a stored file gone missing) carries the id of the download that found it.
    const nco = await createNcoMember("ADMIN");
    const storageKey = newStorageKey();
    const attachment = await prisma.attachment.create({
      data: {
        storageKey,
        originalName: "charter.pdf",
        mediaType: "application/pdf",
        size: 4,
        sha256: "0".repeat(64),
        organizationId: nco.organization.id,
        uploadedById: nco.user.id,
      },
    });
    const missing = await httpRequest(`${url}/files/${attachment.id}`, { headers: { Cookie: await sessionCookieFor(nco.user.id) } });
    expect(missing.status).toBe(404);
    const missingId = missing.headers.get("X-Request-Id");
    await waitForRequestLine(missingId);
    expect(linesOf(missingId)).toContainEqual(
      expect.objectContaining({ level: "error", msg: "attachment file missing from storage", storageKey, userId: nco.user.id }),
    );
  });

  it("keeps X-Request-Id from a trusted proxy when it is a short plain token, and never from anyone else", async () => {
    const direct = await serve({ TRUST_PROXY: "false" });
    const planted = await httpRequest(`${direct}/login`, { headers: { "X-Request-Id": "abcdef0123456789abcdef0123456789" } });
    expect(planted.headers.get("X-Request-Id")).not.toBe("abcdef0123456789abcdef0123456789");

    const proxied = await serve({ TRUST_PROXY: "loopback" });
    const kept = await httpRequest(`${proxied}/login`, { headers: { "X-Request-Id": "abcdef0123456789abcdef0123456789" } });
    expect(kept.headers.get("X-Request-Id")).toBe("abcdef0123456789abcdef0123456789");
    expect(await waitForRequestLine("abcdef0123456789abcdef0123456789")).toMatchObject({ route: "routes/_accounts.login" });
    for (const bad of ["short", "x".repeat(65), 'a" level="fatal', "../../etc/passwd"]) {
      const replaced = await httpRequest(`${proxied}/login`, { headers: { "X-Request-Id": bad } });
      expect(replaced.headers.get("X-Request-Id"), bad).toMatch(/^[0-9a-f-]{36}$/);
    }
  });
});

describe("/metrics", () => {
  it("is the ordinary 404 page for a request relayed from outside without the token, or with a wrong one", async () => {
    const url = await serve();
    const notFoundPage = await httpRequest(`${url}/no-such-page`);
    const relayed = { "X-Forwarded-For": "203.0.113.7" };
    for (const headers of [
      relayed,
      { ...relayed, Authorization: "Bearer wrong-token-wrong-token-wrong-token" },
      { Authorization: `Bearer ${METRICS_TOKEN}x` },
    ]) {
      const refused = await httpRequest(`${url}/metrics`, { headers });
      expect(refused.status, JSON.stringify(headers)).toBe(404);
      expect(refused.headers.get("Content-Type")).toBe(notFoundPage.headers.get("Content-Type"));
      expect(await refused.text()).not.toMatch(/portal_http_requests_total/);
    }
    // Without METRICS_TOKEN configured, no bearer value opens it from outside.
    const tokenless = await serve({ METRICS_TOKEN: "" });
    expect((await httpRequest(`${tokenless}/metrics`, { headers: { ...relayed, Authorization: "Bearer " } })).status).toBe(404);
  });

  it("decides by the connection's own address: loopback without a proxy's headers, or the token", () => {
    const request = (remoteAddress: string, headers: Record<string, string> = {}) =>
      ({ socket: { remoteAddress }, headers, get: (name: string) => headers[name.toLowerCase()] }) as never;
    expect(mayReadMetrics(request("127.0.0.1"), METRICS_TOKEN)).toBe(true);
    expect(mayReadMetrics(request("::1"), undefined)).toBe(true);
    expect(mayReadMetrics(request("::ffff:127.0.0.1"), undefined)).toBe(true);
    expect(mayReadMetrics(request("203.0.113.7"), METRICS_TOKEN)).toBe(false);
    expect(mayReadMetrics(request("10.0.0.5"), undefined)).toBe(false);
    expect(mayReadMetrics(request("127.0.0.1", { "x-real-ip": "203.0.113.7" }), METRICS_TOKEN)).toBe(false);
    expect(mayReadMetrics(request("127.0.0.1", { forwarded: "for=203.0.113.7" }), METRICS_TOKEN)).toBe(false);
    expect(mayReadMetrics(request("203.0.113.7", { authorization: `Bearer ${METRICS_TOKEN}` }), METRICS_TOKEN)).toBe(true);
    expect(mayReadMetrics(request("203.0.113.7", { authorization: `Bearer ${METRICS_TOKEN}` }), undefined)).toBe(false);
    expect(isLoopbackAddress("127.8.9.10")).toBe(true);
    expect(isLoopbackAddress("128.0.0.1")).toBe(false);
    expect(isLoopbackAddress(undefined)).toBe(false);
  });

  it("serves requests by route and status, the latency histogram, the pool, the outbox and the treasury backlog", async () => {
    const url = await serve();
    // Work waiting in the database: 1 order waiting, 1 stuck, 1 paid by hand; 2 more notices to send, 1 more given up, 1 more sent.
    const setup = await createPayableAgreement({ amount: 3000_00n, milestones: 3, shares: [3000, 3000, 4000] });
    const [waiting, stuck] = [
      await createPaymentOrder({
        actor: setup.finance.actor,
        trancheId: setup.tranches[0]!.id,
        idempotencyKey: "metrics-order-0000000001",
      }),
      await createPaymentOrder({
        actor: setup.finance.actor,
        trancheId: setup.tranches[1]!.id,
        idempotencyKey: "metrics-order-0000000002",
      }),
    ];
    // As the dispatcher leaves an order after that many failed attempts.
    await prisma.paymentOrder.update({
      where: { id: stuck.id },
      data: { attempts: STUCK_AFTER_ATTEMPTS, lastError: "timeout", nextAttemptAt: new Date() },
    });
    await createPaymentOrder({
      actor: setup.finance.actor,
      trancheId: setup.tranches[2]!.id,
      idempotencyKey: "metrics-order-0000000003",
      manual: { paidOn: new Date("2026-03-31T06:00:00Z"), bankReference: "" },
    });
    expect(waiting.status).toBe("CREATED");
    // The grant cycle above queued its own notices.
    const before = {
      pending: await prisma.notification.count({ where: { status: "PENDING" } }),
      failed: await prisma.notification.count({ where: { status: "FAILED" } }),
    };
    const notice = { channel: "EMAIL" as const, recipient: "nco@example.kg", template: "test", locale: "ru" as const, payload: {} };
    await prisma.notification.createMany({
      data: [{ ...notice }, { ...notice }, { ...notice, status: "FAILED", attempts: 8 }, { ...notice, status: "SENT", sentAt: new Date() }],
    });

    await httpRequest(`${url}/login`);
    await httpRequest(`${url}/no-such-page/1`);
    const fromLoopback = await httpRequest(`${url}/metrics`);
    const withToken = await httpRequest(`${url}/metrics`, {
      headers: { "X-Forwarded-For": "203.0.113.7", Authorization: `Bearer ${METRICS_TOKEN}` },
    });
    for (const answer of [fromLoopback, withToken]) {
      expect(answer.status).toBe(200);
      expect(answer.headers.get("Content-Type")).toMatch(/^text\/plain; version=0\.0\.4/);
      expect(answer.headers.get("X-Request-Id")).toBeTruthy();
    }
    const text = await withToken.text();
    const sample = (series: string) => {
      const match = new RegExp(`^${series.replace(/[{}.$|]/g, "\\$&")} (\\S+)$`, "m").exec(text);
      return match ? Number(match[1]) : undefined;
    };
    expect(sample('portal_http_requests_total{method="GET",route="routes/_accounts.login",status="200"}')).toBeGreaterThanOrEqual(1);
    expect(sample('portal_http_requests_total{method="GET",route="unmatched",status="404"}')).toBeGreaterThanOrEqual(1);
    expect(sample('portal_http_requests_total{method="GET",route="metrics",status="200"}')).toBeGreaterThanOrEqual(1);
    expect(sample('portal_http_request_duration_seconds_count{method="GET",route="routes/_accounts.login"}')).toBeGreaterThanOrEqual(1);
    expect(text).toMatch(/^portal_http_request_duration_seconds_bucket\{le="0\.1",method="GET",route="routes\/_accounts\.login"\} \d+$/m);
    expect(text).not.toMatch(/no-such-page/);
    expect(sample('portal_outbox_notifications{status="pending"}')).toBe(before.pending + 2);
    expect(sample('portal_outbox_notifications{status="failed"}')).toBe(before.failed + 1);
    expect(sample("portal_outbox_oldest_pending_age_seconds")).toBeGreaterThanOrEqual(0);
    expect(sample('portal_treasury_payment_orders{state="waiting"}')).toBe(1);
    expect(sample('portal_treasury_payment_orders{state="stuck"}')).toBe(1);
    expect(sample("portal_backlog_query_up")).toBe(1);
    // The grant cycle's audit events, committed and not yet sealed (no sealer runs here; decision 0064).
    const unsealed = await prisma.auditEvent.count({ where: { position: null } });
    expect(unsealed).toBeGreaterThan(0);
    expect(sample("portal_audit_unsealed_events")).toBe(unsealed);
    expect(sample("portal_audit_seal_lag_seconds")).toBeGreaterThanOrEqual(0);
    await sealAuditLog(prisma);
    const sealed = await (await httpRequest(`${url}/metrics`)).text();
    expect(sealed).toMatch(/^portal_audit_unsealed_events 0$/m);
    expect(sealed).toMatch(/^portal_audit_seal_lag_seconds 0$/m);
    const pool = {
      inUse: sample("portal_db_pool_connections_in_use"),
      waiting: sample("portal_db_pool_waiting"),
      max: sample("portal_db_pool_connections_max"),
    };
    if (process.env.DATABASE_URL!.startsWith("file:")) expect(pool).toEqual({ inUse: 0, waiting: 0, max: 0 });
    else {
      expect(pool.max).toBe(10);
      expect(pool.inUse).toBeGreaterThanOrEqual(0);
      expect(pool.waiting).toBe(0);
    }
  });

  it("still serves the request metrics when the backlog cannot be read, and says so instead of showing stale counts", async () => {
    const url = await serve();
    await httpRequest(`${url}/metrics`);
    // A database without the portal's tables: every backlog query fails.
    const empty = createPrismaClient(`file:${path.join(mkdtempSync(path.join(tmpdir(), "metrics-")), "empty.db")}`);
    try {
      const { body } = await metricsText(empty);
      expect(body).toMatch(/^portal_backlog_query_up 0$/m);
      expect(body).not.toMatch(/^portal_outbox_notifications\{/m);
      expect(body).not.toMatch(/^portal_treasury_payment_orders\{/m);
      expect(body).toMatch(/^portal_http_requests_total\{method="GET",route="metrics",status="200"\} \d+$/m);
      expect(lines).toContainEqual(expect.objectContaining({ level: "warn", msg: "metrics: backlog counts unavailable" }));
    } finally {
      await empty.$disconnect();
    }
    // The next good scrape restores them.
    expect((await metricsText(prisma)).body).toMatch(/^portal_backlog_query_up 1$/m);
  });
});
