// The email/SMS gateway the notification worker posts to (NOTIFY_GATEWAY_URL).
// Behaves like the real one: 202 for a new message, 200 with `duplicate: true`
// for an Idempotency-Key it has already accepted, 401 without the token.
import { delay, http, HttpResponse } from "msw";

export const NOTIFY_GATEWAY_URL = "https://notify.gateway.test/v1/messages";
export const NOTIFY_GATEWAY_TOKEN = "gateway-test-token";

export type GatewayMessage = {
  idempotencyKey: string | null;
  authorization: string | null;
  body: { id: string; channel: "email" | "sms"; to: string; template: string; locale: string; data: Record<string, unknown> };
};

/** A gateway with its own record of what reached it. */
export function createNotifyGateway(url = NOTIFY_GATEWAY_URL, token = NOTIFY_GATEWAY_TOKEN) {
  const received: GatewayMessage[] = [];
  const accepted = new Set<string>();

  const record = async (request: Request) => {
    const message: GatewayMessage = {
      idempotencyKey: request.headers.get("Idempotency-Key"),
      authorization: request.headers.get("Authorization"),
      body: (await request.json()) as GatewayMessage["body"],
    };
    received.push(message);
    return message;
  };

  return {
    url,
    token,
    received,
    /** Accepted messages, one per idempotency key, as the recipients would see them. */
    delivered: () => [...accepted],
    handlers: [
      http.post(url, async ({ request }) => {
        const message = await record(request);
        if (message.authorization !== `Bearer ${token}`) return HttpResponse.json({ error: "unauthorized" }, { status: 401 });
        if (!message.idempotencyKey) return HttpResponse.json({ error: "Idempotency-Key required" }, { status: 400 });
        if (accepted.has(message.idempotencyKey))
          return HttpResponse.json({ id: message.idempotencyKey, duplicate: true }, { status: 200 });
        accepted.add(message.idempotencyKey);
        return HttpResponse.json({ id: message.idempotencyKey, status: "queued" }, { status: 202 });
      }),
    ],
    /** Answers every request with this status (after recording it). */
    failing: (status: number) =>
      http.post(url, async ({ request }) => {
        await record(request);
        return HttpResponse.json({ error: "gateway trouble" }, { status });
      }),
    /** Takes this long to answer, to exercise the worker's timeout. */
    slow: (ms: number) =>
      http.post(url, async ({ request }) => {
        await record(request);
        await delay(ms);
        return HttpResponse.json({ status: "queued" }, { status: 202 });
      }),
  };
}
