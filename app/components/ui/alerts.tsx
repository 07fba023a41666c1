import { useSearchParams } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

// The one way a page tells a person what happened (architecture.md, "Forms"):
// a refusal or form-level error (FormAlert), a confirmation after a redirect
// (DoneNotice, from `?done=`), a state of the page worth a box (Notice), and a
// status word with a colour (Badge). All boxes are a Notice.

export type NoticeTone = "error" | "success" | "info" | "warn" | "neutral";

/**
 * A message box. An error is announced at once (role "alert"), anything else politely; a state
 * the page merely shows (a cancelled call, an incomplete commission) may ask for "status".
 */
export function Notice({ tone, role, children }: { tone: NoticeTone; role?: "alert" | "status"; children: ReactNode }) {
  return (
    <div className={`alert alert-${tone}`} role={role ?? (tone === "error" ? "alert" : "status")}>
      {children}
    </div>
  );
}

/** What FormAlert reads from an action's answer: the FormFailure fields it shows. */
type Answer = { intent?: string; formError?: string; formParams?: Record<string, string | number> } | null | undefined;

/**
 * A message for a whole form. Give it the action's answer (`failure`) and, on a page with
 * several forms, the `intent` of the form it stands beside; or a `code` of its own; or children.
 * Codes are namespaced keys ("ns:key"); a bare key is one of the "errors" namespace.
 */
export function FormAlert({
  failure,
  intent,
  code,
  params,
  tone = "error",
  children,
}: {
  failure?: Answer;
  intent?: string;
  code?: string;
  params?: Record<string, string | number>;
  tone?: "error" | "success";
  children?: ReactNode;
}) {
  const { t } = useTranslation("errors");
  const shown = failure && (intent === undefined || failure.intent === intent) ? failure : null;
  const key = code ?? shown?.formError;
  if (!key && !children) return null;
  return <Notice tone={tone}>{children ?? t(key!, { ...(params ?? shown?.formParams), defaultValue: t("forbidden") })}</Notice>;
}

/** The first error of one field of the form `intent` (omit it on a page with one form). */
export function fieldError(
  failure: { intent?: string; errors?: Record<string, string[] | undefined> } | null | undefined,
  name: string,
  intent?: string,
) {
  if (!failure || (intent !== undefined && failure.intent !== intent)) return undefined;
  return failure.errors?.[name]?.[0];
}

/**
 * The confirmation after a redirect to `?done=<key>`: the string `done.<key>` of the page's
 * namespace, announced politely. Keys the namespace does not have show nothing (a hand-made link
 * cannot put words on the page). Hidden while the page shows a fresh refusal (`hidden`).
 */
export function DoneNotice({ ns, params, hidden }: { ns: string; params?: Record<string, string | number>; hidden?: boolean }) {
  const { t, i18n } = useTranslation(ns);
  const [search] = useSearchParams();
  const key = search.get("done");
  if (!key || hidden || !/^[A-Za-z0-9_]+$/.test(key) || !i18n.exists(`done.${key}`, { ns })) return null;
  return <Notice tone="success">{t(`done.${key}`, { ...Object.fromEntries(search), ...params })}</Notice>;
}

/** The path with `?done=<key>` (kept query parameters first), for an action's redirect after it succeeded. */
export function donePath(path: string, key: string, params: Record<string, string> = {}) {
  const [pathname, query = ""] = path.split("?");
  const search = new URLSearchParams(query);
  for (const [name, value] of Object.entries(params)) search.set(name, value);
  search.set("done", key);
  return `${pathname}?${search}`;
}

export type BadgeTone = "ok" | "bad" | "wait" | "info" | "neutral";

/** A status as a word with a colour; the word alone carries the meaning. */
export function Badge({ tone, children }: { tone: BadgeTone; children: ReactNode }) {
  return <span className={`badge badge-${tone}`}>{children}</span>;
}
