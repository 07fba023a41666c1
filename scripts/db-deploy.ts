/**
 * `npm run db:deploy`: the release step alone (decision 0056). Migrates the
 * database and, when SEED_DEMO is true, loads the demo into an empty one.
 * Safe to run from several machines at once; run it once per release, before
 * (or while) starting the instances with SKIP_RELEASE=1.
 */
import { ConfigurationError, parseEnv } from "../app/utils/env.server";
import { release } from "./release";

let env;
try {
  env = parseEnv(process.env);
} catch (error) {
  if (!(error instanceof ConfigurationError)) throw error;
  console.error(error.message);
  process.exit(1);
}
process.env.DATABASE_URL = env.DATABASE_URL;
try {
  await release(env.DATABASE_URL, { seedDemo: env.SEED_DEMO });
} catch (error) {
  console.error(`✘ the release step failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
const { prisma } = await import("../app/utils/db.server");
await prisma.$disconnect();
