import type { LoaderFunctionArgs } from "@remix-run/node";
import { asResponse } from "~/domains/agreements/route-support.server";
import { contentDisposition } from "~/domains/files/file-rules";
import { buildExport, toCsv, toXlsx } from "~/domains/finance/exports.server";
import { resolveLocale } from "~/utils/i18n.server";
import { requirePermission } from "~/utils/session.server";

// Every finance table as CSV or XLSX (?format=), amounts in KGS.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "read:finance:any");
  const url = new URL(request.url);
  const format = url.searchParams.get("format") === "xlsx" ? "xlsx" : "csv";
  try {
    const table = await buildExport({ actor, name: params.table ?? "", params: url.searchParams, locale: await resolveLocale(request, actor.locale) });
    const stamp = new Date().toISOString().slice(0, 10);
    const headers = { "Content-Disposition": contentDisposition(`${table.name}-${stamp}.${format}`), "Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff" };
    if (format === "xlsx") {
      return new Response(new Uint8Array(await toXlsx(table)), {
        headers: { ...headers, "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
      });
    }
    return new Response(toCsv(table), { headers: { ...headers, "Content-Type": "text/csv; charset=utf-8" } });
  } catch (error) {
    asResponse(error);
  }
}
