/**
 * `npm run audit:verify [-- --against <head>]`: walks the audit hash chain of
 * the database in DATABASE_URL (the same setting as the portal).
 *
 * With the audit key (AUDIT_KEY, or data/audit-key as `npm start` keeps it) it
 * also checks every event's HMAC. `--against` takes a head published earlier
 * (`<size>:<hash>`, a file holding /open-data/audit-head.json, or its URL): the
 * chain must still hold that event with that hash, so deleting the newest
 * events or re-chaining after an edit is caught even by someone without the key.
 *
 * Only sealed events are in the chain (decision 0064): the ones the sealer has
 * not reached yet are counted, not checked. The chain's "seq" is the position
 * the sealer gave an event.
 *
 * Exit codes: 0 the chain is intact; 1 it is broken (the first bad event is
 * named); 2 the check could not run (configuration, missing database, bad head).
 */
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseAuditHead, type AuditHead, type ChainBreak } from "../app/domains/audit/audit-chain";
import { ConfigurationError, parseEnv, sqlitePath } from "../app/utils/env.server";

const REASONS: Record<ChainBreak["reason"], string> = {
  hash: "its content no longer matches its stored hash (the row was changed)",
  link: "its previous-hash does not match the event before it (an earlier row was rewritten)",
  sequence: "the sequence has a gap or does not start at 1 (an event was removed or inserted)",
  mac: "its HMAC is missing or wrong (written or rewritten without the audit key)",
  truncated: "the chain ends before the published head (the newest events were removed)",
  rewritten: "its hash differs from the published head (the history was re-chained)",
};

/** Reads `--against <head>`: `<size>:<hash>`, a JSON file, or the URL of /open-data/audit-head.json. */
async function readHead(argument: string): Promise<AuditHead | null> {
  if (/^https?:\/\//.test(argument)) {
    const response = await fetch(argument);
    return response.ok ? parseAuditHead(await response.text()) : null;
  }
  if (existsSync(argument)) return parseAuditHead(readFileSync(argument, "utf8"));
  return parseAuditHead(argument);
}

/** AUDIT_KEY, or the key file `npm start` generates beside the database. */
function auditKeyText() {
  if (process.env.AUDIT_KEY) return process.env.AUDIT_KEY;
  const file = path.resolve("data/audit-key");
  return existsSync(file) ? readFileSync(file, "utf8").trim() : undefined;
}

export function describeBreak(broken: ChainBreak) {
  return `event seq ${broken.seq} (${broken.reason}): ${REASONS[broken.reason]}`;
}

export async function main(args = process.argv.slice(2)): Promise<number> {
  const againstAt = args.indexOf("--against");
  let against: AuditHead | undefined;
  if (againstAt >= 0) {
    const head = args[againstAt + 1] ? await readHead(args[againstAt + 1]!) : null;
    if (!head) {
      console.error("--against needs a published head: <size>:<hash>, a file with /open-data/audit-head.json, or its URL.");
      return 2;
    }
    against = head;
  }
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
  const keyText = auditKeyText();
  const { createPrismaClient } = await import("../app/utils/db.server");
  const db = createPrismaClient(databaseUrl);
  try {
    const started = performance.now();
    const result = await verifyAuditChain(db, { key: keyText ? Buffer.from(keyText, "utf8") : null, against });
    const ms = Math.round(performance.now() - started);
    if (result.break) {
      console.error(`✘ Audit chain BROKEN at ${describeBreak(result.break)}`);
      console.error(`  ${result.checked} event(s) before it are intact.`);
      return 1;
    }
    console.log(`✔ Audit chain intact: ${result.checked} event(s) verified (${ms} ms).`);
    console.log(`  head ${result.head.size}:${result.head.hash}`);
    // Committed events wait briefly for the sealer (decision 0064); they join the chain after this head.
    if (result.unsealed > 0) console.log(`  ${result.unsealed} committed event(s) not yet sealed (after the head)`);
    console.log(
      keyText
        ? "  every keyed event's HMAC checked with the audit key"
        : "  no audit key given (AUDIT_KEY or data/audit-key): HMACs not checked",
    );
    if (against) console.log(`  holds the published head ${against.size}:${against.hash}`);
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
