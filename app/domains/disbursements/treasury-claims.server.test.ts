// Proof of decision 0058: three dispatchers and the inline attempt share the treasury queue; a
// treasury that counts requests sees each order POSTed once, never two requests about one order
// at the same moment, and after a dispatcher dies mid-call the next owner asks for the order's
// status before sending. Runs on SQLite and PostgreSQL.
//
// On PostgreSQL the three dispatchers are three PrismaClients (three pools), as three processes
// would be. On SQLite they share the process's client: one process per SQLite file is the supported
// deployment (platform notes), and better-sqlite3 waits for a lock synchronously, so a second client
// in the same process freezes the event loop until its busy timeout while the first one holds a
// transaction open (measured: "Operation has timed out" after 5 s). Their loops still interleave at
// every await, which is how the background tick and a request's inline attempt meet on SQLite.
import { setTimeout as sleep } from "node:timers/promises";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient, databaseKindOf, prisma, type Db } from "~/utils/db.server";
import { createPayableAgreement } from "../../../tests/factories-grants";
import { createTreasuryMock } from "../../../tests/mocks/treasury";
import { createPaymentOrder } from "./payments.server";
import { advanceOrder, processTreasuryQueue } from "./treasury-dispatch.server";
import type { TreasuryConfig } from "./treasury-client.server";

const treasury = createTreasuryMock();
const server = setupServer(...treasury.handlers);
const config: TreasuryConfig = { url: treasury.baseUrl, token: "secret-token", timeoutMs: 5000 };
const dispatchers: Db[] = [];
const separateClients = databaseKindOf(process.env.DATABASE_URL!) === "postgresql";

beforeAll(() => {
  server.listen({ onUnhandledRequest: "error" });
  for (let i = 0; i < 3; i += 1) dispatchers.push(separateClients ? createPrismaClient(process.env.DATABASE_URL!) : prisma);
});
afterEach(() => server.resetHandlers());
afterAll(async () => {
  server.close();
  if (separateClients) await Promise.all(dispatchers.map((db) => db.$disconnect()));
});

async function ordersFor(trancheIds: string[], prefix: string) {
  const orders = [];
  for (const [i, trancheId] of trancheIds.entries()) {
    const setup = trancheOwner.get(trancheId)!;
    orders.push(await createPaymentOrder({ actor: setup, trancheId, idempotencyKey: `${prefix}-${i}-${trancheId}` }));
  }
  return orders;
}
const trancheOwner = new Map<string, Parameters<typeof createPaymentOrder>[0]["actor"]>();

async function payableTranches(agreements: number, milestones: number) {
  const ids: string[] = [];
  const share = 10_000 / milestones;
  for (let a = 0; a < agreements; a += 1) {
    const setup = await createPayableAgreement({ amount: 900_00n, milestones, shares: Array.from({ length: milestones }, () => share) });
    for (const tranche of setup.tranches) {
      ids.push(tranche.id);
      trancheOwner.set(tranche.id, setup.finance.actor);
    }
  }
  return ids;
}

/** A dispatcher that "dies" in the middle of its call: it sends (or not) and then never answers or writes again. */
function dyingDispatcher(deliver: boolean) {
  let died: () => void = () => {};
  const dead = new Promise<void>((resolve) => (died = resolve));
  const fetchThenDie: typeof fetch = async (input, init) => {
    if (deliver) {
      // The request reaches the treasury, which records the order; the answer is never read.
      const { signal: _ignored, ...rest } = init ?? {};
      await (await fetch(input, rest)).text();
    }
    died();
    return new Promise<Response>(() => {});
  };
  return { config: { ...config, fetch: fetchThenDie }, dead };
}

