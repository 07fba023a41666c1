/**
 * Keeps a user-supplied redirect target on this site: only a path that starts
 * with one "/" (not "//" or "/\", which browsers treat as another host) and has
 * no control characters or scheme. Characters beyond ASCII are percent-encoded
 * as UTF-8: a Location header holds only Latin-1, and /x嘊 would otherwise be
 * a 500 (issue 17, item 10); the browser shows the same address either way.
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
  try {
    // eslint-disable-next-line no-control-regex
    return target.replace(/[^\u0000-\u007f]+/g, (text) => encodeURIComponent(text));
  } catch {
    // A lone surrogate has no UTF-8 form.
    return fallback;
  }
}
