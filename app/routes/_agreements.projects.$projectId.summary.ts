import type { LoaderFunctionArgs } from "@remix-run/node";
import { renderProjectSummaryPdf } from "~/domains/agreements/public-projects.server";
import { orRespond } from "~/utils/loader-refusal.server";
import { contentDisposition } from "~/domains/files/file-rules";

// Public one-page summary for community meetings: ?lang=ky (default) or ?lang=ru.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const lang = new URL(request.url).searchParams.get("lang") === "ru" ? "ru" : "ky";
  return orRespond(async () => {
    const pdf = await renderProjectSummaryPdf(params.projectId ?? "", lang);
    return new Response(new Uint8Array(pdf), {
      headers: {
        "Content-Type": "application/pdf",
        "Content-Disposition": contentDisposition(`project-${lang}.pdf`, "inline"),
        "Cache-Control": "public, max-age=300",
        "X-Content-Type-Options": "nosniff",
      },
    });
  });
}
