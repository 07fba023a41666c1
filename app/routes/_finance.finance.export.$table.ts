import type { LoaderFunctionArgs } from "@remix-run/node";
import { orRespond } from "~/utils/loader-refusal.server";
import { contentDisposition } from "~/domains/files/file-rules";
import { buildExport, toCsv, toXlsx } from "~/domains/finance/exports.server";
import { DomainError } from "~/utils/domain-error";
import { getFixedT, resolveLocale } from "~/utils/i18n.server";
import { requirePermission } from "~/utils/session.server";
import { calendarDateOf } from "~/utils/time";

// Every finance table as CSV or XLSX (?format=), amounts in KGS. The dashboard's tables take its
// choice (?year=&programme=) and name it in the file name and in the file's first line (decision 0062).
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "read:finance:any");
  const url = new URL(request.url);
  const format = url.searchParams.get("format") === "xlsx" ? "xlsx" : "csv";
  const locale = await resolveLocale(request, actor.locale);
  return orRespond(async () => {
    const table = await buildExport({ actor, name: params.table ?? "", params: url.searchParams, locale }).catch(async (error: unknown) => {
      // A year that is not one: say so in the reader's language rather than hand out another year's figures.
      if (!(error instanceof DomainError) || error.status !== 400) throw error;
      const t = await getFixedT(locale, "finance");
      throw new Response(t(error.code.replace(/^finance:/, ""), error.params), {
        status: 400,
        headers: { "Content-Type": "text/plain; charset=utf-8" },
      });
    });
    const stamp = calendarDateOf(new Date());
    const headers = {
      "Content-Disposition": contentDisposition(`${table.fileName}-${stamp}.${format}`),
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    };
    if (format === "xlsx") {
      return new Response(new Uint8Array(await toXlsx(table)), {
        headers: { ...headers, "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
      });
    }
    return new Response(toCsv(table), { headers: { ...headers, "Content-Type": "text/csv; charset=utf-8" } });
  });
}
