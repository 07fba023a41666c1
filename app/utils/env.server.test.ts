import { describe, expect, it } from "vitest";
import { assertReadyToServe, ConfigurationError, parseEnv } from "./env.server";

const base = { NODE_ENV: "development" } as NodeJS.ProcessEnv;
const failureOf = (env: Record<string, string>) => {
  try {
    parseEnv({ ...base, ...env });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return (error as Error).message;
  }
  throw new Error("parseEnv accepted a wrong configuration");
};

describe("parseEnv", () => {
  it("fills defaults for a bare development environment", () => {
    const env = parseEnv(base);
    expect(env).toMatchObject({
      PORT: 3000,
      DATABASE_URL: "file:./data/portal.db",
      databaseKind: "sqlite",
      SEED_DEMO: true,
      TRUST_PROXY: false,
    });
    expect(env.SESSION_SECRET.length).toBeGreaterThanOrEqual(32);
  });

  it("switches to PostgreSQL on a postgresql:// URL", () => {
    const SESSION_SECRET = "a-shared-secret-of-at-least-32-characters";
    expect(parseEnv({ ...base, SESSION_SECRET, DATABASE_URL: "postgresql://u:p@db:5432/portal" }).databaseKind).toBe("postgresql");
    expect(parseEnv({ ...base, SESSION_SECRET, DATABASE_URL: "postgres://u:p@db/portal" }).databaseKind).toBe("postgresql");
  });

  it.each([
    ["DATABASE_URL", { DATABASE_URL: "mysql://root@localhost/portal" }],
    ["DATABASE_URL", { DATABASE_URL: "./data/portal.db" }],
    ["PORT", { PORT: "eighty" }],
    ["PORT", { PORT: "70000" }],
    ["PORT", { PORT: "0" }],
    ["PUBLIC_URL", { PUBLIC_URL: "portal.karakol.kg" }],
    ["SESSION_SECRET", { SESSION_SECRET: "short" }],
    ["SEED_DEMO", { SEED_DEMO: "yes" }],
    ["NOTIFY_GATEWAY_URL", { NOTIFY_GATEWAY_URL: "not a url" }],
    ["NODE_ENV", { NODE_ENV: "staging" }],
    ["TRUST_PROXY", { TRUST_PROXY: "true" }],
    ["TRUST_PROXY", { TRUST_PROXY: "yes" }],
    ["TRUST_PROXY", { TRUST_PROXY: "10.0.0.0/33" }],
    ["TRUST_PROXY", { TRUST_PROXY: "127.0.0.1, evil" }],
    ["ALLOW_LOOPBACK_PUBLIC_URL", { ALLOW_LOOPBACK_PUBLIC_URL: "sure" }],
    ["LOG_LEVEL", { LOG_LEVEL: "verbose" }],
    ["METRICS_TOKEN", { METRICS_TOKEN: "short" }],
    ["FILE_STORE", { FILE_STORE: "s3" }],
  ])("names %s when it is wrong", (key, env) => {
    const message = failureOf(env);
    expect(message).toMatch(new RegExp(`^\\s+${key}: `, "m"));
    expect(message).toContain(".env.example");
  });

  it("names every wrong key at once", () => {
    const message = failureOf({ PORT: "x", PUBLIC_URL: "nope" });
    expect(message).toMatch(/^\s+PORT: /m);
    expect(message).toMatch(/^\s+PUBLIC_URL: /m);
  });

  it("refuses production without SESSION_SECRET and accepts it with one", () => {
    expect(failureOf({ NODE_ENV: "production" })).toMatch(/SESSION_SECRET: is required in production/);
    const secret = "a-production-secret-of-forty-characters!";
    expect(parseEnv({ NODE_ENV: "production", SESSION_SECRET: secret }).SESSION_SECRET).toBe(secret);
  });

  it("requires SESSION_SECRET on PostgreSQL in every mode: all instances must share it", () => {
    const pg = { DATABASE_URL: "postgresql://u:p@db:5432/portal" };
    for (const NODE_ENV of ["development", "test", "production"]) {
      expect(failureOf({ ...pg, NODE_ENV })).toMatch(/^\s+SESSION_SECRET: is required when DATABASE_URL is PostgreSQL: every instance/m);
    }
    const secret = "a-shared-secret-of-at-least-32-characters";
    expect(parseEnv({ ...base, ...pg, SESSION_SECRET: secret }).SESSION_SECRET).toBe(secret);
    // One SQLite file has one process: development still runs without one.
    expect(parseEnv(base).databaseKind).toBe("sqlite");
  });

  it("names TREASURY_TOKEN when TREASURY_URL is set without it", () => {
    expect(failureOf({ TREASURY_URL: "https://treasury.example.kg/api" })).toMatch(
      /^\s+TREASURY_TOKEN: is required when TREASURY_URL is set/m,
    );
    expect(parseEnv({ ...base, TREASURY_URL: "https://treasury.example.kg/api", TREASURY_TOKEN: "t" }).TREASURY_TOKEN).toBe("t");
    // A token alone changes nothing: payments are recorded by hand.
    expect(parseEnv({ ...base, TREASURY_TOKEN: "t" }).TREASURY_URL).toBeUndefined();
  });

  it("takes the shutdown drain and deadline in seconds", () => {
    expect(parseEnv(base)).toMatchObject({ SHUTDOWN_DRAIN_SECONDS: 5, SHUTDOWN_TIMEOUT_SECONDS: 30 });
    expect(parseEnv({ ...base, SHUTDOWN_DRAIN_SECONDS: "0", SHUTDOWN_TIMEOUT_SECONDS: "120" })).toMatchObject({
      SHUTDOWN_DRAIN_SECONDS: 0,
      SHUTDOWN_TIMEOUT_SECONDS: 120,
    });
    expect(failureOf({ SHUTDOWN_TIMEOUT_SECONDS: "0" })).toMatch(/^\s+SHUTDOWN_TIMEOUT_SECONDS: /m);
    expect(failureOf({ SHUTDOWN_DRAIN_SECONDS: "soon" })).toMatch(/^\s+SHUTDOWN_DRAIN_SECONDS: /m);
  });

  it("treats empty values as unset, as a copied .env.example leaves them", () => {
    const env = parseEnv({ ...base, NOTIFY_GATEWAY_URL: "", PORT: "" });
    expect(env.NOTIFY_GATEWAY_URL).toBeUndefined();
    expect(env.PORT).toBe(3000);
  });

  it("takes TRUST_PROXY as a hop count or the proxies' addresses, never as 'trust anything'", () => {
    const trust = (value: string) => parseEnv({ ...base, TRUST_PROXY: value }).TRUST_PROXY;
    expect(trust("false")).toBe(false);
    expect(trust("0")).toBe(false);
    expect(trust("1")).toBe(1);
    expect(trust("2")).toBe(2);
    expect(trust("127.0.0.1")).toEqual(["127.0.0.1"]);
    expect(trust("loopback, 10.0.0.0/8,fd00::/8")).toEqual(["loopback", "10.0.0.0/8", "fd00::/8"]);
    expect(failureOf({ TRUST_PROXY: "true" })).toMatch(/TRUST_PROXY: must not be "true"/);
  });
});

