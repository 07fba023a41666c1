import { currentAuditHead } from "~/domains/audit/audit.server";
import { prisma } from "~/utils/db.server";

/**
 * The sealed audit log's head (decisions 0049, 0064): size, newest hash, when
 * that event happened (`at`) and when it was sealed (`sealedAt`). Events not
 * yet sealed are not in it: anyone may keep a copy, and later
 * `npm run audit:verify -- --against <this URL or the saved file>` proves the
 * history they saw was only ever appended to. Never cached: it moves with every change.
 */
export async function loader() {
  const head = await currentAuditHead(prisma);
  return Response.json(
    {
      size: head.size,
      hash: head.hash,
      at: head.at?.toISOString() ?? null,
      sealedAt: head.sealedAt?.toISOString() ?? null,
      algorithm: "sha256-chain",
    },
    { headers: { "Cache-Control": "no-store", "Access-Control-Allow-Origin": "*" } },
  );
}
