// `npm run db:seed`: loads the demo into an empty database (after `prisma migrate deploy`).
import { prisma } from "~/utils/db.server";
import { seedDemoIfEmpty } from "./seed-demo";

const seeded = await seedDemoIfEmpty(prisma);
console.log(seeded ? "Loaded the Karakol demo data." : "The database already has users; nothing loaded.");
await prisma.$disconnect();
