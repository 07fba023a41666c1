import { OPEN_DATA_HEADERS, openDataOptions } from "~/domains/open-data/open-data-config.server";
import { buildThreeSixtyGivingPackage } from "~/domains/open-data/threesixty-giving.server";

export async function loader() {
  const body = await buildThreeSixtyGivingPackage(openDataOptions());
  return Response.json(body, { headers: OPEN_DATA_HEADERS });
}