describe("observability keys", () => {
  it("logs at info by default, takes pino's level names, and reads /metrics with a token only when one is set", () => {
    expect(parseEnv(base).LOG_LEVEL).toBe("info");
    expect(parseEnv(base).METRICS_TOKEN).toBeUndefined();
    expect(parseEnv({ ...base, LOG_LEVEL: "warn" }).LOG_LEVEL).toBe("warn");
    const token = "m".repeat(40);
    expect(parseEnv({ ...base, METRICS_TOKEN: token }).METRICS_TOKEN).toBe(token);
    expect(failureOf({ METRICS_TOKEN: "short" })).toMatch(/METRICS_TOKEN: must be at least 32 characters/);
  });
});

describe("FILE_STORE", () => {
  it("keeps files on disk unless told to keep them in the database, on SQLite or PostgreSQL", () => {
    expect(parseEnv(base).FILE_STORE).toBe("disk");
    expect(
      parseEnv({ ...base, FILE_STORE: "database", DATABASE_URL: "postgresql://u:p@db/portal", SESSION_SECRET: "s".repeat(40) }).FILE_STORE,
    ).toBe("database");
    expect(parseEnv({ ...base, FILE_STORE: "database" }).FILE_STORE).toBe("database");
    expect(failureOf({ FILE_STORE: "s3" })).toMatch(/FILE_STORE: must be "disk" .* or "database"/);
  });
});

describe("assertReadyToServe", () => {
  const production = { NODE_ENV: "production", SESSION_SECRET: "a-production-secret-of-forty-characters!" };
  const refusal = (env: Record<string, string>) => {
    try {
      assertReadyToServe(parseEnv(env as NodeJS.ProcessEnv));
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigurationError);
      return (error as Error).message;
    }
    return null;
  };

  it.each([
    "http://localhost:3000",
    "http://127.0.0.1:8080",
    "http://127.1.2.3",
    "http://[::1]:3000",
    "http://0.0.0.0",
    "http://portal.localhost",
    "http://[::ffff:127.0.0.1]",
  ])("refuses to serve production at the loopback PUBLIC_URL %s, naming the key", (url) => {
    expect(refusal({ ...production, PUBLIC_URL: url })).toMatch(/^\s+PUBLIC_URL: is .*an address of this computer/m);
  });

  it("refuses production's default PUBLIC_URL, the one letters carried before", () => {
    expect(refusal(production)).toMatch(/PUBLIC_URL: is http:\/\/localhost:3000/);
  });

  it("serves a public address, a loopback one with ALLOW_LOOPBACK_PUBLIC_URL=true, and development anywhere", () => {
    expect(refusal({ ...production, PUBLIC_URL: "https://grants.karakol.gov.kg" })).toBeNull();
    expect(refusal({ ...production, PUBLIC_URL: "http://10.0.0.5:3000" })).toBeNull();
    expect(refusal({ ...production, ALLOW_LOOPBACK_PUBLIC_URL: "true" })).toBeNull();
    expect(refusal({ NODE_ENV: "development" })).toBeNull();
  });
});
