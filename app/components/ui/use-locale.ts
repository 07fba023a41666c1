import { useRouteLoaderData } from "@remix-run/react";
import type { RootData } from "~/root";
import { DEFAULT_LOCALE, type AppLocale } from "~/utils/i18n";

/** The reader's language, as the root loader chose it (the default while the root has no data, e.g. on an error page). */
export function useLocale(): AppLocale {
  return useRouteLoaderData<RootData>("root")?.locale ?? DEFAULT_LOCALE;
}
