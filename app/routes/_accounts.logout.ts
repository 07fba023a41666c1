import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { recordSecurityEvent } from "~/domains/accounts/accounts.server";
import { clientIp } from "~/utils/rate-limit.server";
import { destroyUserSession, getActor } from "~/utils/session.server";

export async function action({ request }: ActionFunctionArgs) {
  const actor = await getActor(request);
  const cookie = await destroyUserSession(request);
  if (actor) await recordSecurityEvent({ action: "user.logged_out", userId: actor.id, label: actor.label, ipAddress: clientIp(request) });
  return redirect("/", { headers: { "Set-Cookie": cookie } });
}

export function loader() {
  return redirect("/");
}
