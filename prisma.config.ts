import path from "node:path";
import { fileURLToPath } from "node:url";

// The CLI tries to download native engines when it starts, which cannot work
// offline. These point at an existing file that is never executed: with
// engine "js" migrations run on the WebAssembly schema engine inside `prisma`.
const here = path.dirname(fileURLToPath(import.meta.url));
const placeholder = path.join(here, "package.json");
process.env.PRISMA_CLI_QUERY_ENGINE_TYPE = "binary";
process.env.PRISMA_QUERY_ENGINE_BINARY ??= placeholder;
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= placeholder;
process.env.PRISMA_HIDE_UPDATE_MESSAGE = "1";

const { defineConfig } = await import("prisma/config");
const { adapterFactoryFor } = await import("./app/utils/db-adapters.server");

const url = (process.env.DATABASE_URL ||= "file:./data/portal.db");
const isSqlite = url.startsWith("file:");

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: isSqlite ? "prisma/schema.prisma" : "prisma/postgresql/schema.prisma",
  adapter: async () => adapterFactoryFor(url),
});
