import type { LoaderFunctionArgs } from "@remix-run/node";
import { exportPersonalData } from "~/domains/accounts/privacy.server";
import { requireActor } from "~/utils/session.server";
import { calendarDateOf } from "~/utils/time";

/** "Download my data" (decision 0071): everything the portal keeps about the signed-in person, as a JSON file. */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const now = new Date();
  const body = JSON.stringify(await exportPersonalData(actor, now), null, 2);
  return new Response(body, {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="personal-data-${calendarDateOf(now)}.json"`,
      "Cache-Control": "no-store",
    },
  });
}
