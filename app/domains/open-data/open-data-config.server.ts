import { getEnv } from "~/utils/env.server";

/** Where the files say they live, and the identifier prefixes registered for the municipality. */
export function openDataOptions() {
  const env = getEnv();
  return {
    publicUrl: env.PUBLIC_URL.replace(/\/$/, ""),
    ocidPrefix: env.OCID_PREFIX,
    prefix: `360G-${env.OCID_PREFIX.replace(/^ocds-/, "")}`,
  };
}

export const OPEN_DATA_HEADERS = {
  "Access-Control-Allow-Origin": "*",
  "Cache-Control": "public, max-age=300",
};
