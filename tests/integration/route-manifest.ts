// The build's route manifest for the sweeps (tenancy, fuzz, page titles, headers): every route with
// its full path, its params and the intents its action knows. Calling routes: tests/support/route-call.ts.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { ServerBuild } from "@remix-run/node";

export type RouteInfo = { id: string; path: string; params: string[]; hasLoader: boolean; hasAction: boolean; index: boolean };

/** Every route with a URL, its full path assembled from its parents. */
export function listRoutes(build: ServerBuild): RouteInfo[] {
  const routes = build.routes;
  const fullPath = (id: string): string => {
    const route = routes[id]!;
    const own = route.path ?? "";
    const parent = route.parentId ? fullPath(route.parentId) : "";
    return [parent, own].filter(Boolean).join("/");
  };
  return Object.keys(routes)
    .filter((id) => id !== "root")
    .map((id) => {
      const p = "/" + fullPath(id);
      return {
        id,
        path: p,
        params: [...p.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]!),
        hasLoader: Boolean(routes[id]!.module.loader),
        hasAction: Boolean(routes[id]!.module.action),
        index: Boolean(routes[id]!.index),
      };
    })
    .filter((r) => !r.path.includes("*"));
}

export function fillPath(routePath: string, values: Record<string, string>) {
  return routePath.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => encodeURIComponent(values[name] ?? "missing"));
}

/** Where a form of this route posts: an index route is addressed with ?index, as Remix's <Form> does. */
export function actionUrl(route: RouteInfo, values: Record<string, string>) {
  return fillPath(route.path, values) + (route.index ? "?index" : "");
}

/** The route module's source under app/ (a flat file, or every file of a route folder). */
export function sourceOf(route: RouteInfo): string {
  const base = path.resolve(import.meta.dirname, "../../app", route.id);
  for (const file of [`${base}.tsx`, `${base}.ts`]) if (existsSync(file)) return readFileSync(file, "utf8");
  // A folder route: its route file and the components beside it.
  if (existsSync(base))
    return readdirSync(base)
      .filter((f) => /\.tsx?$/.test(f) && !/\.test\./.test(f))
      .map((f) => readFileSync(path.join(base, f), "utf8"))
      .join("\n");
  throw new Error(`no source file for ${route.id}`);
}

/** The intent constants a route exports (`export const INTENT = { … } as const`), or null when it exports none. */
export function declaredIntents(build: ServerBuild, route: RouteInfo): string[] | null {
  const declared = (build.routes[route.id]!.module as { INTENT?: Record<string, unknown> }).INTENT;
  if (!declared || typeof declared !== "object") return null;
  return Object.values(declared).filter((v): v is string => typeof v === "string");
}

/** A value no action knows: every action must answer it with a 4xx, never a 500. */
export const UNKNOWN_INTENT = "no-such-intent";

/**
 * The intents to send to an action: "" (a form without one), each of the route's
 * exported INTENT constants, and one it does not know.
 */
export function intentsOf(build: ServerBuild, route: RouteInfo): string[] {
  const declared = declaredIntents(build, route);
  return declared ? ["", ...declared, UNKNOWN_INTENT] : [""];
}

/** Whether the route's source reads an `intent` field from a request or renders a form that sends one. */
export function readsIntent(route: RouteInfo): boolean {
  return /\.get\("intent"\)|\b(?:raw|form|fields|upload\.fields)\.intent\b|name="intent"|\bintentOf\(/.test(sourceOf(route));
}

/** Strings written in the source where an intent could be (a button's value, a comparison, a case, an `intent:` field); the meta-test fails on any that is a declared intent. */
export function literalIntents(route: RouteInfo): string[] {
  const source = sourceOf(route);
  const found = [
    ...source.matchAll(
      /name="intent"\s+value="([^"]+)"|\bintent\s*[!=]==?\s*"([^"]+)"|"([^"]+)"\s*[!=]==?\s*[\w.?]*intent\b|case\s+"([^"]+)"|\bintent:\s*"([^"]+)"/g,
    ),
  ].map((m) => (m[1] ?? m[2] ?? m[3] ?? m[4] ?? m[5])!);
  return [...new Set(found)];
}
