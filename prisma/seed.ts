// `npm run db:seed`: loads the demo into an empty database (after migrations). Under the release
// lock (decision 0056), so that seeds started at once load it exactly once.
import { prisma } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { withReleaseLock } from "../scripts/release";
import { seedDemoIfEmpty } from "./seed-demo";

const seeded = await withReleaseLock(getEnv().DATABASE_URL, () => seedDemoIfEmpty(prisma));
console.log(seeded ? "Loaded the Karakol demo data." : "The database already has users; nothing loaded.");
await prisma.$disconnect();
