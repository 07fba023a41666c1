// The proof project mixes database-level tests (a database per file, as in project `app`) with
// process-level ones under tests/e2e that start their own portal, cluster or database.
import { expect } from "vitest";

if (!expect.getState().testPath?.includes("/tests/e2e/")) await import("./per-file-database");
