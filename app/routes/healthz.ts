import { prisma, databaseKind } from "~/utils/db.server";

export async function loader() {
  const database = databaseKind();
  try {
    await prisma.$queryRawUnsafe("SELECT 1");
    return Response.json({ status: "ok", database }, { headers: { "Cache-Control": "no-store" } });
  } catch {
    return Response.json({ status: "unavailable", database }, { status: 503, headers: { "Cache-Control": "no-store" } });
  }
}
