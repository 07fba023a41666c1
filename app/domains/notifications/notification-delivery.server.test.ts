import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { prisma } from "~/utils/db.server";
import { createNotifyGateway } from "../../../tests/mocks/notify-gateway";
import { deliverDueNotifications, nextAttemptDelayMs } from "./notification-delivery.server";
import { enqueueNotification, type NotificationInput } from "./notifications.server";

// Only the gateway is mocked; anything else leaving the process fails the test.
const gateway = createNotifyGateway();
const server = setupServer(...gateway.handlers);
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const config = { url: gateway.url, token: gateway.token, timeoutMs: 2000 };
const MINUTE = 60_000;

beforeEach(async () => {
  gateway.received.length = 0;
  // Each test starts with an empty outbox (the file has its own database).
  await prisma.notification.deleteMany({});
});

async function enqueue(overrides: Partial<NotificationInput> = {}) {
  return prisma.$transaction((tx) =>
    enqueueNotification(tx, {
      channel: "EMAIL",
      recipient: "nco@balakai.kg",
      template: "password-reset",
      locale: "ky",
      payload: { link: "https://portal.karakol.kg/reset-password/abc" },
      ...overrides,
    }),
  );
}

const row = (id: string) => prisma.notification.findUniqueOrThrow({ where: { id } });