describe("one owner per payment order", () => {
  it("three dispatchers and the inline attempt POST each order exactly once", async () => {
    treasury.settings.latencyMs = 30;
    const tranches = await payableTranches(2, 4);
    const queued = await ordersFor(tranches.slice(0, 5), "claims-queued");

    let stop = false;
    const claimedBy = [0, 0, 0];
    const loops = dispatchers.map(async (db, i) => {
      while (!stop) {
        const round = await processTreasuryQueue(db, config, new Date(), 20, { worker: `dispatcher-${i + 1}` });
        claimedBy[i] = (claimedBy[i] ?? 0) + round.attempted;
        await sleep(5);
      }
    });
    // Orders created while the dispatchers run, each followed at once by its inline attempt (as the
    // finance page does): the background may take it first, never both.
    const inline = [];
    try {
      for (const [i, trancheId] of tranches.slice(5).entries()) {
        const [order] = await ordersFor([trancheId], `claims-inline-${i}`);
        inline.push(order!);
        claimedBy.push(Number((await advanceOrder(prisma, config, order!.id, new Date(), { worker: "inline" })).claimed));
      }
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline && (await prisma.paymentOrder.count({ where: { status: "SENT" } })) < queued.length + inline.length)
        await sleep(50);
    } finally {
      stop = true;
      await Promise.all(loops);
    }
    const all = [...queued, ...inline];

    const stored = await prisma.paymentOrder.findMany({ where: { id: { in: all.map((o) => o.id) } }, include: { treasuryAttempts: true } });
    expect(stored.map((o) => o.status)).toEqual(all.map(() => "SENT"));
    // (A slow machine may reach an order's first poll, 15 s after sending: a GET, never a second POST.)
    for (const order of all) {
      const requests = treasury.requestsFor(order.reference);
      expect([requests[0], requests.filter((m) => m === "POST").length]).toEqual(["POST", 1]);
    }
    expect(treasury.received.created).toBe(all.length);
    expect(treasury.overlap.max).toBe(1);
    // Each order's first claim sent it and recorded the outcome; every claim ended, none is left held.
    expect(claimedBy.reduce((a, b) => a + b, 0)).toBe(stored.reduce((sum, o) => sum + o.attempts, 0));
    for (const order of stored) {
      expect(order.claimedUntil).toBeNull();
      const attempts = order.treasuryAttempts.sort((a, b) => a.number - b.number);
      expect(attempts.map((a) => a.number)).toEqual(Array.from({ length: order.attempts }, (_, i) => i + 1));
      expect([attempts[0]!.askedFirst, attempts[0]!.outcome]).toEqual([false, "SENT"]);
      expect(attempts.every((a) => a.finishedAt !== null && a.outcome === "SENT")).toBe(true);
    }
  });

  it("after a dispatcher dies mid-call, the next owner asks the treasury first and sends only what it does not know", async () => {
    treasury.settings.latencyMs = 30;
    const tranches = await payableTranches(1, 4);
    const [reached, lost, other] = await ordersFor(tranches.slice(0, 3), "claims-crash");
    const claimMs = 60_000;

    // Dispatcher 1 takes two orders and dies in each call: the first POST reached the treasury,
    // the second never left. Their promises never settle, as a killed process's would not.
    const after = dyingDispatcher(true);
    const before = dyingDispatcher(false);
    void advanceOrder(dispatchers[0]!, after.config, reached!.id, new Date(), { worker: "dispatcher-1", claimMs });
    void advanceOrder(dispatchers[0]!, before.config, lost!.id, new Date(), { worker: "dispatcher-1", claimMs });
    await Promise.all([after.dead, before.dead]);
    expect(treasury.requestsFor(reached!.reference)).toEqual(["POST"]);
    expect(treasury.requestsFor(lost!.reference)).toEqual([]);
    const held = await prisma.paymentAttempt.findMany({ where: { paymentOrderId: { in: [reached!.id, lost!.id] } } });
    expect(held.map((a) => [a.number, a.worker, a.askedFirst, a.outcome, a.finishedAt])).toEqual([
      [1, "dispatcher-1", false, null, null],
      [1, "dispatcher-1", false, null, null],
    ]);

    // While the lease lasts the other two dispatchers leave those orders alone and send the third.
    const during = await Promise.all(
      dispatchers.slice(1).map((db, i) => processTreasuryQueue(db, config, new Date(), 20, { worker: `dispatcher-${i + 2}` })),
    );
    expect(during.reduce((sum, round) => sum + round.attempted, 0)).toBe(1);
    expect(treasury.requestsFor(reached!.reference)).toEqual(["POST"]);
    expect(treasury.requestsFor(lost!.reference)).toEqual([]);
    expect(treasury.requestsFor(other!.reference)).toEqual(["POST"]);

    // After the lease both race for the orders, three rounds each: one takes each order, asks
    // first, and POSTs only the order the treasury has never heard of.
    const later = new Date(Date.now() + claimMs + 1000);
    await Promise.all(
      dispatchers.slice(1).map(async (db, i) => {
        for (let round = 0; round < 3; round += 1) await processTreasuryQueue(db, config, later, 20, { worker: `dispatcher-${i + 2}` });
      }),
    );
    expect(treasury.requestsFor(reached!.reference)).toEqual(["POST", "GET"]);
    expect(treasury.requestsFor(lost!.reference)).toEqual(["GET", "POST"]);
    for (const order of [reached!, lost!, other!])
      expect(treasury.requestsFor(order.reference).filter((m) => m === "POST")).toHaveLength(1);
    expect(treasury.overlap.max).toBe(1);
    expect([...treasury.orders.keys()].filter((ref) => [reached, lost, other].some((o) => o!.reference === ref))).toHaveLength(3);

    const stored = await prisma.paymentOrder.findMany({
      where: { id: { in: [reached!.id, lost!.id] } },
      include: { treasuryAttempts: { orderBy: { number: "asc" } } },
    });
    for (const order of stored) {
      expect(order.status).toBe("SENT");
      expect(order.claimedUntil).toBeNull();
      expect(order.treasuryAttempts.map((a) => [a.number, a.askedFirst, a.outcome])).toEqual([
        [1, false, null],
        [2, true, "SENT"],
      ]);
      expect(order.treasuryAttempts[1]!.worker).toMatch(/^dispatcher-[23]$/);
    }
  });
});
