// Each test file gets its own freshly migrated database, so tests never share rows.
import path from "node:path";
import { afterAll, inject } from "vitest";
import { createTestDatabase } from "./test-database";

const database = await createTestDatabase(inject("databaseTemplate"));
process.env.DATABASE_URL = database.url;
process.env.NODE_ENV = "test";
process.env.SESSION_SECRET ??= "test-secret-test-secret-test-secret-123";
// Request lines (info) would drown the test output; warnings and errors still show.
process.env.LOG_LEVEL ??= "warn";
// Stored files (uploads, letters, agreements) go to the run's own folder, never into the portal's ./data.
process.env.STORAGE_DIR ??= path.resolve(import.meta.dirname, "../../test-data/files", `worker-${process.pid}`);
globalThis.__prisma = undefined;

afterAll(async () => {
  await globalThis.__prisma?.$disconnect();
  globalThis.__prisma = undefined;
  await database.drop();
});