describe("deliverDueNotifications", () => {
  it("posts each due notice once with its id as Idempotency-Key and marks it SENT on 2xx", async () => {
    const email = await enqueue();
    const sms = await enqueue({ channel: "SMS", recipient: "+996 555 000 000", locale: "ru", payload: { link: "x", code: 42 } });
    const now = new Date();
    expect(await deliverDueNotifications(prisma, config, now)).toEqual({ attempted: 2, sent: 2 });

    expect(gateway.received.map((m) => m.idempotencyKey).sort()).toEqual([email.id, sms.id].sort());
    const smsMessage = gateway.received.find((m) => m.idempotencyKey === sms.id)!;
    expect(smsMessage.authorization).toBe(`Bearer ${gateway.token}`);
    expect(smsMessage.body).toEqual({
      id: sms.id,
      channel: "sms",
      to: "+996 555 000 000",
      template: "password-reset",
      locale: "ru",
      data: { link: "x", code: 42 },
    });
    for (const id of [email.id, sms.id]) {
      expect(await row(id)).toMatchObject({ status: "SENT", attempts: 1, lastError: "" });
      expect((await row(id)).sentAt).toBeInstanceOf(Date);
    }
    // Nothing is due any more: a later run sends nothing.
    expect(await deliverDueNotifications(prisma, config, new Date(now.getTime() + 24 * 60 * MINUTE))).toEqual({ attempted: 0, sent: 0 });
    expect(gateway.received).toHaveLength(2);
  });

  it("leaves a notice that is not due yet alone", async () => {
    const later = await enqueue();
    await prisma.notification.update({ where: { id: later.id }, data: { nextAttemptAt: new Date(Date.now() + 10 * MINUTE) } });
    expect(await deliverDueNotifications(prisma, config)).toEqual({ attempted: 0, sent: 0 });
    expect(gateway.received).toHaveLength(0);
  });

  it("retries after a 500 with growing pauses, then marks it SENT when the gateway recovers", async () => {
    const notice = await enqueue();
    server.use(gateway.failing(500));
    const t0 = new Date();
    expect(await deliverDueNotifications(prisma, config, t0)).toEqual({ attempted: 1, sent: 0 });
    expect(await row(notice.id)).toMatchObject({ status: "PENDING", attempts: 1, lastError: "gateway answered 500", sentAt: null });
    expect((await row(notice.id)).nextAttemptAt).toEqual(new Date(t0.getTime() + MINUTE));

    // Not before the pause is over.
    expect((await deliverDueNotifications(prisma, config, new Date(t0.getTime() + MINUTE - 1))).attempted).toBe(0);
    const t1 = new Date(t0.getTime() + MINUTE);
    await deliverDueNotifications(prisma, config, t1);
    expect(await row(notice.id)).toMatchObject({ status: "PENDING", attempts: 2 });
    expect((await row(notice.id)).nextAttemptAt).toEqual(new Date(t1.getTime() + 2 * MINUTE));

    server.resetHandlers();
    const t2 = new Date(t1.getTime() + 2 * MINUTE);
    expect(await deliverDueNotifications(prisma, config, t2)).toEqual({ attempted: 1, sent: 1 });
    expect(await row(notice.id)).toMatchObject({ status: "SENT", attempts: 3, lastError: "" });
    expect(gateway.received.map((m) => m.idempotencyKey)).toEqual([notice.id, notice.id, notice.id]);
    expect(gateway.delivered()).toContain(notice.id);
  });

  it("treats a gateway that does not answer in time as a failure to retry", async () => {
    const notice = await enqueue();
    server.use(gateway.slow(3000));
    const started = Date.now();
    const t0 = new Date();
    expect(await deliverDueNotifications(prisma, { ...config, timeoutMs: 150 }, t0)).toEqual({ attempted: 1, sent: 0 });
    expect(Date.now() - started).toBeLessThan(2500);
    const after = await row(notice.id);
    expect(after).toMatchObject({ status: "PENDING", attempts: 1, sentAt: null });
    expect(after.lastError).toMatch(/timeout|aborted/i);
    expect(after.nextAttemptAt).toEqual(new Date(t0.getTime() + MINUTE));
  });

  it("gives up after eight attempts and never tries a FAILED notice again", async () => {
    const notice = await enqueue();
    server.use(gateway.failing(503));
    let now = new Date();
    for (let attempt = 1; attempt <= 8; attempt++) {
      expect((await deliverDueNotifications(prisma, config, now)).attempted, `attempt ${attempt}`).toBe(1);
      now = (await row(notice.id)).nextAttemptAt;
    }
    expect(await row(notice.id)).toMatchObject({ status: "FAILED", attempts: 8, lastError: "gateway answered 503" });
    expect((await deliverDueNotifications(prisma, config, new Date(now.getTime() + 24 * 60 * MINUTE))).attempted).toBe(0);
    expect(gateway.received).toHaveLength(8);
  });

  it("sends each notice exactly once when two workers run at the same moment", async () => {
    const notices = await Promise.all(Array.from({ length: 6 }, (_, i) => enqueue({ recipient: `person${i}@example.kg` })));
    const now = new Date();
    const [a, b] = await Promise.all([deliverDueNotifications(prisma, config, now), deliverDueNotifications(prisma, config, now)]);
    expect(a.sent + b.sent).toBe(6);
    const keys = gateway.received.map((m) => m.idempotencyKey);
    expect(keys.sort()).toEqual(notices.map((n) => n.id).sort());
    for (const notice of notices) expect(await row(notice.id)).toMatchObject({ status: "SENT", attempts: 1 });
  });

  it("sends again, under the same key, a notice whose worker died after claiming it", async () => {
    const notice = await enqueue();
    const t0 = new Date();
    // The dead worker had claimed it and the gateway had accepted it, but SENT was never written.
    await prisma.notification.update({
      where: { id: notice.id },
      data: { attempts: 1, nextAttemptAt: new Date(t0.getTime() + config.timeoutMs + MINUTE) },
    });
    await fetch(gateway.url, {
      method: "POST",
      headers: { Authorization: `Bearer ${gateway.token}`, "Idempotency-Key": notice.id },
      body: "{}",
    });

    expect((await deliverDueNotifications(prisma, config, t0)).attempted).toBe(0);
    const later = new Date(t0.getTime() + config.timeoutMs + MINUTE);
    expect(await deliverDueNotifications(prisma, config, later)).toEqual({ attempted: 1, sent: 1 });
    expect(await row(notice.id)).toMatchObject({ status: "SENT", attempts: 2 });
    expect(gateway.received.map((m) => m.idempotencyKey)).toEqual([notice.id, notice.id]);
    expect(gateway.delivered().filter((key) => key === notice.id)).toHaveLength(1);
  });

  it("is not fooled by a gateway that answers without the right token (401 is retried, not sent)", async () => {
    const notice = await enqueue();
    await deliverDueNotifications(prisma, { ...config, token: "wrong" });
    expect(await row(notice.id)).toMatchObject({ status: "PENDING", lastError: "gateway answered 401" });
  });
});

describe("nextAttemptDelayMs", () => {
  it("doubles from one minute and stops at an hour", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 20].map((n) => nextAttemptDelayMs(n) / MINUTE)).toEqual([1, 2, 4, 8, 16, 32, 60, 60, 60]);
    expect(nextAttemptDelayMs(0)).toBe(MINUTE);
  });
});

describe("enqueueNotification", () => {
  it("queues one notice per dedupe key", async () => {
    const first = await enqueue({ dedupeKey: "deadline-reminder:call-1:org-1" });
    const second = await enqueue({ dedupeKey: "deadline-reminder:call-1:org-1" });
    expect(second.id).toBe(first.id);
    expect(await prisma.notification.count({ where: { dedupeKey: "deadline-reminder:call-1:org-1" } })).toBe(1);
  });

  it("rolls back with the transaction that wanted it sent", async () => {
    await expect(
      prisma.$transaction(async (tx) => {
        await enqueueNotification(tx, { channel: "EMAIL", recipient: "x@example.kg", template: "t", locale: "en", payload: {} });
        throw new Error("the change failed");
      }),
    ).rejects.toThrow();
    expect(await prisma.notification.count({ where: { recipient: "x@example.kg" } })).toBe(0);
  });
});
