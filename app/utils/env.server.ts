import { isIP } from "node:net";
import path from "node:path";
import { z } from "zod";

const booleanString = z.enum(["true", "false", "1", "0"]).transform((value) => value === "true" || value === "1");

/**
 * Which proxies may tell the client's address in X-Forwarded-For: none
 * ("false"), a number of hops in front of the portal ("1" for one nginx), or
 * the proxies' addresses and ranges ("127.0.0.1", "10.0.0.0/8, fd00::/8",
 * or Express's names loopback, linklocal, uniquelocal). Never "true": that
 * takes the address from whatever the client itself wrote first in the header.
 */
const trustProxy = z.string().transform((value, ctx): false | number | string[] => {
  const text = value.trim();
  if (text === "false" || text === "0") return false;
  if (/^[1-9]\d?$/.test(text)) return Number(text);
  const ranges = text.split(",").map((part) => part.trim());
  if (text !== "true" && ranges.every(isAddressRange)) return ranges;
  ctx.addIssue({
    code: "custom",
    message:
      text === "true"
        ? 'must not be "true" (that believes any address a client writes in X-Forwarded-For); give the number of proxies in front of the portal (e.g. 1) or their addresses (e.g. 127.0.0.1)'
        : "must be false, a number of proxies (e.g. 1), or the proxies' addresses or ranges, comma-separated (e.g. 127.0.0.1, 10.0.0.0/8)",
  });
  return z.NEVER;
});

function isAddressRange(text: string) {
  if (["loopback", "linklocal", "uniquelocal"].includes(text)) return true;
  const [address, bits, ...rest] = text.split("/");
  const version = isIP(address ?? "");
  if (!version || rest.length) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (version === 4 ? 32 : 128);
}

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
    // Where stored files' content lives (decision 0060): "disk" (STORAGE_DIR, one machine) or "database"
    // (chunked rows beside the rows that refer to them, shared by every machine on one PostgreSQL).
    FILE_STORE: z
      .enum(["disk", "database"], {
        message: 'must be "disk" (STORAGE_DIR on this machine) or "database" (in DATABASE_URL\'s database, shared by every instance)',
      })
      .default("disk"),
    OCID_PREFIX: z
      .string()
      .regex(/^ocds-[a-z0-9]{6}/, "must be an OCDS prefix such as ocds-abc123")
      .default("ocds-kgkrk1"),
    SEED_DEMO: booleanString.default("true"),
    NOTIFY_GATEWAY_URL: z.string().url("must be an absolute URL").optional(),
    NOTIFY_GATEWAY_TOKEN: z.string().optional(),
    TREASURY_URL: z.string().url("must be an absolute URL").optional(),
    TREASURY_TOKEN: z.string().optional(),
    TRUST_PROXY: trustProxy.default("false"),
    // A portal whose PUBLIC_URL is this computer, for tests and a local demo (decision 0047).
    ALLOW_LOOPBACK_PUBLIC_URL: booleanString.default("false"),
    AUDIT_KEY: z.string().min(32, "must be at least 32 characters").optional(),
    // "Submit" presses one account may make per window (decision 0045): a held-down button, not a town's NCOs.
    SUBMIT_LIMIT: z.coerce.number().int().min(1).max(1000).default(5),
    SUBMIT_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).max(3600).default(1),
    // Observability (decision 0057): the least severe log lines written, and the token that reads /metrics from outside this machine.
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    METRICS_TOKEN: z.string().min(32, "must be at least 32 characters").optional(),
    // On SIGTERM (decision 0056): readiness answers 503 for this long while requests are still
    // served, so that a load balancer stops sending any; then the server closes and waits at most
    // SHUTDOWN_TIMEOUT_SECONDS for the requests in progress and the background work.
    SHUTDOWN_DRAIN_SECONDS: z.coerce.number().int().min(0).max(300).default(5),
    SHUTDOWN_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(600).default(30),
  })
  .superRefine((env, ctx) => {
    if (!env.SESSION_SECRET) {
      const message = !env.DATABASE_URL.startsWith("file:")
        ? "is required when DATABASE_URL is PostgreSQL: every instance on that database must sign sessions with the same secret"
        : env.NODE_ENV === "production"
          ? "is required in production"
          : null;
      if (message) ctx.addIssue({ code: "custom", path: ["SESSION_SECRET"], message });
    }
    if (env.TREASURY_URL && !env.TREASURY_TOKEN) {
      ctx.addIssue({
        code: "custom",
        path: ["TREASURY_TOKEN"],
        message:
          "is required when TREASURY_URL is set (the token the treasury API expects; without it the treasury refuses every payment order)",
      });
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

/** Whether a URL names this computer (localhost, 127.0.0.0/8, ::1, 0.0.0.0): nobody else can follow it. */
export function isLoopbackUrl(url: string) {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, "").toLowerCase();
  if (host === "localhost" || host.endsWith(".localhost")) return true;
  if (isIP(host) === 4) return host.startsWith("127.") || host === "0.0.0.0";
  if (isIP(host) === 6) return host === "::1" || host === "::" || /^::ffff:(127\.|0\.0\.0\.0|7f)/.test(host);
  return false;
}

/**
 * What serving the portal needs beyond a valid configuration (issue 11, item 12):
 * in production, PUBLIC_URL is where the links in letters, agreements, QR codes
 * and e-mails lead, and an issued letter cannot be changed afterwards. A
 * loopback PUBLIC_URL (the default) would send every recipient to their own
 * computer, so the server does not start with one unless told it is a local
 * demo or a test (ALLOW_LOOPBACK_PUBLIC_URL=true).
 */
export function assertReadyToServe(env: Env) {
  if (env.NODE_ENV !== "production" || env.ALLOW_LOOPBACK_PUBLIC_URL || !isLoopbackUrl(env.PUBLIC_URL)) return;
  throw new ConfigurationError(
    `Invalid configuration:\n  PUBLIC_URL: is ${env.PUBLIC_URL}, an address of this computer; letters, agreements, QR codes and e-mails would carry links nobody else can open.\n` +
      "  Set PUBLIC_URL to the portal's public address (e.g. https://grants.karakol.gov.kg), or ALLOW_LOOPBACK_PUBLIC_URL=true for a demo on this computer only.\nSee .env.example for every key.",
  );
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
