import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { setUserLocale } from "~/domains/accounts/accounts.server";
import { isLocale } from "~/utils/i18n";
import { readForm } from "~/utils/forms.server";
import { localeCookie } from "~/utils/i18n.server";
import { clientIp } from "~/utils/rate-limit.server";
import { safeRedirect } from "~/utils/safe-redirect";
import { getActor } from "~/utils/session.server";

/** The language switcher posts here: remembered per user, or in a cookie for visitors. */
export async function action({ request }: ActionFunctionArgs) {
  const form = await readForm(request);
  const locale = form.get("locale");
  const to = safeRedirect(form.get("redirectTo"));
  if (!isLocale(locale)) return redirect(to);
  const actor = await getActor(request);
  if (actor) await setUserLocale(actor, locale, clientIp(request));
  return redirect(to, { headers: { "Set-Cookie": await localeCookie.serialize(locale) } });
}

export function loader() {
  return redirect("/");
}
