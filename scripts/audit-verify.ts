/**
 * `npm run audit:verify`: walks the audit hash chain of the database in
 * DATABASE_URL (the same setting as the portal).
 *
 * Exit codes: 0 the chain is intact; 1 it is broken (the first bad event is
 * named); 2 the check could not run (configuration, missing database).
 */
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import path from "node:path";
import type { ChainBreak } from "../app/domains/audit/audit-chain";
import { ConfigurationError, parseEnv, sqlitePath } from "../app/utils/env.server";

const REASONS: Record<ChainBreak["reason"], string> = {
  hash: "its content no longer matches its stored hash (the row was changed)",
  link: "its previous-hash does not match the event before it (an earlier row was rewritten)",
  sequence: "the sequence has a gap or does not start at 1 (an event was removed or inserted)",
};

export function describeBreak(broken: ChainBreak) {
  return `event seq ${broken.seq} (${broken.reason}): ${REASONS[broken.reason]}`;
}

export async function main(): Promise<number> {
  // The verifier signs no cookies; a production shell without the secret must still be able to run it.
  process.env.SESSION_SECRET ||= randomBytes(32).toString("hex");
  let databaseUrl: string;
  try {
    databaseUrl = parseEnv(process.env).DATABASE_URL;
  } catch (error) {
    if (error instanceof ConfigurationError) {
      console.error(error.message);
      return 2;
    }
    throw error;
  }
  // Opening a missing SQLite file would create an empty one and report nothing useful.
  if (databaseUrl.startsWith("file:") && !existsSync(sqlitePath(databaseUrl))) {
    console.error(`No database at ${sqlitePath(databaseUrl)} (DATABASE_URL=${databaseUrl}).`);
    return 2;
  }
  const { verifyAuditChain } = await import("../app/domains/audit/audit.server");
  const { createPrismaClient } = await import("../app/utils/db.server");
  const db = createPrismaClient(databaseUrl);
  try {
    const started = performance.now();
    const result = await verifyAuditChain(db);
    const ms = Math.round(performance.now() - started);
    if (result.break) {
      console.error(`✘ Audit chain BROKEN at ${describeBreak(result.break)}`);
      console.error(`  ${result.checked} event(s) before it are intact.`);
      return 1;
    }
    console.log(`✔ Audit chain intact: ${result.checked} event(s) verified (${ms} ms).`);
    return 0;
  } finally {
    await db.$disconnect();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  main().then(
    (code) => process.exit(code),
    (error) => {
      console.error("Audit verification could not run:", error instanceof Error ? error.message : error);
      process.exit(2);
    },
  );
}
