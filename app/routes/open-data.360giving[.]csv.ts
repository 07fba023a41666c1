import { OPEN_DATA_HEADERS, openDataOptions } from "~/domains/open-data/open-data-config.server";
import { buildThreeSixtyGivingCsv } from "~/domains/open-data/threesixty-giving.server";

export async function loader() {
  const csv = await buildThreeSixtyGivingCsv(openDataOptions());
  return new Response(csv, {
    headers: { ...OPEN_DATA_HEADERS, "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": 'attachment; filename="360giving-grants.csv"' },
  });
}
