import type { LoaderFunctionArgs } from "@remix-run/node";
import { OPEN_DATA_HEADERS, openDataOptions } from "~/domains/open-data/open-data-config.server";
import { buildThreeSixtyGivingCsv } from "~/domains/open-data/threesixty-giving.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const options = await openDataOptions(request);
  const csv = await buildThreeSixtyGivingCsv(options);
  const fileName = options.municipality ? `360giving-grants-${options.municipality.slug}.csv` : "360giving-grants.csv";
  return new Response(csv, {
    headers: {
      ...OPEN_DATA_HEADERS,
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${fileName}"`,
    },
  });
}
