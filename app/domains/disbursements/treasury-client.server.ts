import { z } from "zod";
import { treasuryStatusOf, type TreasuryStatus } from "./payment-rules";

/**
 * The treasury's payment API (HTTP JSON), as the portal uses it:
 *   POST {url}/payment-orders          body { reference, amount, amountKgs, currency, payee, purpose }
 *                                      headers Authorization: Bearer {token}, Idempotency-Key: {order's key}
 *        -> 200/201/202 { id, reference, status }   (409 = that reference exists: the body is the existing order)
 *   GET  {url}/payment-orders/{reference} -> 200 { id, reference, status, executedAt?, reason? } | 404
 * status is one of accepted/sent/executed/rejected (and synonyms, see treasuryStatusOf).
 */
export type TreasuryConfig = { url: string; token?: string; timeoutMs?: number; fetch?: typeof fetch };
/** How long one request may take before it counts as unanswered. */
export const TREASURY_TIMEOUT_MS = 10_000;
export type TreasuryAnswer = { status: TreasuryStatus; treasuryId: string | null; executedAt: Date | null; reason: string };

/** No answer we can trust (timeout, network, 5xx, garbage): the order's fate is unknown; ask again later. */
export class TreasuryUnavailable extends Error {}
/** The treasury refused the request itself (4xx): retrying the same request cannot help. */
export class TreasuryRefused extends Error {}

async function call(config: TreasuryConfig, path: string, init: RequestInit & { idempotencyKey?: string }) {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (init.body) headers["Content-Type"] = "application/json";
  if (config.token) headers.Authorization = `Bearer ${config.token}`;
  if (init.idempotencyKey) headers["Idempotency-Key"] = init.idempotencyKey;
  try {
    return await (config.fetch ?? fetch)(new URL(path, config.url.endsWith("/") ? config.url : `${config.url}/`), {
      ...init,
      headers,
      signal: AbortSignal.timeout(config.timeoutMs ?? TREASURY_TIMEOUT_MS),
    });
  } catch (error) {
    throw new TreasuryUnavailable(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
  }
}

/** A JSON object (not an array, not null), its members still unchecked. */
const JsonObject = z.record(z.unknown());

async function answerOf(response: Response): Promise<TreasuryAnswer> {
  let json: unknown;
  try {
    json = await response.json();
  } catch {
    throw new TreasuryUnavailable(`treasury answered ${response.status} without JSON`);
  }
  const parsed = JsonObject.safeParse(json);
  if (!parsed.success) throw new TreasuryUnavailable(`treasury answered ${response.status} with JSON that is not an object`);
  const body = parsed.data;
  const status = treasuryStatusOf(body.status);
  if (!status) throw new TreasuryUnavailable(`treasury answered an unknown status ${JSON.stringify(body.status)}`);
  const executedAt = typeof body.executedAt === "string" && !Number.isNaN(Date.parse(body.executedAt)) ? new Date(body.executedAt) : null;
  return {
    status,
    treasuryId: typeof body.id === "string" || typeof body.id === "number" ? String(body.id) : null,
    executedAt,
    reason: typeof body.reason === "string" ? body.reason : "",
  };
}

export async function submitOrder(config: TreasuryConfig, body: Record<string, unknown> & { reference: string }, idempotencyKey: string) {
  const response = await call(config, "payment-orders", { method: "POST", body: JSON.stringify(body), idempotencyKey });
  if (response.ok || response.status === 409) return answerOf(response);
  if (response.status >= 500 || response.status === 408 || response.status === 429) {
    throw new TreasuryUnavailable(`treasury answered ${response.status}`);
  }
  const text = await response.text().catch(() => "");
  throw new TreasuryRefused(`treasury refused with ${response.status}: ${text.slice(0, 300)}`);
}

/** The treasury's view of an order, or null when it has never heard of the reference. */
export async function queryOrder(config: TreasuryConfig, reference: string): Promise<TreasuryAnswer | null> {
  const response = await call(config, `payment-orders/${encodeURIComponent(reference)}`, { method: "GET" });
  if (response.status === 404) return null;
  if (!response.ok) throw new TreasuryUnavailable(`treasury answered ${response.status}`);
  return answerOf(response);
}
