import { timingSafeEqual } from "node:crypto";
import { data, type ActionFunctionArgs } from "@remix-run/node";
import { treasuryStatusOf } from "~/domains/disbursements/payment-rules";
import { applyTreasuryReport } from "~/domains/disbursements/payments.server";
import { prisma } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";

// The treasury tells us an order's new status: POST JSON { reference, id, status, executedAt?, reason? }
// with "Authorization: Bearer TREASURY_TOKEN". Repeated or late callbacks change nothing (conditional updates).
export async function loader() {
  throw new Response("Method not allowed", { status: 405 });
}

function authorized(request: Request) {
  const token = getEnv().TREASURY_TOKEN;
  if (!getEnv().TREASURY_URL || !token) return false;
  const given = Buffer.from(request.headers.get("Authorization") ?? "");
  const expected = Buffer.from(`Bearer ${token}`);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return data({ error: "method" }, { status: 405 });
  if (!authorized(request)) return data({ error: "unauthorized" }, { status: 401 });
  let body: Record<string, unknown>;
  try {
    body = (await request.json()) as Record<string, unknown>;
  } catch {
    return data({ error: "json" }, { status: 400 });
  }
  const status = treasuryStatusOf(body.status);
  if (typeof body.reference !== "string" || !status) return data({ error: "fields" }, { status: 400 });
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
  if (!result.known) return data({ error: "unknown reference" }, { status: 404 });
  return data({ ok: true, applied: result.applied, status: result.status });
}
