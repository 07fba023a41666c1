import { timingSafeEqual } from "node:crypto";
import type { ActionFunctionArgs } from "@remix-run/node";
import { treasuryStatusOf } from "~/domains/disbursements/payment-rules";
import { applyTreasuryReport } from "~/domains/disbursements/payments.server";
import { readBoundedJson } from "~/domains/disbursements/treasury-callback.server";
import { prisma } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";

// The treasury tells us an order's new status: POST JSON { reference, id, status, executedAt?, reason? }
// with "Authorization: Bearer TREASURY_TOKEN". Repeated or late callbacks change nothing (conditional updates).
// Answers are plain Responses: under single fetch, `data(body, { status })` returned from a
// resource route's action lost its status (every refusal went out as 200), and the treasury
// retries on the status alone.

/** A callback is a few hundred bytes; anything near this is not one. */
const MAX_CALLBACK_BYTES = 16 * 1024;

function answer(body: Record<string, unknown>, status: number) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" },
  });
}

export async function loader() {
  return answer({ error: "method" }, 405);
}

function authorized(request: Request) {
  const token = getEnv().TREASURY_TOKEN;
  if (!getEnv().TREASURY_URL || !token) return false;
  const given = Buffer.from(request.headers.get("Authorization") ?? "");
  const expected = Buffer.from(`Bearer ${token}`);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return answer({ error: "method" }, 405);
  if (!authorized(request)) return answer({ error: "unauthorized" }, 401);
  const read = await readBoundedJson(request, MAX_CALLBACK_BYTES);
  if (!read.ok) return answer({ error: read.error }, read.error === "tooLarge" ? 413 : 400);
  const body = read.value;
  const status = treasuryStatusOf(body.status);
  if (typeof body.reference !== "string" || !status) return answer({ error: "fields" }, 400);
  const executedAt = typeof body.executedAt === "string" && !Number.isNaN(Date.parse(body.executedAt)) ? new Date(body.executedAt) : null;
  const result = await applyTreasuryReport(
    prisma,
    {
      reference: body.reference,
      status,
      treasuryId: typeof body.id === "string" ? body.id : null,
      executedAt,
      reason: typeof body.reason === "string" ? body.reason.slice(0, 500) : "",
    },
    "callback",
  );
  if (!result.known) return answer({ error: "unknown reference" }, 404);
  // A report that contradicts what is already settled (executed, then "rejected") is refused as a conflict.
  if (!result.applied && contradicts(result.status, status)) return answer({ error: "conflict", status: result.status }, 409);
  return answer({ ok: true, applied: result.applied, status: result.status }, 200);
}

function contradicts(ours: string, reported: string) {
  const settled = ours === "EXECUTED" || ours === "RECORDED_MANUALLY" ? "EXECUTED" : ours === "REJECTED" ? "REJECTED" : null;
  return settled !== null && reported !== "SENT" && reported !== settled;
}
