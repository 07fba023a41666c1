/**
 * The route tree with each page's namespaces (app/generated/route-namespaces.ts)
 * is generated from the routes and their modules; a route or a string use added
 * without `npm run i18n:routes` would send a page too few strings.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { generate, OUTPUT } from "../../scripts/route-namespaces";
import { pageResources } from "~/utils/i18n.server";

describe("strings sent per page", () => {
  it("the generated route tree is up to date (npm run i18n:routes)", () => {
    expect(readFileSync(OUTPUT, "utf8")).toBe(generate());
  }, 60_000);

  it("a page gets its own namespaces whole, the header's subtrees and every namespace's refusals, not the whole portal", () => {
    const call = pageResources("ru", "/calls/some-call");
    expect(Object.keys(call.calls!)).toContain("page");
    expect(Object.keys(call.finance!).sort()).toEqual(["error", "nav"]);
    expect(call.audit).toBeUndefined();
    expect(Object.keys(call.reviews!)).toContain("errors");
    expect(Object.keys(call.reviews!)).not.toContain("board");
    const board = pageResources("ru", "/review/some-call/board");
    expect(Object.keys(board.reviews!)).toContain("board");
  });
});
