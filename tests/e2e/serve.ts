// Serves the built portal for an end-to-end test (the database is already migrated).
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseEnv } from "../../app/utils/env.server";
import { startServer } from "../../server-start";

const env = parseEnv(process.env);
await startServer(env, { seedDemo: env.SEED_DEMO, buildPath: pathToFileURL(path.resolve("build/index.js")).href });
