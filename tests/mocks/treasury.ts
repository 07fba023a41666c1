// A treasury payment API for tests and development (msw): it keeps orders by
// reference, answers a repeated reference with the existing order (409), and
// can be told to fail: time out or answer 500, before or after it has
// recorded the order, and to repeat its callbacks. It counts what it receives
// per reference, in arrival order, and how many requests about one order it
// was serving at the same moment (decision 0058: never two at once).
import { delay, http, HttpResponse } from "msw";

export type TreasuryFault = "timeout-before" | "timeout-after" | "500-before" | "500-after" | "garbage";
type Order = {
  id: string;
  reference: string;
  amount: string;
  status: "accepted" | "executed" | "rejected";
  executedAt?: string;
  reason?: string;
};

export function createTreasuryMock(baseUrl = "http://treasury.test/api") {
  const orders = new Map<string, Order>();
  const received = { posts: 0, gets: 0, created: 0 };
  const faults: TreasuryFault[] = [];
  const authorizations = new Set<string>();
  /** Every request as it arrived: "POST PO-…" or "GET PO-…". */
  const log: string[] = [];
  const inFlight = new Map<string, number>();
  /** The most requests about one reference that were in progress together. */
  const overlap = { max: 0, posts: 0 };
  const postsInFlight = new Map<string, number>();
  const settings = { latencyMs: 0 };
  let nextId = 1;

  /** Counts a request about `reference` as in progress until it is answered or abandoned by the caller. */
  function track(method: "POST" | "GET", reference: string, request: Request) {
    log.push(`${method} ${reference}`);
    const now = (inFlight.get(reference) ?? 0) + 1;
    inFlight.set(reference, now);
    overlap.max = Math.max(overlap.max, now);
    if (method === "POST") {
      const posting = (postsInFlight.get(reference) ?? 0) + 1;
      postsInFlight.set(reference, posting);
      overlap.posts = Math.max(overlap.posts, posting);
    }
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      inFlight.set(reference, (inFlight.get(reference) ?? 1) - 1);
      if (method === "POST") postsInFlight.set(reference, (postsInFlight.get(reference) ?? 1) - 1);
    };
    request.signal?.addEventListener("abort", end);
    return end;
  }

  const takeFault = () => faults.shift();
  async function failBefore(fault: TreasuryFault | undefined) {
    if (fault === "timeout-before") await delay("infinite");
    if (fault === "500-before") return HttpResponse.json({ error: "internal" }, { status: 500 });
    if (fault === "garbage") return new HttpResponse("<html>gateway</html>", { status: 200, headers: { "Content-Type": "text/html" } });
    return null;
  }
  async function failAfter(fault: TreasuryFault | undefined) {
    if (fault === "timeout-after") await delay("infinite");
    if (fault === "500-after") return HttpResponse.json({ error: "internal" }, { status: 500 });
    return null;
  }

  const handlers = [
    http.post(`${baseUrl}/payment-orders`, async ({ request }) => {
      received.posts += 1;
      authorizations.add(request.headers.get("authorization") ?? "");
      const body = (await request.json()) as { reference: string; amount: string };
      const end = track("POST", body.reference, request);
      try {
        const fault = takeFault();
        if (settings.latencyMs) await delay(settings.latencyMs);
        const early = await failBefore(fault);
        if (early) return early;
        const existing = orders.get(body.reference);
        if (existing) return HttpResponse.json(existing, { status: 409 });
        const order: Order = { id: `T-${nextId++}`, reference: body.reference, amount: body.amount, status: "accepted" };
        orders.set(order.reference, order);
        received.created += 1;
        return (await failAfter(fault)) ?? HttpResponse.json(order, { status: 201 });
      } finally {
        end();
      }
    }),
    http.get(`${baseUrl}/payment-orders/:reference`, async ({ params, request }) => {
      received.gets += 1;
      const end = track("GET", String(params.reference), request);
      try {
        const fault = takeFault();
        if (settings.latencyMs) await delay(settings.latencyMs);
        const early = (await failBefore(fault)) ?? (await failAfter(fault));
        if (early) return early;
        const order = orders.get(String(params.reference));
        return order ? HttpResponse.json(order) : HttpResponse.json({ error: "not found" }, { status: 404 });
      } finally {
        end();
      }
    }),
  ];

  return {
    baseUrl,
    handlers,
    orders,
    received,
    authorizations,
    log,
    overlap,
    /** Each request waits this long before it is handled (a slow treasury widens every race). */
    settings,
    /** The requests about one reference, in arrival order. */
    requestsFor: (reference: string) => log.filter((entry) => entry.endsWith(` ${reference}`)).map((entry) => entry.split(" ")[0]),
    /** The next `times` requests fail this way, in order. */
    fail(fault: TreasuryFault, times = 1) {
      for (let i = 0; i < times; i += 1) faults.push(fault);
    },
    execute(reference: string, executedAt = new Date().toISOString()) {
      const order = orders.get(reference);
      if (!order) throw new Error(`unknown ${reference}`);
      Object.assign(order, { status: "executed", executedAt });
      return order;
    },
    reject(reference: string, reason = "invalid account") {
      const order = orders.get(reference);
      if (!order) throw new Error(`unknown ${reference}`);
      Object.assign(order, { status: "rejected", reason });
      return order;
    },
  };
}
