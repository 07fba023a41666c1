import { createContext, useContext, useMemo } from "react";
import { isLocale, type AppLocale } from "./i18n";
import { isRecord } from "./guards";

/**
 * The strings of a document rendered without the root loader's data. When an
 * action throws (a 403, a 404, a 413) and the root's ErrorBoundary catches it,
 * Remix runs no loader, so the page would show its keys instead of words. The
 * server hands the error page its locale and strings through this context and
 * writes them into the page, where the browser reads them when it hydrates.
 */
export type ErrorPageStrings = { locale: AppLocale; resources: Record<string, Record<string, unknown>> };

export const ErrorPageStringsContext = createContext<ErrorPageStrings | null>(null);

const ELEMENT_ID = "error-page-strings";

/** On the server the context; in the browser the copy the server wrote into the page. */
export function useErrorPageStrings(): ErrorPageStrings | null {
  const fromServer = useContext(ErrorPageStringsContext);
  return useMemo(() => {
    if (fromServer || typeof document === "undefined") return fromServer;
    const text = document.getElementById(ELEMENT_ID)?.textContent;
    return text ? errorPageStringsFrom(JSON.parse(text)) : null;
  }, [fromServer]);
}

/** The copy read back from the page: a locale and its namespaces of strings, as ErrorPageStringsScript wrote them. */
function errorPageStringsFrom(value: unknown): ErrorPageStrings | null {
  if (!isRecord(value) || !isLocale(value.locale) || !isRecord(value.resources)) return null;
  const resources: ErrorPageStrings["resources"] = {};
  for (const [ns, strings] of Object.entries(value.resources)) if (isRecord(strings)) resources[ns] = strings;
  return { locale: value.locale, resources };
}

/** The strings, written for the browser; `<` is escaped so that no text can close the script. */
export function ErrorPageStringsScript({ strings, nonce }: { strings: ErrorPageStrings; nonce: string }) {
  return (
    <script
      id={ELEMENT_ID}
      type="application/json"
      nonce={nonce}
      suppressHydrationWarning
      dangerouslySetInnerHTML={{ __html: JSON.stringify(strings).replace(/</g, "\\u003c") }}
    />
  );
}
