/**
 * Keeps a user-supplied redirect target on this site: only a path that starts
 * with one "/" (not "//" or "/\", which browsers treat as another host) and has
 * no control characters or scheme.
 */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof to !== "string" || !to) return fallback;
  const target = to.trim();
  if (!target.startsWith("/") || target.startsWith("//") || target.startsWith("/\\")) return fallback;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\]/.test(target)) return fallback;
  try {
    const url = new URL(target, "http://portal.invalid");
    if (url.host !== "portal.invalid") return fallback;
  } catch {
    return fallback;
  }
  return target;
}
