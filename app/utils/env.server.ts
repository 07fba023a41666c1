import path from "node:path";
import { z } from "zod";

const booleanString = z
  .enum(["true", "false", "1", "0"])
  .transform((value) => value === "true" || value === "1");

const EnvSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    DATABASE_URL: z
      .string()
      .regex(/^(file:|postgres(ql)?:\/\/)/, "must start with file: (SQLite) or postgresql:// (PostgreSQL)")
      .default("file:./data/portal.db"),
    SESSION_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
    PUBLIC_URL: z.string().url("must be an absolute URL such as https://portal.karakol.gov.kg").default("http://localhost:3000"),
    STORAGE_DIR: z.string().min(1).default("./data/files"),
    OCID_PREFIX: z.string().regex(/^ocds-[a-z0-9]{6}/, "must be an OCDS prefix such as ocds-abc123").default("ocds-kgkrk1"),
    SEED_DEMO: booleanString.default("true"),
    NOTIFY_GATEWAY_URL: z.string().url("must be an absolute URL").optional(),
    NOTIFY_GATEWAY_TOKEN: z.string().optional(),
    TREASURY_URL: z.string().url("must be an absolute URL").optional(),
    TREASURY_TOKEN: z.string().optional(),
    TRUST_PROXY: booleanString.default("false"),
    AUDIT_KEY: z.string().min(32, "must be at least 32 characters").optional(),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === "production" && !env.SESSION_SECRET) {
      ctx.addIssue({ code: "custom", path: ["SESSION_SECRET"], message: "is required in production" });
    }
  });

export type Env = z.infer<typeof EnvSchema> & { SESSION_SECRET: string; databaseKind: "sqlite" | "postgresql" };

export class ConfigurationError extends Error {}

/** Parses the environment; the message names every wrong key so an operator can fix it. */
export function parseEnv(source: NodeJS.ProcessEnv): Env {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ""));
  const parsed = EnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new ConfigurationError(`Invalid configuration:\n${lines.join("\n")}\nSee .env.example for every key.`);
  }
  const env = parsed.data;
  return {
    ...env,
    SESSION_SECRET: env.SESSION_SECRET ?? "development-only-secret-not-for-production-use",
    databaseKind: env.DATABASE_URL.startsWith("file:") ? "sqlite" : "postgresql",
  };
}

let cached: Env | undefined;
export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** Resolves a file: URL's path against the working directory. */
export function sqlitePath(url: string) {
  return path.resolve(url.replace(/^file:/, ""));
}
