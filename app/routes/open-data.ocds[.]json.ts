import { buildOcdsReleasePackage } from "~/domains/open-data/ocds.server";
import { OPEN_DATA_HEADERS, openDataOptions } from "~/domains/open-data/open-data-config.server";

export async function loader() {
  const body = await buildOcdsReleasePackage(openDataOptions());
  return Response.json(body, { headers: OPEN_DATA_HEADERS });
}
