import { prisma } from "~/utils/db.server";
import { localized, type AppLocale } from "~/utils/i18n";

/** What the public pages and open data say of a municipality (never its staff or settings). */
export type PublicMunicipality = {
  id: string;
  slug: string;
  nameKy: string;
  nameRu: string;
  nameEn: string;
  region: string;
  ocidPrefix: string;
};

// Read on every page (the header and footer), changed a few times a year: kept for a short while.
const TTL_MS = 30_000;
let cached: { at: number; municipalities: PublicMunicipality[] } | undefined;

/** Every municipality the deployment serves, by region then Russian name (how a visitor looks one up). */
export async function listPublicMunicipalities(): Promise<PublicMunicipality[]> {
  if (cached && Date.now() - cached.at < TTL_MS) return cached.municipalities;
  const municipalities = await prisma.municipality.findMany({
    select: { id: true, slug: true, nameKy: true, nameRu: true, nameEn: true, region: true, ocidPrefix: true },
    orderBy: [{ region: "asc" }, { nameRu: "asc" }],
  });
  cached = { at: Date.now(), municipalities };
  return municipalities;
}

/** A profile or a new municipality shows at once in this process (others within TTL_MS). */
export function forgetPublisher() {
  cached = undefined;
}

/**
 * Who publishes this portal, as the header, footer and home page name it: the municipality's
 * name when the deployment serves one, null when it serves several (or none yet), where
 * each call, result and project names its own municipality instead.
 */
export async function portalPublisher(locale: AppLocale): Promise<string | null> {
  const municipalities = await listPublicMunicipalities();
  return municipalities.length === 1 ? localized(municipalities[0]!, "name", locale) : null;
}

/** The query parameter a public page is narrowed to one municipality by (its slug). */
export const MUNICIPALITY_PARAM = "municipality";

/**
 * The municipality a public page or open-data file is narrowed to (`?municipality=<slug>`), with
 * the list a visitor chooses from. No parameter (or an empty one) means all; an unknown slug is 404,
 * so that a mistyped address does not silently show every municipality's data as if it were one's.
 */
export async function publicMunicipalityScope(url: URL) {
  const municipalities = await listPublicMunicipalities();
  const slug = url.searchParams.get(MUNICIPALITY_PARAM)?.trim() ?? "";
  if (!slug) return { municipalities, chosen: null };
  const chosen = municipalities.find((m) => m.slug === slug);
  if (!chosen) throw new Response("Not found", { status: 404 });
  return { municipalities, chosen };
}
