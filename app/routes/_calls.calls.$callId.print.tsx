import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { pickText } from "~/components/calls/call-display";
import { CallDetails } from "~/components/calls/call-details";
import { callPhase } from "~/domains/calls/calls-rules";
import { getPublicCall } from "~/domains/calls/public-calls.server";
import callsStyles from "~/styles/calls.css";
import { getEnv } from "~/utils/env.server";
import { formatDateTime } from "~/utils/i18n";
import { resolveLocale } from "~/utils/i18n.server";
import { getActor } from "~/utils/session.server";
import { pageTitle } from "~/utils/page-title";
import { useLocale } from "~/components/ui/use-locale";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: callsStyles }];

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageTitle(matches, "titles.callPrint", data?.title, [{ name: "robots", content: "noindex" }]);

/** The call page without forms, laid out for paper; the print stylesheet drops the site's header and footer. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await getActor(request);
  const now = new Date();
  const call = await getPublicCall({ callId: params.callId ?? "", actor, now });
  if (!call) throw new Response("Not found", { status: 404 });
  const locale = await resolveLocale(request, actor?.locale);
  return {
    call,
    now,
    phase: callPhase(call, now),
    title: pickText(call, "title", locale).text,
    url: `${getEnv().PUBLIC_URL}/calls/${call.id}`,
  };
}

export default function PrintableCall() {
  const { call, now, phase, url } = useLoaderData<typeof loader>();
  const locale = useLocale();
  const { t } = useTranslation("calls");
  return (
    <div className="printable">
      <div className="print-toolbar no-print">
        <Link to={`/calls/${call.id}`}>{t("print.back")}</Link>
        <PrintButton />
        <p className="meta">{t("print.hint")}</p>
      </div>
      <CallDetails call={call} phase={phase} locale={locale} serverNow={now} printable />
      <p className="meta print-footer">{t("print.printedFrom", { url, date: formatDateTime(now, locale) })}</p>
    </div>
  );
}

function PrintButton() {
  const { t } = useTranslation("calls");
  return (
    <button type="button" className="button" onClick={() => window.print()}>
      {t("print.button")}
    </button>
  );
}
