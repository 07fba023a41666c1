import { prisma } from "~/utils/db.server";
import { localized, type AppLocale } from "~/utils/i18n";

type Names = { nameKy: string; nameRu: string; nameEn: string };

// Read on every page (the header and footer), changed a few times a year: kept for a short while.
const TTL_MS = 30_000;
let cached: { at: number; names: Names[] } | undefined;

async function municipalityNames(): Promise<Names[]> {
  if (cached && Date.now() - cached.at < TTL_MS) return cached.names;
  const names = await prisma.municipality.findMany({ select: { nameKy: true, nameRu: true, nameEn: true }, orderBy: { createdAt: "asc" }, take: 2 });
  cached = { at: Date.now(), names };
  return names;
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
  const names = await municipalityNames();
  return names.length === 1 ? localized(names[0]!, "name", locale) : null;
}
