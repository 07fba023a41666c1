import { readiness } from "~/utils/readiness.server";

/** Readiness for a load balancer or an orchestrator (decision 0056): 503 names the failed check. */
export async function loader() {
  const answer = await readiness();
  return Response.json(answer, { status: answer.status === "ready" ? 200 : 503, headers: { "Cache-Control": "no-store" } });
}
