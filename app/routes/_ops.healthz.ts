import { databaseKind } from "~/utils/db.server";

/**
 * Liveness: the process answers HTTP. It asks nothing of the database or the
 * disk (a restart would not mend those); /readyz does (decision 0056).
 */
export async function loader() {
  return Response.json({ status: "ok", database: databaseKind() }, { headers: { "Cache-Control": "no-store" } });
}
