import type { LoaderFunctionArgs } from "@remix-run/node";
import { OPEN_DATA_HEADERS, openDataOptions } from "~/domains/open-data/open-data-config.server";
import { buildThreeSixtyGivingPackage } from "~/domains/open-data/threesixty-giving.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const body = await buildThreeSixtyGivingPackage(await openDataOptions(request));
  return Response.json(body, { headers: OPEN_DATA_HEADERS });
}
