import { publicMunicipalityScope } from "~/domains/municipalities/publisher.server";
import { getEnv } from "~/utils/env.server";

/**
 * What an open-data file is built with: where the files say they live, the deployment's OCDS prefix
 * (for a municipality that has not registered its own), and the municipality the request narrows the
 * file to (`?municipality=<slug>`; none: every municipality's, each release under its own prefix).
 */
export type OpenDataOptions = {
  publicUrl: string;
  ocidPrefix: string;
  municipality?: { id: string; slug: string; nameRu: string };
  now?: Date;
};

export async function openDataOptions(request: Request): Promise<OpenDataOptions> {
  const env = getEnv();
  const { chosen } = await publicMunicipalityScope(new URL(request.url));
  return {
    publicUrl: env.PUBLIC_URL.replace(/\/$/, ""),
    ocidPrefix: env.OCID_PREFIX,
    municipality: chosen ? { id: chosen.id, slug: chosen.slug, nameRu: chosen.nameRu } : undefined,
  };
}

export const OPEN_DATA_HEADERS = {
  "Access-Control-Allow-Origin": "*",
  "Cache-Control": "public, max-age=300",
};
