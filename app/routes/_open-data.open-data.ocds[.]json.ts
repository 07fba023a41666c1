import type { LoaderFunctionArgs } from "@remix-run/node";
import { buildOcdsReleasePackage } from "~/domains/open-data/ocds.server";
import { OPEN_DATA_HEADERS, openDataOptions } from "~/domains/open-data/open-data-config.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const body = await buildOcdsReleasePackage(await openDataOptions(request));
  return Response.json(body, { headers: OPEN_DATA_HEADERS });
}
