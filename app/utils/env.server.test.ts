import { describe, expect, it } from "vitest";
import { ConfigurationError, parseEnv } from "./env.server";

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
    expect(env).toMatchObject({ PORT: 3000, DATABASE_URL: "file:./data/portal.db", databaseKind: "sqlite", SEED_DEMO: true, TRUST_PROXY: false });
    expect(env.SESSION_SECRET.length).toBeGreaterThanOrEqual(32);
  });

  it("switches to PostgreSQL on a postgresql:// URL", () => {
    expect(parseEnv({ ...base, DATABASE_URL: "postgresql://u:p@db:5432/portal" }).databaseKind).toBe("postgresql");
    expect(parseEnv({ ...base, DATABASE_URL: "postgres://u:p@db/portal" }).databaseKind).toBe("postgresql");
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

  it("treats empty values as unset, as a copied .env.example leaves them", () => {
    const env = parseEnv({ ...base, NOTIFY_GATEWAY_URL: "", PORT: "" });
    expect(env.NOTIFY_GATEWAY_URL).toBeUndefined();
    expect(env.PORT).toBe(3000);
  });
});
