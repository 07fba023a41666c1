import { getEnv } from "~/utils/env.server";
import type { TreasuryConfig } from "./treasury-client.server";

/** The treasury connection from TREASURY_URL / TREASURY_TOKEN, or null: payments are then recorded by hand. */
export function treasuryConfig(): TreasuryConfig | null {
  const env = getEnv();
  return env.TREASURY_URL ? { url: env.TREASURY_URL, token: env.TREASURY_TOKEN } : null;
}
